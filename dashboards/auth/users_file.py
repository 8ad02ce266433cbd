"""The local users file, for installations without an identity provider.

A YAML file (``JANSEWA_USERS_FILE``) that an administrator edits with ``jansewa users``:

    users:
      - user: dc.jhajjar
        name: DC office, Jhajjar
        role: district:Jhajjar
        password: $argon2id$v=19$m=65536,t=3,p=4$...

Passwords are kept only as argon2id hashes (argon2-cffi: salted, memory-hard, its parameters
in the hash so they can be raised later). An unknown user costs the same hash check as a
wrong password, so the time of an answer does not tell which names exist. The file is read
on every sign-in, so a user added or removed takes effect without a restart.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboards.access import Principal, parse_role
from warehouse.yaml_files import load_yaml

_HASHER = PasswordHasher()
# Checked when the user is unknown, so that answer takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")
MIN_PASSWORD_LENGTH = 10


class UsersFileError(ValueError):
    """The users file cannot be read or an entry in it is wrong (the message says which)."""


@dataclass(frozen=True)
class UserEntry:
    user: str
    name: str
    role: str
    password_hash: str


def load_users(path: Path) -> dict[str, UserEntry]:
    """Every entry of the file by sign-in name; a malformed file or entry is refused whole."""
    try:
        document = load_yaml(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise UsersFileError(f"cannot read the users file {path}: {exc}") from None
    entries: dict[str, UserEntry] = {}
    for number, item in enumerate(document.get("users") or [], start=1):
        if not isinstance(item, dict) or not item.get("user") or not item.get("password"):
            raise UsersFileError(f"{path}: entry {number} needs at least user and password")
        user = str(item["user"]).strip()
        parse_role(str(item.get("role", "")))  # refuses an unknown role or district
        if user in entries:
            raise UsersFileError(f"{path}: user {user!r} appears twice")
        entries[user] = UserEntry(
            user=user,
            name=str(item.get("name") or user),
            role=str(item["role"]).strip(),
            password_hash=str(item["password"]),
        )
    return entries


def verify_password(path: Path, user: str, password: str) -> Principal | None:
    """The signed-in user when ``password`` is right for ``user``; None otherwise."""
    entry = load_users(path).get((user or "").strip())
    try:
        _HASHER.verify(entry.password_hash if entry else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if entry is None:
        return None
    role, district = parse_role(entry.role)
    return Principal(user=entry.user, name=entry.name, role=role, district=district, via="local")


def _write(path: Path, entries: dict[str, UserEntry]) -> None:
    """Replace the file atomically, readable by its owner only (it holds password hashes)."""
    document = {
        "users": [
            {"user": e.user, "name": e.name, "role": e.role, "password": e.password_hash}
            for e in sorted(entries.values(), key=lambda e: e.user)
        ]
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".users-", suffix=".yml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("# Jansewa users (jansewa users add/remove). Passwords are argon2id hashes.\n")
        yaml.safe_dump(document, out, allow_unicode=True, sort_keys=False)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def set_user(path: Path, user: str, role: str, password: str, name: str | None = None) -> None:
    """Add ``user`` or change their role, name and password."""
    user = (user or "").strip()
    if not user or any(c.isspace() for c in user):
        raise UsersFileError("a user name must be one word without spaces")
    kind, district = parse_role(role)  # stored as canonically spelled: district:Hisar
    role = f"district:{district}" if district else kind
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UsersFileError(f"a password must have at least {MIN_PASSWORD_LENGTH} characters")
    entries = load_users(path) if Path(path).exists() else {}
    entries[user] = UserEntry(user, name or user, role, _HASHER.hash(password))
    _write(path, entries)


def remove_user(path: Path, user: str) -> bool:
    """Remove ``user``; False when there was no such user."""
    entries = load_users(path)
    if entries.pop(user, None) is None:
        return False
    _write(path, entries)
    return True
