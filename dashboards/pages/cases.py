"""Cases to chase (/cases): the records behind each breach -- RTS applications past their
timeline, grievances pending over 30 days, appointment requests with no slot in 24 hours,
eligible relief never paid, passes undecided, e-Office files idle -- for a district, a
department, a list and an age, most overdue first, with every matching record downloadable
as Excel or CSV. URL: ?district=Jhajjar&department=Revenue&kind=rts_overdue&bucket=>90&lang=hi
(no district = the count per district for the whole state)."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html

from dashboards import data
from dashboards.access import current_principal, detail_districts, own_district
from dashboards.auth.session import audit
from dashboards.case_blocks import (
    bucket_name,
    download,
    download_buttons,
    kind_name,
    records_block,
    summary_block,
)
from dashboards.case_texts import case_text
from dashboards.controls import controls_row, district_options, dropdown_labels, labelled, url_sync
from dashboards.i18n import department_name, format_day, lang_or_default, t
from dashboards.snapshot_guard import consistent_page, current_warehouse, guarded
from dashboards.urlstate import Allowed, UrlState, parse_state, serialise_state
from warehouse.case_kinds import BUCKETS, CASE_KINDS
from warehouse.districts import district_names
from warehouse.snapshot import SnapshotMissingError

PAGE = "cases"


def _allowed(warehouse: Path) -> Allowed:
    return Allowed(
        departments=frozenset(data.case_departments(warehouse, None)),
        kinds=frozenset(CASE_KINDS),
        buckets=frozenset(BUCKETS),
    )


@consistent_page
def layout(**query) -> html.Div:
    lang = lang_or_default(query.get("lang"))
    return html.Div(
        [
            html.H2(t("nav.cases", lang)),
            guarded(lambda: _body(current_warehouse(), query), lang),
        ],
        className="page",
    )


def _body(warehouse: Path, query: dict) -> html.Div:
    state = parse_state(query, _allowed(warehouse))
    state = state.with_(district=state.district or own_district())  # an officer: their own
    lang = state.lang
    as_of = data.case_as_of(warehouse)

    def dropdown(ident: str, options: list[dict], value, placeholder: str, clearable=True):
        return dcc.Dropdown(
            labels=dropdown_labels(lang),
            id=ident,
            options=options,
            value=value,
            placeholder=placeholder,
            clearable=clearable,
        )

    return html.Div(
        [
            dcc.Store(id="cases-lang", data=lang),
            url_sync(PAGE, serialise_state(state)),
            html.P(
                case_text("cases.intro", lang, as_of=format_day(as_of, lang) if as_of else "–"),
                className="intro",
            ),
            controls_row(
                labelled(
                    t("ctl.district", lang),
                    dropdown(
                        "cases-district",
                        district_options(lang, detail_districts(district_names())),
                        state.district,
                        t("ctl.all_districts", lang),
                        clearable=own_district() is None,
                    ),
                ),
                labelled(
                    t("col.department", lang),
                    dropdown(
                        "cases-department",
                        department_options(warehouse, state.district, lang),
                        state.department,
                        case_text("cases.all_departments", lang),
                    ),
                ),
                labelled(
                    case_text("cases.list", lang),
                    dropdown(
                        "cases-kind",
                        [{"label": kind_name(k, lang), "value": k} for k in CASE_KINDS],
                        state.kind,
                        case_text("cases.all_lists", lang),
                    ),
                ),
                labelled(
                    case_text("cases.bucket", lang),
                    dropdown(
                        "cases-bucket",
                        [{"label": bucket_name(b, lang), "value": b} for b in BUCKETS],
                        state.bucket,
                        case_text("cases.all_ages", lang),
                    ),
                ),
            ),
            html.H3(case_text("cases.h_summary", lang)),
            html.Div(id="cases-summary-block"),
            html.H3(case_text("cases.h_records", lang)),
            download_buttons(lang),
            html.Div(id="cases-records-block"),
        ]
    )


def department_options(warehouse: Path, district: str | None, lang: str) -> list[dict]:
    """The departments with cases in the district, labelled in ``lang``, sorted by label."""
    names = data.case_departments(warehouse, district)
    options = [{"label": department_name(n, lang), "value": n} for n in names]
    return sorted(options, key=lambda o: o["label"])


def _selection(district, department, kind, bucket, lang):
    """The inputs made safe: a known district (None: the state), a department with cases
    (None: all), known lists (all when none is chosen), a known bucket, a known language."""
    district = district if district in district_names() else None
    if department is not None:  # kept only when some district has cases in it
        try:
            departments = data.case_departments(current_warehouse(), None)
        except (data.MartMissingError, SnapshotMissingError):
            departments = []  # the blocks say what is missing
        department = department if department in departments else None
    kinds = [kind] if kind in CASE_KINDS else list(CASE_KINDS)
    bucket = bucket if bucket in BUCKETS else None
    return district, department, kinds, bucket, lang_or_default(lang)


def update_url(district, department, kind, bucket, lang):
    district, department, kinds, bucket, lang = _selection(district, department, kind, bucket, lang)
    kind = kinds[0] if len(kinds) == 1 else None
    state = UrlState(lang=lang, district=district, department=department, kind=kind, bucket=bucket)
    return serialise_state(state)


def update_summary(district, department, lang):
    district, department, _, _, lang = _selection(district, department, None, None, lang)
    warehouse = current_warehouse()
    return guarded(lambda: summary_block(warehouse, district, department, lang), lang)


def update_records(district, department, kind, bucket, lang):
    district, department, kinds, bucket, lang = _selection(district, department, kind, bucket, lang)
    warehouse = current_warehouse()
    block = guarded(
        lambda: records_block(warehouse, district, department, kinds, bucket, lang), lang
    )
    if district is not None:
        audit(current_principal(), "case_list_view", _what(district, department, kinds, bucket))
    return block


def _what(district, department, kinds, bucket) -> str:
    """The selection in words for the audit log: 'Jhajjar · Revenue · rts_overdue · 8-30'."""
    lists = "all lists" if len(kinds) == len(CASE_KINDS) else ",".join(kinds)
    return " · ".join([district, department or "all departments", lists, bucket or "any age"])


def update_departments(district, lang):
    """The department picker offers the departments the chosen district has cases in (none
    when the snapshot has no case lists: the blocks say so)."""
    district, *_ = _selection(district, None, None, None, lang)
    try:
        return department_options(current_warehouse(), district, lang_or_default(lang))
    except (data.MartMissingError, SnapshotMissingError):
        return []


def update_buttons(district):
    """The downloads hold one district's records: without a district they are disabled."""
    off = district not in district_names()
    return off, off


