"""The audit log page (/audit): sign-ins, downloads, case-list views and refusals, for the
state cell only (the role is checked by the page's address and again here).

URL: ?event=download&lang=hi. The rows come from the audit store (dashboards/audit_log.py),
never from the reader snapshot."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import dash
from dash import Input, Output, State, dcc, html
from flask import current_app

from dashboards import audit_log
from dashboards.access import current_principal, refuse
from dashboards.audit_texts import audit_text, role_name
from dashboards.controls import controls_row, dropdown_labels, labelled
from dashboards.i18n import format_day, lang_or_default
from dashboards.messages import message
from dashboards.table_block import data_table

PAGE = "audit"
LIMIT = 500
_IST = ZoneInfo("Asia/Kolkata")


def _require_state() -> None:
    principal = current_principal()
    if principal is not None and principal.role != "state":
        refuse(principal, "the audit log")


def _when(at: str, lang: str) -> str:
    moment = dt.datetime.fromisoformat(at).astimezone(_IST)
    return f"{format_day(moment.date(), lang)} {moment:%H:%M:%S}"


def _role(text: str | None, lang: str) -> str:
    if not text:
        return ""
    kind, _, district = text.partition(":")
    return (
        role_name(kind, district or None, lang)
        if kind in ("state", "analyst", "district")
        else text
    )


def audit_rows(path: str | None, event: str | None, lang: str) -> list[dict]:
    """The newest rows of the store, in words of ``lang``."""
    rows = audit_log.recent(path, LIMIT, event) if path else []
    return [
        {
            "at": _when(r["at"], lang),
            "user": r["user"],
            "role": _role(r["role"], lang),
            "via": audit_text(f"via.{r['via']}", lang) if r["via"] else "",
            "event": audit_text(f"event.{r['event']}", lang),
            "what": r["what"] or "",
            "outcome": r["outcome"] or "",
            "address": r["address"] or "",
        }
        for r in rows
    ]


def audit_table(event: str | None, lang: str):
    """The table of the store's newest rows, or why there is none."""
    _require_state()
    path = current_app.config.get("JANSEWA_AUDIT_DB")
    if not current_app.config.get("JANSEWA_AUTH"):
        return message(audit_text("audit.off", lang), "warning")
    rows = audit_rows(path, event, lang)
    if not rows:
        return message(audit_text("audit.none", lang))
    columns = [
        (key, audit_text(f"audit.{key}", lang), "text")
        for key in ("at", "user", "role", "via", "event", "what", "outcome", "address")
    ]
    return data_table(
        "audit-table",
        rows,
        columns,
        page_size=50,
        lang=lang,
        download=("audit", event or "all-events"),
    )


def layout(**query) -> html.Div:
    lang = lang_or_default(query.get("lang"))
    _require_state()
    event = query.get("event") if query.get("event") in audit_log.EVENTS else None
    return html.Div(
        [
            html.H2(audit_text("nav.audit", lang)),
            dcc.Store(id="audit-lang", data=lang),
            html.P(audit_text("audit.intro", lang, limit=LIMIT), className="intro"),
            controls_row(
                labelled(
                    audit_text("audit.event", lang),
                    dcc.Dropdown(
                        labels=dropdown_labels(lang),
                        id="audit-event",
                        options=[
                            {"label": audit_text(f"event.{e}", lang), "value": e}
                            for e in audit_log.EVENTS
                        ],
                        value=event,
                        placeholder=audit_text("audit.all_events", lang),
                        clearable=True,
                    ),
                )
            ),
            html.Div(id="audit-block"),
        ],
        className="page",
    )


def update_table(event, lang):
    return audit_table(event if event in audit_log.EVENTS else None, lang_or_default(lang))


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output("audit-block", "children"),
        Input("audit-event", "value"),
        State("audit-lang", "data"),
    )(update_table)


dash.register_page(
    __name__, path="/audit", name="Audit log", title="Jansewa: audit log", layout=layout
)
