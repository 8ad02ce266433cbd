"""Sign-in against the users file, sessions, CSRF, idle timeout, roles and the audit log,
through the app's real Flask server (its test client: the same routes and hooks gunicorn runs).
The identity-provider path: test_sign_in_oidc.py; in Chromium: test_browser_sign_in.py."""

from __future__ import annotations

import json
import time

import pytest

from dashboards import audit_log
from dashboards.auth import AuthConfigError, AuthSettings, refuse_open_bind
from dashboards.auth.users_file import UsersFileError, load_users, set_user, verify_password
from tests.dashboards.signin import (
    PASSWORD,
    callback_body,
    csrf_header,
    sign_in,
    signed_app,
)

CALLBACK = "/_dash-update-component"


@pytest.fixture
def signed(warehouse, tmp_path):
    app, settings = signed_app(warehouse, tmp_path)
    return app.server, settings


def _events(settings, event=None):
    return audit_log.recent(settings.audit_db, 100, event)


def test_the_users_file_keeps_only_salted_argon2_hashes(tmp_path):
    path = tmp_path / "users.yml"
    set_user(path, "a", "state", PASSWORD)
    set_user(path, "b", "state", PASSWORD)
    text = path.read_text()
    assert PASSWORD not in text
    hashes = [u.password_hash for u in load_users(path).values()]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert hashes[0] != hashes[1]  # salted: one password, two hashes
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert verify_password(path, "a", PASSWORD).role == "state"
    assert verify_password(path, "a", PASSWORD + "x") is None
    assert verify_password(path, "nobody", PASSWORD) is None
    with pytest.raises(UsersFileError, match="at least 10"):
        set_user(path, "c", "state", "short")
    with pytest.raises(ValueError, match="unknown district"):
        set_user(path, "c", "district:Atlantis", PASSWORD)
    set_user(path, "d", "district:gurgaon", PASSWORD)  # an alias is folded to its district
    assert verify_password(path, "d", PASSWORD).district == "Gurugram"


def test_nothing_is_served_before_sign_in(signed):
    server, _ = signed
    client = server.test_client()
    page = client.get("/district?district=Jhajjar")
    assert page.status_code == 302
    assert page.headers["Location"] == "/login?next=%2Fdistrict%3Fdistrict%3DJhajjar"
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/data-docs/").status_code == 302
    body = callback_body(server.config["JANSEWA_WAREHOUSE"], "district.funnels", {})
    assert client.post(CALLBACK, json=body).status_code == 401
    assert client.get("/login").status_code == 200  # the form itself is open
    assert client.get("/assets/style.css").status_code == 200


def test_sign_in_wrong_password_then_right(signed):
    server, settings = signed
    client = server.test_client()
    wrong = sign_in(client, "cell", "not the password")
    assert wrong.status_code == 401
    assert "not right" in wrong.get_data(as_text=True)
    right = sign_in(client, "cell", next_url="/explorer?kpi=calls_received")
    assert right.status_code == 302
    assert right.headers["Location"] == "/explorer?kpi=calls_received"
    assert client.get("/explorer").status_code == 200
    session = client.get_cookie("jansewa_session")
    assert session.http_only and session.same_site == "Lax"
    events = [(r["event"], r["user"], r["outcome"]) for r in _events(settings)]
    assert ("sign_in_failed", "cell", "ok") in events and ("sign_in", "cell", "ok") in events
    assert all(PASSWORD not in json.dumps(r) for r in _events(settings))


def test_next_never_leaves_the_site(signed):
    server, _ = signed
    client = server.test_client()
    answer = sign_in(client, "cell", next_url="//evil.example/x")
    assert answer.headers["Location"] == "/"


def test_a_form_without_its_csrf_token_is_refused(signed):
    server, settings = signed
    client = server.test_client()
    answer = client.post("/login", data={"user": "cell", "password": PASSWORD})
    assert answer.status_code == 400
    assert client.get("/").status_code == 302  # not signed in
    sign_in(client, "cell")
    body = callback_body(server.config["JANSEWA_WAREHOUSE"], "district.funnels", {})
    body["inputs"][0]["value"] = "Jhajjar"
    # A callback without the header Dash sends (a page of another site posting) is refused;
    # with it, answered.
    assert client.post(CALLBACK, json=body).status_code == 400
    assert client.post(CALLBACK, json=body, headers=csrf_header(client)).status_code == 200
    assert client.post("/logout").status_code == 400  # sign-out is a form with a token too
    assert any("CSRF" in (r["what"] or "") for r in _events(settings, "refused"))


def test_the_session_ends_after_the_idle_time(warehouse, tmp_path, monkeypatch):
    app, settings = signed_app(warehouse, tmp_path, idle_minutes=1)
    client = app.server.test_client()
    sign_in(client, "cell")
    assert client.get("/").status_code == 200
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    back = client.get("/")
    assert back.status_code == 302 and "expired=1" in back.headers["Location"]
    assert "ended after a time without use" in client.get(back.headers["Location"]).text
    assert [r["user"] for r in _events(settings, "idle_timeout")] == ["cell"]


