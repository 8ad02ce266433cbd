"""Sign-in on the dashboard's Flask server: the routes, the check before every request, CSRF.

Every request but the sign-in pages and the stylesheet needs a signed-in session. A page
asked for without one is sent to /login (and back afterwards); a Dash callback without one
gets 401, so the page reloads into the sign-in form. Before a page is served its address is
checked against the role (a district officer's forged ``?district=`` of another district,
an analyst's /cases, anyone but the state cell on /audit): 403, logged and audited. The same
rules hold again where the data is read (dashboards/access.py), for callback payloads.

CSRF: Flask-WTF's CSRFProtect checks every POST. The sign-in and sign-out forms carry the
token in a hidden field; Dash's renderer sends it on every callback in the X-CSRFToken
header, read from the ``_csrf_token`` cookie this module sets after each request (Dash 4
does this by default), so a page of another site cannot drive a signed-in user's callbacks.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from authlib.integrations.base_client import OAuthError
from dash import MATCH, Input, Output, State, no_update
from flask import Response, jsonify, redirect, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf

from dashboards.access import (
    AccessDenied,
    Principal,
    current_principal,
    on_refusal,
    own_district,
    refuse,
    require_case_lists,
    require_district_detail,
    set_principal,
)
from dashboards.auth import users_file
from dashboards.auth.oidc import NoRoleError, principal_from_claims, register_provider
from dashboards.auth.pages import message_page, sign_in_page
from dashboards.auth.session import (
    audit,
    end_session,
    session_ended,
    session_principal,
    start_session,
)
from dashboards.auth.settings import AuthSettings

OPEN_PATHS = ("/login", "/auth/oidc/start", "/auth/oidc/callback", "/assets/style.css")
CALLBACK_PATH = "/_dash-update-component"
CSRF_COOKIE = "_csrf_token"


def _lang() -> str:
    return "hi" if (request.values.get("lang") or "") == "hi" else "en"


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host: no open redirect)."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (target or "/").startswith("/"):
        return "/"
    return target or "/"


def _audit_refusal(principal: Principal, what: str) -> None:
    audit(principal, "refused", what, outcome="403")


def check_page_address(path: str, args) -> None:
    """The role's limits on a page's address (the data layer checks callbacks again)."""
    district = args.get("district") or None
    if path == "/cases":
        require_case_lists(district or own_district())
    elif path in ("/district", "/service") and district is not None:
        require_district_detail(district)
    elif path == "/audit":
        principal = current_principal()
        if principal is not None and principal.role != "state":
            refuse(principal, "the audit log")


def _audit_table_downloads(app) -> None:
    """A table's CSV is made in the browser from what the page already shows; the click is
    told to the server too, so that the audit log names the file."""

    @app.callback(
        Output({"type": "table-csv-audit", "table": MATCH}, "data"),
        Input({"type": "table-csv", "table": MATCH}, "n_clicks"),
        State({"type": "table-csv-audit", "table": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def audit_table_download(_clicks, filename):
        audit(current_principal(), "download", str(filename))
        return no_update


def install_auth(app, settings: AuthSettings) -> None:
    """Require sign-in on ``app`` (a Dash app) as ``settings`` say; settings are checked."""
    settings.check()
    server = app.server
    server.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME="jansewa_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=int(settings.session_hours * 3600),
        WTF_CSRF_TIME_LIMIT=None,  # the session's own limits end the token with it
        JANSEWA_AUDIT_DB=str(settings.audit_db),
        JANSEWA_AUTH=True,
    )
    oauth = register_provider(server, settings) if settings.oidc_issuer else None
    _audit_table_downloads(app)
    idle, longest = settings.idle_minutes * 60, settings.session_hours * 3600
    on_refusal(_audit_refusal)

    @server.before_request
    def _require_sign_in():
        if request.path in OPEN_PATHS:
            return None
        principal = session_principal(idle, longest)
        if principal is None:
            if request.method == "GET" and not request.path.startswith("/_"):
                query = {"next": request.full_path.rstrip("?")}
                if session_ended():
                    query["expired"] = "1"
                if _lang() == "hi":
                    query["lang"] = "hi"
                return redirect(f"/login?{urlencode(query)}")
            # assets/session.js reloads the page on this answer: to the sign-in form
            return jsonify(message="sign-in required"), 401
        set_principal(principal)
        if request.method == "GET":
            check_page_address(request.path, request.args)
        return None

    csrf = CSRFProtect(server)  # after the sign-in check: a lapsed session gets 401, not 400

    @server.after_request
    def _csrf_cookie(response: Response) -> Response:
        if "user" in session:
            response.set_cookie(
                CSRF_COOKIE,
                generate_csrf(),
                samesite="Lax",
                secure=settings.secure_cookies,
                httponly=False,  # Dash's renderer reads it to send the header
            )
        return response

    def _sign_in_form(notice: str = "", status: int = 200):
        page = sign_in_page(
            _lang(),
            generate_csrf(),
            _safe_next(request.values.get("next")),
            local=settings.users_file is not None,
            oidc=oauth is not None,
            notice=notice,
        )
        return page, status

    @server.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            notice = "signed_out" if request.args.get("signed_out") else ""
            notice = "expired" if request.args.get("expired") else notice
            return _sign_in_form(notice)
        if settings.users_file is None:
            return _sign_in_form("wrong", 400)
        name = (request.form.get("user") or "").strip()
        principal = users_file.verify_password(
            settings.users_file, name, request.form.get("password") or ""
        )
        if principal is None:
            audit(Principal(user=name or "(empty)", name="", role=""), "sign_in_failed", "password")
            return _sign_in_form("wrong", 401)
        start_session(principal)
        audit(principal, "sign_in", "users file")
        return redirect(_safe_next(request.form.get("next")))

    @server.route("/logout", methods=["POST"])
    def logout():
        principal = current_principal()
        if principal is not None:
            audit(principal, "sign_out")
        end_session()
        return redirect("/login?signed_out=1" + ("&lang=hi" if _lang() == "hi" else ""))

    if oauth is not None:

        @server.route("/auth/oidc/start")
        def oidc_start():
            session["next"] = _safe_next(request.args.get("next"))
            return oauth.idp.authorize_redirect(f"{settings.public_url}/auth/oidc/callback")

        @server.route("/auth/oidc/callback")
        def oidc_callback():
            failed = message_page(_lang(), "failed_title", "failed", "/login", "to_sign_in")
            try:
                token = oauth.idp.authorize_access_token()
            except OAuthError as exc:
                audit(None, "sign_in_failed", f"identity provider: {exc.error}")
                return failed, 400
            claims = token.get("userinfo") or {}
            try:
                principal = principal_from_claims(claims, settings)
            except NoRoleError as exc:
                who = Principal(user=str(claims.get("sub")), name="", role="", via="oidc")
                audit(who, "sign_in_failed", str(exc))
                return failed, 403
            nxt = session.get("next", "/")
            start_session(principal)
            audit(principal, "sign_in", "identity provider")
            return redirect(_safe_next(nxt))

    @server.errorhandler(AccessDenied)
    def _forbidden(error: AccessDenied):
        if request.path == CALLBACK_PATH or request.method != "GET":
            return jsonify(message=error.description), 403
        page = message_page(_lang(), "forbidden_title", "forbidden", "/", "home")
        return page, 403

    @server.errorhandler(CSRFError)
    def _csrf_refused(error: CSRFError):
        audit(current_principal(), "refused", f"CSRF: {error.description}", outcome="400")
        if request.path == "/login":
            return _sign_in_form("expired", 400)
        return jsonify(message=error.description), 400

    del csrf  # registered on the server; nothing else uses it here