def send_file(xlsx_clicks, csv_clicks, district, department, kind, bucket):
    """Every matching record, as the button pressed asks (Excel or CSV)."""
    fmt = "xlsx" if dash.ctx.triggered_id == "cases-xlsx" else "csv"
    district, department, kinds, bucket, _ = _selection(district, department, kind, bucket, "en")
    if district is None:
        return dash.no_update
    try:
        sent = download(current_warehouse(), district, department, kinds, bucket, fmt)
        audit(current_principal(), "download", sent["filename"])
        return sent
    except (data.MartMissingError, SnapshotMissingError):
        return dash.no_update  # the page's blocks say what is missing


def register_callbacks(app: dash.Dash) -> None:
    district = Input("cases-district", "value")
    department = Input("cases-department", "value")
    kind = Input("cases-kind", "value")
    bucket = Input("cases-bucket", "value")
    lang = State("cases-lang", "data")
    app.callback(
        Output({"type": "url-sync", "page": PAGE}, "data"), district, department, kind, bucket, lang
    )(update_url)
    app.callback(Output("cases-summary-block", "children"), district, department, lang)(
        update_summary
    )
    app.callback(
        Output("cases-records-block", "children"), district, department, kind, bucket, lang
    )(update_records)
    app.callback(Output("cases-department", "options"), district, lang)(update_departments)
    app.callback(Output("cases-xlsx", "disabled"), Output("cases-csv", "disabled"), district)(
        update_buttons
    )
    app.callback(
        Output("cases-file", "data"),
        Input("cases-xlsx", "n_clicks"),
        Input("cases-csv", "n_clicks"),
        State("cases-district", "value"),
        State("cases-department", "value"),
        State("cases-kind", "value"),
        State("cases-bucket", "value"),
        prevent_initial_call=True,
    )(send_file)


dash.register_page(
    __name__, path="/cases", name="Cases to chase", title="Jansewa: cases to chase", layout=layout
)
