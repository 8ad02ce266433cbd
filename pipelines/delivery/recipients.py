"""Who receives alerts and digests: warehouse/reference/recipients.yml, read and checked.

The file is reviewed like the scorecard weights: addresses are configuration that someone
approved, not values the pipeline learns. It holds addresses and URLs only, never a
credential (a URL with a user or password in it is refused). A bad file is refused whole,
with one line naming the file and the entry, so a typo never sends half the messages.
JANSEWA_RECIPIENTS may name another file (a test, a staging server); it is checked the same.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from warehouse.districts import STATE, district_names
from warehouse.yaml_files import load_yaml

RECIPIENTS_FILE = Path(__file__).resolve().parents[2] / "warehouse" / "reference" / "recipients.yml"
SEVERITIES = ("warning", "critical")
LANGS = ("en", "hi")
ALL = "all"
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


class RecipientsError(ValueError):
    """The recipients file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    name_hi: str
    severities: tuple[str, ...]
    kinds: tuple[str, ...] | None  # None: every kind
    digest: bool

    def receives(self, severity: str, kind: str) -> bool:
        """Whether an alert of this severity and kind is for this role."""
        return severity in self.severities and (self.kinds is None or kind in self.kinds)


@dataclass(frozen=True)
class Recipient:
    district: str  # canonical district, or Haryana (every district)
    role: Role
    lang: str
    email: tuple[str, ...]
    webhooks: tuple[str, ...]

    @property
    def id(self) -> str:
        """'Jhajjar/dc_office': the outbox's recipient key."""
        return f"{self.district}/{self.role.id}"

    def covers(self, district: str) -> bool:
        """Whether alerts of ``district`` reach this recipient (the state's reach all)."""
        return self.district in (district, STATE)


@dataclass(frozen=True)
class Recipients:
    placeholders: bool  # the file's addresses are made up: nothing may be sent to them
    entries: tuple[Recipient, ...]
    source: str  # the file's name, for messages

    def for_alert(self, district: str, severity: str, kind: str) -> list[Recipient]:
        return [r for r in self.entries if r.covers(district) and r.role.receives(severity, kind)]

    def for_digest(self, district: str) -> list[Recipient]:
        return [r for r in self.entries if r.district == district and r.role.digest]

    def digest_districts(self) -> list[str]:
        """Districts with at least one digest recipient, in the reference order."""
        wanted = {r.district for r in self.entries if r.role.digest}
        return [d for d in district_names() if d in wanted]

    def by_id(self) -> dict[str, Recipient]:
        return {r.id: r for r in self.entries}


def recipients_path() -> Path:
    """JANSEWA_RECIPIENTS, else the reviewed file."""
    return Path(os.environ.get("JANSEWA_RECIPIENTS") or RECIPIENTS_FILE)


