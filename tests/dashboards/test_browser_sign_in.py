"""Sign-in in headless Chromium: the form (English, Hindi, phone width), a district officer's
view and a forged address, sign-out; and the identity provider's flow through a real OpenID
Connect provider on loopback. The callbacks that fill the pages carry Dash's CSRF header, so
a page that renders its blocks shows that header is sent and accepted."""

from __future__ import annotations

from urllib.parse import quote

import oidc_provider_mock
import pytest
import requests
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from dashboards import audit_log
from dashboards.app import create_app
from dashboards.auth import AuthSettings
from tests.dashboards.conftest import SCREENSHOTS
from tests.dashboards.signin import PASSWORD, SECRET, write_users
from tests.reliability.workspace import free_port

pytestmark = pytest.mark.browser


def _type_and_submit(driver, user: str, password: str) -> None:
    driver.find_element(By.ID, "sign-in-user").send_keys(user)
    driver.find_element(By.ID, "sign-in-password").send_keys(password)
    driver.find_element(By.ID, "sign-in-submit").click()


# The server needs sign-in, so dash_duo must not wait for the dashboard at "/" on start.


def test_a_district_officer_signs_in_sees_their_district_and_signs_out(
    dash_duo, warehouse, tmp_path
):
    settings = AuthSettings(
        secret_key=SECRET, users_file=write_users(tmp_path / "u.yml"), audit_db=tmp_path / "a.db"
    )
    dash_duo.start_server(create_app(warehouse, settings), navigate=False)
    driver, base = dash_duo.driver, dash_duo.server.url

    driver.get(base + "/district?district=Jhajjar")
    dash_duo.wait_for_element("#sign-in-user", timeout=20)
    driver.save_screenshot(str(SCREENSHOTS / "sign-in.png"))
    _type_and_submit(driver, "dc.jhajjar", "wrong password")
    dash_duo.wait_for_contains_text(".message", "not right", timeout=10)
    _type_and_submit(driver, "dc.jhajjar", PASSWORD)

    dash_duo.wait_for_element("#district-table", timeout=30)  # filled by callbacks (CSRF)
    assert driver.current_url.startswith(base + "/district?")
    assert driver.current_url.endswith("district=Jhajjar")
    dash_duo.wait_for_contains_text("#app-user", "District office, Jhajjar", timeout=10)
    nav = dash_duo.find_element("#app-nav").text
    assert "Cases to chase" in nav and "Audit log" not in nav
    # The district picker offers their district only.
    dash_duo.find_element("#district-district").click()
    until(lambda: driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option"), timeout=5)
    options = [o.text for o in driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")]
    assert options == ["Jhajjar"]
    driver.save_screenshot(str(SCREENSHOTS / "signed-in-district.png"))

    driver.get(base + "/district?district=Hisar")  # a forged address
    dash_duo.wait_for_contains_text("h1", "Not allowed", timeout=10)

    driver.get(base + "/cases")
    dash_duo.wait_for_element("#cases-table", timeout=30)  # their own district's lists
    driver.find_element(By.ID, "app-sign-out").click()
    dash_duo.wait_for_contains_text(".message", "You have signed out.", timeout=10)
    driver.get(base + "/")
    dash_duo.wait_for_element("#sign-in-user", timeout=10)

    events = [r["event"] for r in audit_log.recent(settings.audit_db)]
    for event in ("sign_in_failed", "sign_in", "refused", "case_list_view", "sign_out"):
        assert event in events, event


def test_the_sign_in_form_in_hindi_and_at_phone_width(dash_duo, warehouse, tmp_path):
    settings = AuthSettings(
        secret_key=SECRET, users_file=write_users(tmp_path / "u.yml"), audit_db=tmp_path / "a.db"
    )
    dash_duo.start_server(create_app(warehouse, settings), navigate=False)
    driver = dash_duo.driver
    driver.get(dash_duo.server.url + "/login?lang=hi")
    dash_duo.wait_for_contains_text("h1", "साइन इन करें", timeout=10)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "hi"
    driver.save_screenshot(str(SCREENSHOTS / "sign-in-hi.png"))
    driver.set_window_size(390, 900)
    driver.get(dash_duo.server.url + "/login")
    width = driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
    )
    assert width <= 390
    driver.save_screenshot(str(SCREENSHOTS / "sign-in-390.png"))


def test_signing_in_through_the_identity_provider(dash_duo, warehouse, tmp_path):
    port = free_port()
    with oidc_provider_mock.run_server_in_thread() as provider:
        issuer = f"http://localhost:{provider.server_port}"
        answer = requests.put(
            f"{issuer}/users/{quote('u-77')}",
            json={"name": "State cell officer", "groups": ["jansewa-state-cell"]},
            timeout=10,
        )
        assert answer.status_code == 204
        roles = tmp_path / "roles.yml"
        roles.write_text("jansewa-state-cell: state\n")
        settings = AuthSettings(
            secret_key=SECRET,
            oidc_issuer=issuer,
            oidc_client_id="jansewa-dashboard",
            oidc_client_secret="client-secret",
            oidc_roles=roles,
            public_url=f"http://localhost:{port}",
            audit_db=tmp_path / "a.db",
        )
        dash_duo.start_server(create_app(warehouse, settings), navigate=False, port=port)
        driver = dash_duo.driver
        driver.get(dash_duo.server.url + "/scorecard")
        dash_duo.wait_for_element("#sign-in-oidc", timeout=20).click()
        dash_duo.wait_for_element("input[name=sub]", timeout=20).send_keys("u-77")
        driver.find_element(By.XPATH, "//button[text()='Authorize']").click()
        dash_duo.wait_for_element("#scorecard-table", timeout=30)
        dash_duo.wait_for_contains_text("#app-user", "State cell officer", timeout=10)
        assert "Audit log" in dash_duo.find_element("#app-nav").text
        driver.get(dash_duo.server.url + "/audit")
        dash_duo.wait_for_element("#audit-table", timeout=20)
        assert "identity provider" in dash_duo.find_element("#audit-table").text
        driver.save_screenshot(str(SCREENSHOTS / "audit.png"))
