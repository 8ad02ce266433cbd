"""The Dash app: ``create_app(warehouse)`` builds it, ``serve(warehouse)`` runs it.

Pages live in dashboards/pages/, one module each; every module calls ``dash.register_page``
when imported and wires its callbacks to the app in ``register_callbacks(app)`` (per app, so
tests can build several apps in one process). The app reads only the snapshot published
beside ``warehouse``, through dashboards.data. JavaScript is served by the app itself
(``serve_locally``), never from a CDN. Sign-in (a users file or the state's identity
provider), roles and the audit log: dashboards/auth, dashboards/access.py; without sign-in
configured the app serves loopback only.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import dash
from dash import ALL, Input, Output, dcc, html
from flask import current_app
from flask_wtf.csrf import generate_csrf

from dashboards import data, data_docs, table_block
from dashboards.access import current_principal
from dashboards.audit_texts import audit_text, role_name
from dashboards.auth import AuthSettings, auth_settings, install_auth, refuse_open_bind
from dashboards.i18n import DEFAULT_LANG, format_day, lang_or_default, t
from dashboards.urlstate import query_from_search

PAGES = ("overview", "scorecard", "explorer", "district", "service", "cases", "quality", "audit")
NAV = (
    ("/", "nav.overview"),
    ("/scorecard", "nav.scorecard"),
    ("/explorer", "nav.explorer"),
    ("/district", "nav.district"),
    ("/service", "nav.service"),
    ("/cases", "nav.cases"),
    ("/quality", "nav.quality"),
    ("/audit", "nav.audit"),
)
DATA_DOCS_ROUTE = "/data-docs/"

# Keeps the address bar equal to the page's filters without a navigation (which would
# re-render the page): history.replaceState with the query string a page callback wrote.
_URL_SYNC_JS = """
function(searches) {
    const search = (searches || []).find(s => typeof s === 'string');
    if (search === undefined) { return window.dash_clientside.no_update; }
    const url = window.location.pathname + search + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, '', url);
    }
    return search;
}
"""

# The language button: flip `lang` in the current query string (which carries the page's
# filters) and load that address, so the whole page renders in the other language.
_LANG_TOGGLE_JS = """
function(n) {
    if (!n) { return window.dash_clientside.no_update; }
    const params = new URLSearchParams(window.location.search);
    if (params.get('lang') === 'hi') { params.delete('lang'); } else { params.set('lang', 'hi'); }
    const s = params.toString();
    window.location.assign(window.location.pathname + (s ? '?' + s : ''));
    return n;
}
"""


# The page's language on <html lang>: screen readers pick their voice by it, and the
# browser its hyphenation and fonts.
_HTML_LANG_JS = """
function(search) {
    const lang = new URLSearchParams(search || '').get('lang') === 'hi' ? 'hi' : 'en';
    document.documentElement.lang = lang;
    return lang;
}
"""


def _allowed_nav(path: str) -> bool:
    """Links to pages the user's role reads: no case lists for analysts, the audit log for
    the state cell where sign-in (and so the audit) is on."""
    principal = current_principal()
    if path == "/cases":
        return principal is None or principal.role != "analyst"
    if path == "/audit":
        signed_in = bool(current_app.config.get("JANSEWA_AUTH"))
        return signed_in and principal is not None and principal.role == "state"
    return True


def _nav_label(key: str, lang: str) -> str:
    return audit_text(key, lang) if key == "nav.audit" else t(key, lang)


def _nav(pathname: str | None, lang: str) -> list:
    suffix = "?lang=hi" if lang == "hi" else ""
    links = []
    for path, key in filter(lambda item: _allowed_nav(item[0]), NAV):
        active = (pathname or "/") == path
        links.append(
            dcc.Link(
                _nav_label(key, lang),
                href=path + suffix,
                id=f"app-nav-{key.split('.')[1]}",
                className="nav-link active" if active else "nav-link",
            )
        )
    return links


def _layout() -> html.Div:
    return html.Div(
        [
            html.Header(
                [
                    html.Div(
                        [
                            html.H1(t("app.title", DEFAULT_LANG), id="app-title"),
                            html.P(t("app.subtitle", DEFAULT_LANG), id="app-subtitle"),
                        ],
                        className="brand",
                    ),
                    html.Nav(_nav("/", DEFAULT_LANG), id="app-nav"),
                    html.Button(
                        t("app.lang_switch", DEFAULT_LANG),
                        id="app-lang-toggle",
                        n_clicks=0,
                        className="lang-toggle",
                        lang="hi",  # the button names the other language, in that language
                        title=t("app.lang_switch_title", DEFAULT_LANG),
                    ),
                    html.Div(id="app-user", className="app-user"),
                ],
                className="app-header",
            ),
            html.Main(dash.page_container, className="app-main"),
            html.Footer(id="app-footer", className="app-footer"),
            dcc.Store(id="app-url-sink"),
            dcc.Store(id="app-lang-sink"),
            dcc.Store(id="app-html-lang"),
        ],
        className="app",
    )


def _register_shell_callbacks(app: dash.Dash) -> None:
    @app.callback(
        Output("app-nav", "children"),
        Output("app-lang-toggle", "children"),
        Output("app-lang-toggle", "lang"),
        Output("app-lang-toggle", "title"),
        Output("app-title", "children"),
        Output("app-subtitle", "children"),
        Output("app-footer", "children"),
        Output("app-user", "children"),
        Input("_pages_location", "pathname"),
        Input("_pages_location", "search"),
    )
    def update_shell(pathname, search):
        lang = lang_or_default(query_from_search(search).get("lang"))
        from dashboards.snapshot_guard import current_warehouse

        warehouse = current_warehouse()
        when = data.published_at(warehouse)
        reaches = data.data_reaches(warehouse) if when else None
        footer = (
            t(
                "app.data_reaches",
                lang,
                day=format_day(reaches, lang) if reaches else "–",
                published=f"{format_day(when.date(), lang)} {when:%H:%M}",
            )
            if when
            else t("msg.no_snapshot", lang)
        )
        return (
            _nav(pathname, lang),
            t("app.lang_switch", lang),
            "en" if lang == "hi" else "hi",
            t("app.lang_switch_title", lang),
            t("app.title", lang),
            t("app.subtitle", lang),
            footer,
            user_box(lang),
        )

    app.clientside_callback(
        _URL_SYNC_JS,
        Output("app-url-sink", "data"),
        Input({"type": "url-sync", "page": ALL}, "data"),
    )
    app.clientside_callback(
        _HTML_LANG_JS,
        Output("app-html-lang", "data"),
        Input("_pages_location", "search"),
    )
    app.clientside_callback(
        _LANG_TOGGLE_JS,
        Output("app-lang-sink", "data"),
        Input("app-lang-toggle", "n_clicks"),
        prevent_initial_call=True,
    )


def user_box(lang: str) -> list:
    """Who is signed in, as what, and the sign-out button (a form with its CSRF token);
    nothing when sign-in is off."""
    principal = current_principal()
    if not current_app.config.get("JANSEWA_AUTH") or principal is None:
        return []
    return [
        html.Span(principal.name, className="app-user-name"),
        html.Span(role_name(principal.role, principal.district, lang), className="app-user-role"),
        html.Form(
            [
                dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
                dcc.Input(type="hidden", name="lang", value=lang),
                html.Button(audit_text("user.sign_out", lang), type="submit", id="app-sign-out"),
            ],
            action="/logout",
            method="POST",
        ),
    ]


def create_app(warehouse: Path, auth: AuthSettings | None = None) -> dash.Dash:
    """The dashboard over the snapshot published beside ``warehouse`` (it need not exist yet),
    with sign-in as ``auth`` says (default: from the environment, dashboards/auth/settings.py)."""
    warehouse = Path(warehouse)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        serve_locally=True,
        suppress_callback_exceptions=True,
        title="Jansewa",
        update_title=None,
        assets_folder=str(Path(__file__).parent / "assets"),
    )
    app.server.config["JANSEWA_WAREHOUSE"] = str(warehouse)
    auth = auth_settings(warehouse) if auth is None else auth
    auth.check()
    if auth.enabled:
        install_auth(app, auth)
    data_docs.register(app.server, warehouse.parent / "data_docs", DATA_DOCS_ROUTE)
    for name in PAGES:
        module = importlib.import_module(f"dashboards.pages.{name}")
        module.register_callbacks(app)
    app.layout = _layout
    _register_shell_callbacks(app)
    table_block.register_callbacks(app)
    return app


def serve(warehouse: Path, host: str = "127.0.0.1", port: int = 8050) -> None:
    """Run the dashboard (Flask's threaded server; bind 127.0.0.1 unless told otherwise);
    refused on any other address while no sign-in is configured."""
    auth = auth_settings(warehouse)
    refuse_open_bind(host, auth)
    create_app(warehouse, auth).run(host=host, port=port, debug=False)
