"""Helpers of the sign-in tests: a users file with one user per role, an app that requires
sign-in, signing in through the real form (CSRF token and all), and Dash callback bodies."""

from __future__ import annotations

import re
from pathlib import Path

from dashboards.app import create_app
from dashboards.auth import AuthSettings
from dashboards.auth.users_file import set_user
from tests.benchmarks.callback_requests import callback_specs, payload

PASSWORD = "correct horse battery"
USERS = {
    "cell": "state",
    "dc.jhajjar": "district:Jhajjar",
    "analyst": "analyst",
}
SECRET = "a-test-secret-key-of-enough-length"


def write_users(path: Path) -> Path:
    for user, role in USERS.items():
        set_user(path, user, role, PASSWORD, name=f"{user} (test)")
    return path


def signed_app(warehouse: Path, tmp_path: Path, **overrides):
    """A Dash app over ``warehouse`` that requires sign-in against a fresh users file."""
    settings = AuthSettings(
        secret_key=SECRET,
        users_file=write_users(tmp_path / "users.yml"),
        audit_db=tmp_path / "audit.sqlite",
        **overrides,
    )
    return create_app(warehouse, settings), settings


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


def sign_in(client, user: str, password: str = PASSWORD, next_url: str = "/"):
    """Post the sign-in form as a browser would (token from the form it was given)."""
    form = client.get(f"/login?next={next_url}")
    return client.post(
        "/login",
        data={
            "user": user,
            "password": password,
            "csrf_token": csrf_from(form.get_data(as_text=True)),
            "next": next_url,
        },
    )


def csrf_header(client) -> dict[str, str]:
    """The header Dash's renderer sends on every callback, from the cookie the server set."""
    cookie = client.get_cookie("_csrf_token")
    return {"X-CSRFToken": cookie.value} if cookie else {}


def callback_body(warehouse: Path, name: str, values: dict) -> dict:
    """The body Dash posts for the callback ``name`` ('district.profile', 'cases.records')
    with the given input values by 'component-id.property'."""
    spec = callback_specs(warehouse)[name]
    return payload(name, spec, values)
