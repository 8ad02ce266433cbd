"""Sign-in through the state's identity provider (OpenID Connect, authorisation code flow).

Authlib's Flask client does the protocol: discovery from the issuer, state and nonce in the
session, the code exchanged for tokens, the ID token's signature, issuer, audience, expiry
and nonce checked. What is ours is only how a user's groups become a role:

- ``JANSEWA_OIDC_ROLES`` (YAML) maps group names to roles, e.g.
      jansewa-state-cell: state
      jansewa-analysts: analyst
      dc-office-jhajjar: district:Jhajjar
- a group spelled as a role itself ("state", "analyst", "district:Jhajjar") needs no mapping.

A user whose groups map to no role is not signed in (and the refusal is audited); one whose
groups map to several takes the widest (state, then analyst, then a district), and two
different districts are refused as ambiguous rather than guessed.
"""

from __future__ import annotations

from pathlib import Path

from authlib.integrations.flask_client import OAuth

from dashboards.access import Principal, RoleError, parse_role
from dashboards.auth.settings import AuthSettings
from warehouse.yaml_files import load_yaml

PROVIDER = "idp"
_ORDER = {"state": 0, "analyst": 1, "district": 2}


class NoRoleError(ValueError):
    """The provider's user has no group that maps to a role of this dashboard."""


def register_provider(server, settings: AuthSettings) -> OAuth:
    """The Authlib client of the configured provider, registered on ``server``."""
    oauth = OAuth(server)
    oauth.register(
        PROVIDER,
        server_metadata_url=f"{settings.oidc_issuer}/.well-known/openid-configuration",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        client_kwargs={"scope": settings.oidc_scope},
    )
    return oauth


def load_group_roles(path: Path | None) -> dict[str, str]:
    """{group: role} from the mapping file (every role checked); empty without one."""
    if path is None:
        return {}
    mapping = load_yaml(Path(path).read_text(encoding="utf-8")) or {}
    for group, role in mapping.items():
        try:
            parse_role(str(role))
        except RoleError as exc:
            raise RoleError(f"{path}: group {group!r}: {exc}") from None
    return {str(group): str(role) for group, role in mapping.items()}


def principal_from_claims(claims: dict, settings: AuthSettings) -> Principal:
    """The signed-in user from the ID token's (or userinfo's) claims."""
    groups = claims.get(settings.oidc_groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = load_group_roles(settings.oidc_roles)
    roles = set()
    for group in groups:
        text = mapping.get(str(group), str(group))
        try:
            roles.add(parse_role(text))
        except RoleError:
            continue  # a group of the provider that means nothing here
    if not roles:
        raise NoRoleError("no group of this user maps to a Jansewa role")
    best = min(roles, key=lambda r: _ORDER[r[0]])
    if best[0] == "district" and len(roles) > 1:
        raise NoRoleError("this user's groups name more than one district")
    subject = str(claims.get("sub"))
    shown = claims.get("name") or claims.get("preferred_username") or claims.get("email")
    return Principal(
        user=str(claims.get("preferred_username") or claims.get("email") or subject),
        name=str(shown or subject),
        role=best[0],
        district=best[1],
        via="oidc",
    )