def load_recipients(path: Path | None = None) -> Recipients:
    """The recipients file, checked; RecipientsError (one line) when anything is wrong."""
    path = Path(path or recipients_path())
    name = path.name
    try:
        spec = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecipientsError(f"{path}: no recipients file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise RecipientsError(f"{name}: not valid YAML{where}") from None
    if not isinstance(spec, dict):
        raise RecipientsError(f"{name}: expected a mapping with 'roles' and 'recipients'")
    unknown = set(spec) - {"placeholders", "roles", "recipients"}
    if unknown:
        raise RecipientsError(f"{name}: unknown top-level key {sorted(unknown)[0]!r}")
    placeholders = spec.get("placeholders", False)
    if not isinstance(placeholders, bool):
        raise RecipientsError(f"{name}: 'placeholders' must be true or false")
    roles = _roles(name, spec.get("roles"))
    raw = spec.get("recipients") or []
    if not isinstance(raw, list):
        raise RecipientsError(f"{name}: 'recipients' must be a list")
    entries: list[Recipient] = []
    seen: set[str] = set()
    for position, item in enumerate(raw):
        recipient = _recipient(name, position, item, roles)
        if recipient.id in seen:
            raise RecipientsError(f"{name}: recipients[{position}] ({recipient.id}): listed twice")
        seen.add(recipient.id)
        entries.append(recipient)
    return Recipients(placeholders=placeholders, entries=tuple(entries), source=name)


def _strings(where: str, field: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RecipientsError(f"{where}: '{field}' must be a list of strings")
    return tuple(v.strip() for v in value)


def _roles(name: str, raw: object) -> dict[str, Role]:
    if not isinstance(raw, dict) or not raw:
        raise RecipientsError(f"{name}: expected a non-empty mapping under 'roles'")
    roles = {}
    for role_id, body in raw.items():
        where = f"{name}: roles.{role_id}"
        if not isinstance(role_id, str) or not _ID.match(role_id):
            raise RecipientsError(f"{where}: a role id is lower-case letters, digits and _")
        if not isinstance(body, dict):
            raise RecipientsError(f"{where}: expected a mapping")
        extra = set(body) - {"name", "name_hi", "severities", "kinds", "digest"}
        if extra:
            raise RecipientsError(f"{where}: unknown field {sorted(extra)[0]!r}")
        texts = {f: body.get(f) for f in ("name", "name_hi")}
        for field, text in texts.items():
            if not isinstance(text, str) or not text.strip():
                raise RecipientsError(f"{where}: '{field}' is required")
        if not re.search(r"[\u0900-\u097f]", texts["name_hi"]):
            raise RecipientsError(f"{where}: 'name_hi' must be written in Devanagari")
        severities = _strings(where, "severities", body.get("severities"))
        bad = [s for s in severities if s not in SEVERITIES]
        if not severities or bad:
            raise RecipientsError(
                f"{where}: 'severities' must list warning and/or critical"
                + (f", not {bad[0]!r}" if bad else "")
            )
        kinds_value = body.get("kinds", ALL)
        kinds = None if kinds_value == ALL else _strings(where, "kinds", kinds_value)
        if kinds == ():
            raise RecipientsError(f"{where}: 'kinds' must be all or a non-empty list")
        digest = body.get("digest", False)
        if not isinstance(digest, bool):
            raise RecipientsError(f"{where}: 'digest' must be true or false")
        roles[role_id] = Role(
            role_id, texts["name"].strip(), texts["name_hi"].strip(), severities, kinds, digest
        )
    return roles


def _recipient(name: str, position: int, item: object, roles: dict[str, Role]) -> Recipient:
    where = f"{name}: recipients[{position}]"
    if not isinstance(item, dict):
        raise RecipientsError(f"{where}: expected a mapping")
    where += f" ({item.get('district')}/{item.get('role')})"
    extra = set(item) - {"district", "role", "lang", "email", "webhooks"}
    if extra:
        raise RecipientsError(f"{where}: unknown field {sorted(extra)[0]!r}")
    district = item.get("district")
    if district != STATE and district not in district_names():
        raise RecipientsError(
            f"{where}: unknown district {district!r} (a canonical name of districts.csv, "
            f"or {STATE})"
        )
    role = roles.get(item.get("role"))
    if role is None:
        raise RecipientsError(f"{where}: unknown role {item.get('role')!r}")
    lang = item.get("lang")
    if lang not in LANGS:
        raise RecipientsError(f"{where}: 'lang' must be en or hi, not {lang!r}")
    email = _strings(where, "email", item.get("email"))
    for address in email:
        if not _EMAIL.match(address):
            raise RecipientsError(f"{where}: not an e-mail address: {address!r}")
    webhooks = _strings(where, "webhooks", item.get("webhooks"))
    for url in webhooks:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RecipientsError(f"{where}: not an http(s) URL: {url!r}")
        if parts.username or parts.password:
            # credentials come from the environment, never from a reviewed file
            raise RecipientsError(f"{where}: a webhook URL may not hold a user or password")
    if not email and not webhooks:
        raise RecipientsError(f"{where}: give at least one 'email' address or 'webhooks' URL")
    return Recipient(district, role, lang, email, webhooks)
