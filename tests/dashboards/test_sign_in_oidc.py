"""Sign-in through an OpenID Connect provider: a real one on loopback (oidc-provider-mock, a
maintained mock of the protocol that issues signed ID tokens), started by the test. The
dashboard's Flask server is driven through its test client; the provider over HTTP."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import oidc_provider_mock
import pytest
import requests

from dashboards import audit_log
from dashboards.app import create_app
from dashboards.auth import AuthSettings
from dashboards.auth.oidc import NoRoleError, principal_from_claims
from tests.dashboards.signin import SECRET, csrf_header

PUBLIC = "http://127.0.0.1:8050"


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc_app(warehouse, tmp_path, provider):
    roles = tmp_path / "roles.yml"
    roles.write_text(
        "jansewa-state-cell: state\ndc-office-jhajjar: district:Jhajjar\nresearch: analyst\n"
    )
    settings = AuthSettings(
        secret_key=SECRET,
        oidc_issuer=provider,
        oidc_client_id="jansewa-dashboard",
        oidc_client_secret="client-secret",
        oidc_roles=roles,
        public_url=PUBLIC,
        audit_db=tmp_path / "audit.sqlite",
    )
    return create_app(warehouse, settings).server, settings


def _user(provider: str, sub: str, **claims) -> None:
    answer = requests.put(f"{provider}/users/{quote(sub)}", json=claims, timeout=10)
    assert answer.status_code == 204


def _sign_in(client, sub: str, next_url: str = "/"):
    """The authorisation code flow: our redirect, the provider's form, back to us."""
    start = client.get(f"/auth/oidc/start?next={next_url}")
    assert start.status_code == 302
    authorize = start.headers["Location"]
    assert "redirect_uri=" + quote(f"{PUBLIC}/auth/oidc/callback", safe="") in authorize
    consent = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert consent.status_code == 302
    back = urlsplit(consent.headers["Location"])
    assert f"{back.scheme}://{back.netloc}" == PUBLIC
    return client.get(f"{back.path}?{back.query}")


def test_a_district_officer_signs_in_through_the_provider(oidc_app, provider, warehouse):
    server, settings = oidc_app
    _user(provider, "u-1001", name="DC office Jhajjar", groups=["dc-office-jhajjar", "staff"])
    client = server.test_client()
    page = client.get("/login")
    assert "Sign in with the state&#39;s identity provider" in page.get_data(as_text=True)
    answer = _sign_in(client, "u-1001", "/district")
    assert answer.status_code == 302 and answer.headers["Location"] == "/district"
    assert client.get("/district?district=Jhajjar").status_code == 200
    assert client.get("/district?district=Hisar").status_code == 403
    signed = audit_log.recent(settings.audit_db, 10, "sign_in")
    assert signed[0]["via"] == "oidc" and signed[0]["role"] == "district:Jhajjar"
    # The callback payload path is guarded too.
    from tests.dashboards.signin import callback_body

    body = callback_body(warehouse, "district.funnels", {"district-district.value": "Hisar"})
    forged = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    assert forged.status_code == 403


def test_a_user_without_a_mapped_group_is_not_signed_in(oidc_app, provider):
    server, settings = oidc_app
    _user(provider, "u-2002", name="Someone", groups=["staff"])
    client = server.test_client()
    answer = _sign_in(client, "u-2002")
    assert answer.status_code == 403
    assert "Sign-in failed" in answer.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still not signed in
    failed = audit_log.recent(settings.audit_db, 10, "sign_in_failed")
    assert failed[0]["user"] == "u-2002" and "no group" in failed[0]["what"]


def test_a_forged_callback_state_is_refused(oidc_app, provider):
    server, settings = oidc_app
    _user(provider, "u-3003", groups=["jansewa-state-cell"])
    client = server.test_client()
    client.get("/auth/oidc/start")
    answer = client.get("/auth/oidc/callback?code=made-up&state=made-up")
    assert answer.status_code == 400
    assert audit_log.recent(settings.audit_db, 10, "sign_in_failed")


def test_groups_to_roles(tmp_path):
    roles = tmp_path / "roles.yml"
    roles.write_text("cell: state\ndc-hisar: district:Hisar\ndc-rohtak: district:Rohtak\n")
    settings = AuthSettings(oidc_roles=roles)

    def role(**claims):
        p = principal_from_claims({"sub": "s", **claims}, settings)
        return p.role_text

    assert role(groups=["dc-hisar"]) == "district:Hisar"
    assert role(groups=["dc-hisar", "cell"]) == "state"  # the widest role wins
    assert role(groups="analyst") == "analyst"  # a group named as a role needs no mapping
    assert role(groups=["district:Nuh"]) == "district:Nuh"
    with pytest.raises(NoRoleError, match="more than one district"):
        role(groups=["dc-hisar", "dc-rohtak"])
    with pytest.raises(NoRoleError):
        role(groups=[])
