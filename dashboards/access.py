"""Who is asking, and what they may read: the roles of the dashboard, enforced where data is read.

Three roles (issue: district officers):
- ``state``: everything;
- ``district:<name>``: that district in full (profile, service detail, case lists and their
  downloads) and every other district only in the comparison views (overview, scorecard,
  explorer, quality), which hold no district's detail;
- ``analyst``: every aggregate, no case list.

The queries of dashboards/data call ``require_district_detail`` / ``require_case_lists`` before
they read, so a forged address or callback payload for another district is refused whatever
the page shows or hides. A refusal raises ``AccessDenied`` (HTTP 403), is logged and is
written to the audit log by the hook the sign-in layer installs (``on_refusal``).

Outside a request (notebooks, the command line, warm-up, tests of the queries) no one is
signed in and nothing is restricted: those readers never pass through the dashboard's
sign-in (they open the reader snapshot, which holds no personal field). Inside a request of
an app without sign-in configured (loopback only, see dashboards/auth) the reader is the
local ``state`` user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import g, has_request_context
from werkzeug.exceptions import Forbidden

from warehouse.districts import UnknownDistrictError, canonical_district

log = logging.getLogger(__name__)

ROLES = ("state", "analyst", "district")
_PRINCIPAL = "jansewa_principal"


class RoleError(ValueError):
    """A role written in a users file or mapped from an identity provider's group is not one
    of state, analyst or district:<one of the 22 districts>."""


class AccessDenied(Forbidden):
    """A signed-in user asked for what their role does not allow (HTTP 403)."""


@dataclass(frozen=True)
class Principal:
    """A signed-in user: who (``user``: the sign-in name or the provider's subject), the name
    shown on the page, the role, its district (for ``district`` only) and how they signed in."""

    user: str
    name: str
    role: str
    district: str | None = None
    via: str = "local"

    @property
    def role_text(self) -> str:
        """The role as written in the users file: state, analyst or district:<name>."""
        return f"district:{self.district}" if self.role == "district" else self.role


LOCAL_STATE = Principal(user="local", name="local", role="state", via="local")


def parse_role(text: str) -> tuple[str, str | None]:
    """('state'|'analyst'|'district', district or None) from 'state', 'analyst' or
    'district:<name>' (any spelling of the district the reference table knows)."""
    value = (text or "").strip()
    if value in ("state", "analyst"):
        return value, None
    kind, _, name = value.partition(":")
    if kind.strip() == "district" and name.strip():
        try:
            return "district", canonical_district(name.strip())
        except UnknownDistrictError:
            raise RoleError(f"unknown district in role {text!r}") from None
    raise RoleError(f"role {text!r} is not state, analyst or district:<name>")


def set_principal(principal: Principal | None) -> None:
    """Record who makes the current request (the sign-in layer calls this first)."""
    setattr(g, _PRINCIPAL, principal)


def current_principal() -> Principal | None:
    """The signed-in user of this request; None outside a request (no restriction)."""
    if not has_request_context():
        return None
    return getattr(g, _PRINCIPAL, None) or LOCAL_STATE


# Called with (principal, what was refused) before AccessDenied is raised: the sign-in layer
# writes the audit row. A list so that several apps in one process (tests) each add theirs.
_refusal_hooks: list[Callable[[Principal, str], None]] = []


def on_refusal(hook: Callable[[Principal, str], None]) -> None:
    """Have ``hook(principal, what)`` called on every refusal (once per hook)."""
    if hook not in _refusal_hooks:
        _refusal_hooks.append(hook)


def refuse(principal: Principal, what: str) -> None:
    """Log, audit and raise the refusal of ``what`` to ``principal``."""
    log.warning("refused %s (%s) %s", principal.user, principal.role_text, what)
    for hook in _refusal_hooks:
        hook(principal, what)
    raise AccessDenied(f"Your role ({principal.role_text}) does not allow {what}.")


def may_see_district_detail(principal: Principal | None, district: str | None) -> bool:
    """Whether ``principal`` may read one district's detail (None: every district's)."""
    if principal is None or principal.role in ("state", "analyst"):
        return True
    return district is not None and district == principal.district


def require_district_detail(district: str | None) -> None:
    """Refuse a district officer another district's detail (or every district's at once)."""
    principal = current_principal()
    if not may_see_district_detail(principal, district):
        refuse(principal, f"the detail of {district or 'every district'}")


def may_see_case_lists(principal: Principal | None, district: str | None) -> bool:
    """Whether ``principal`` may read the case lists of ``district`` (None: all districts)."""
    if principal is None or principal.role == "state":
        return True
    if principal.role == "analyst":
        return False
    return district is not None and district == principal.district


def require_case_lists(district: str | None) -> None:
    """Refuse the case lists to analysts, and to a district officer outside their district."""
    principal = current_principal()
    if not may_see_case_lists(principal, district):
        refuse(principal, f"the case lists of {district or 'every district'}")


def own_district() -> str | None:
    """The district a district officer is limited to; None for everyone else."""
    principal = current_principal()
    return principal.district if principal is not None and principal.role == "district" else None


def detail_districts(names: list[str]) -> list[str]:
    """Of ``names``, the districts whose detail the current user may pick: their own only
    for a district officer, every one for everyone else."""
    own = own_district()
    return [own] if own is not None else list(names)