def test_sign_out_ends_the_session(signed):
    server, settings = signed
    client = server.test_client()
    sign_in(client, "cell")
    page = client.get("/login")  # any form carries the session's token
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post("/logout", data={"csrf_token": token})
    assert answer.status_code == 302 and "signed_out" in answer.headers["Location"]
    assert client.get("/").status_code == 302
    assert [r["user"] for r in _events(settings, "sign_out")] == ["cell"]


def _district_call(client, warehouse, name, district):
    body = callback_body(
        warehouse,
        name,
        {
            f"{name.split('.')[0]}-district.value": district,
            "district-grain.value": "month",
            "district-period.value": "2020-05-01",
            "district-lang.data": "en",
            "cases-lang.data": "en",
        },
    )
    return client.post(CALLBACK, json=body, headers=csrf_header(client))


@pytest.mark.parametrize(
    "name", ["district.funnels", "district.mix", "district.gaming", "district.eoffice"]
)
def test_a_district_officer_reads_only_their_district_detail(signed, warehouse, name):
    server, settings = signed
    client = server.test_client()
    sign_in(client, "dc.jhajjar")
    assert _district_call(client, warehouse, name, "Jhajjar").status_code == 200
    forged = _district_call(client, warehouse, name, "Hisar")
    assert forged.status_code == 403
    assert "district:Jhajjar" in forged.get_json()["message"]
    refused = _events(settings, "refused")
    assert refused[0]["user"] == "dc.jhajjar" and "Hisar" in refused[0]["what"]
    assert refused[0]["outcome"] == "403"


def test_a_forged_page_address_is_refused(signed):
    server, settings = signed
    client = server.test_client()
    sign_in(client, "dc.jhajjar")
    assert client.get("/district?district=Jhajjar").status_code == 200
    forged = client.get("/district?district=Hisar")
    assert forged.status_code == 403
    assert "Not allowed" in forged.get_data(as_text=True)
    assert client.get("/cases?district=Hisar").status_code == 403
    assert client.get("/audit").status_code == 403
    # The comparisons stay open to a district officer.
    assert client.get("/explorer?kpi=calls_received").status_code == 200
    assert client.get("/scorecard").status_code == 200
    assert len(_events(settings, "refused")) == 3


def test_case_lists_by_role(signed, warehouse):
    server, _ = signed
    officer, analyst, cell = (server.test_client() for _ in range(3))
    sign_in(officer, "dc.jhajjar")
    sign_in(analyst, "analyst")
    sign_in(cell, "cell")
    assert _district_call(officer, warehouse, "cases.records", "Jhajjar").status_code == 200
    assert _district_call(officer, warehouse, "cases.records", "Gurugram").status_code == 403
    assert _district_call(officer, warehouse, "cases.summary", None).status_code == 403
    assert _district_call(analyst, warehouse, "cases.records", "Jhajjar").status_code == 403
    assert analyst.get("/cases").status_code == 403
    assert _district_call(analyst, warehouse, "district.funnels", "Hisar").status_code == 200
    assert _district_call(cell, warehouse, "cases.records", "Gurugram").status_code == 200


def test_refusing_an_open_address_without_sign_in():
    off = AuthSettings()
    refuse_open_bind("127.0.0.1", off)
    refuse_open_bind("localhost", off)
    refuse_open_bind("::1", off)
    with pytest.raises(AuthConfigError, match="refusing to serve on 0.0.0.0 without sign-in"):
        refuse_open_bind("0.0.0.0", off)
    refuse_open_bind("0.0.0.0", AuthSettings(users_file=__import__("pathlib").Path("u.yml")))


def test_a_missing_secret_key_or_the_old_basic_auth_is_a_clear_error(tmp_path):
    users = tmp_path / "u.yml"
    set_user(users, "cell", "state", PASSWORD)
    with pytest.raises(AuthConfigError, match="JANSEWA_SECRET_KEY"):
        AuthSettings(users_file=users).check()
    with pytest.raises(AuthConfigError, match="no longer read"):
        AuthSettings(legacy_basic_auth=True).check()


def test_case_list_views_and_downloads_are_audited(signed, warehouse):
    server, settings = signed
    client = server.test_client()
    sign_in(client, "dc.jhajjar")
    assert _district_call(client, warehouse, "cases.records", "Jhajjar").status_code == 200
    body = callback_body(
        warehouse,
        "cases.send_file",
        {"cases-xlsx.n_clicks": 1, "cases-district.value": "Jhajjar"},
    )
    sent = client.post(CALLBACK, json=body, headers=csrf_header(client))
    assert sent.status_code == 200
    filename = sent.get_json()["response"]["cases-file"]["data"]["filename"]
    assert filename.endswith(".xlsx") and "jhajjar" in filename.lower()
    viewed = _events(settings, "case_list_view")
    assert viewed[0]["user"] == "dc.jhajjar"
    assert viewed[0]["what"] == "Jhajjar · all departments · all lists · any age"
    downloads = _events(settings, "download")
    assert [(r["user"], r["what"]) for r in downloads] == [("dc.jhajjar", filename)]
