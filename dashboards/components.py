"""Layout pieces every page shares: a figure with its caption, a downloadable table, messages,
and the guard that turns 'no snapshot yet' or 'mart missing' into a sentence on the page."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from dash import MATCH, Input, Output, State, dash_table, dcc, html
from dash.dash_table.Format import Format, Scheme
from flask import current_app

from dashboards.data import MartMissingError, SnapshotUnsettled, render_consistently
from dashboards.figure_data import figure_table
from dashboards.i18n import DEFAULT_LANG, lang_or_default, t
from warehouse.snapshot import SnapshotMissingError
from warehouse.sources import SOURCE_NAMES

# d3-format cycles the group sizes, so Indian grouping (3, then 2s) is spelled out to 10^17.
INDIAN_GROUPS = [3, 2, 2, 2, 2, 2, 2, 2]
GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"scale": 2}}


def graph_config(lang: str) -> dict:
    """Plotly's settings for a chart on a page in ``lang`` (its toolbar's tooltips)."""
    return {**GRAPH_CONFIG, "locale": "hi"} if lang == "hi" else GRAPH_CONFIG


def current_warehouse() -> Path:
    """The warehouse this app serves (set by create_app on the Flask config)."""
    return Path(current_app.config["JANSEWA_WAREHOUSE"])


def number_format(decimals: int = 0) -> Format:
    """A DataTable number format with Indian digit grouping (1,03,515)."""
    return (
        Format(precision=decimals, scheme=Scheme.fixed)
        .group(True)
        .group_delimiter(",")
        .groups(INDIAN_GROUPS)
    )


def message(text: str, kind: str = "info", id: str | None = None) -> html.Div:
    """A boxed sentence (kind: info | warning | error)."""
    props = {"id": id} if id else {}
    return html.Div(text, className=f"message message-{kind}", role="status", **props)


def refreshing(lang: str, id: str | None = None) -> html.Div:
    """What a render says when a refresh swapped the snapshot under every one of its tries:
    the next request will almost surely succeed, so the page answers (HTTP 200) and says so."""
    return message(t("msg.refreshing", lang), "warning", id=id)


def consistent_page(layout: Callable[..., object]) -> Callable[..., object]:
    """A page layout whose every block reads one snapshot: a refresh swapping the snapshot
    mid-render re-renders the whole page on the new one (see data.render_consistently); when
    every try saw a swap, the page says "being refreshed" instead of failing."""

    @functools.wraps(layout)
    def render(**query):
        try:
            return render_consistently(current_warehouse(), lambda: layout(**query))
        except SnapshotMissingError:
            return layout(**query)  # the page's own blocks say there is no snapshot yet
        except SnapshotUnsettled:
            lang = lang_or_default(query.get("lang"))
            return html.Div([refreshing(lang, id="snapshot-refreshing")], className="page")

    return render


def guarded(render: Callable[[], object], lang: str) -> object:
    """``render()`` with every query from one snapshot, or a clear message when the snapshot
    or one of its marts is missing, or when refreshes kept swapping it under every try.

    Inside a page layout (`consistent_page`) a swap is not caught here: it re-renders the
    whole page, so the page's blocks stay from one snapshot."""
    try:
        return render_consistently(current_warehouse(), render)
    except SnapshotMissingError:
        return message(t("msg.no_snapshot", lang), "warning", id="no-snapshot")
    except MartMissingError as exc:
        return message(t("msg.no_mart", lang, table=exc.table), "warning")
    except SnapshotUnsettled:
        return refreshing(lang)


def figure_block(
    graph_id: str,
    figure: dict,
    caption: str,
    caption_id: str | None = None,
    lang: str = DEFAULT_LANG,
    min_width: int | None = None,
    table_beside: bool = False,
):
    """A chart, the plain-language sentence that says what it shows, and the numbers it
    draws as a table behind a 'Show the numbers' switch (figure_data.py: for screen readers
    and exact values); the chart's toolbar speaks ``lang`` (Plotly's locale, registered by
    assets/plotly-locale-hi.js).

    ``min_width`` (pixels): the chart is never drawn narrower, and scrolls sideways inside
    its own box on a narrower screen (a heatmap whose 24 hour columns carry text), as a wide
    table does; the page itself never scrolls sideways.

    ``table_beside``: the block shows the chart's numbers in a table of its own right below
    (with its download), so the switch would only repeat them: a 22 x 24 heatmap's hidden
    copy was 5,000 elements, most of the explorer panel's answer time."""
    # A figure that sets its own height gets a box of that height: a responsive graph in a
    # grid cell otherwise takes the cell's height, which can be a few pixels while the page
    # lays out (the funnels were drawn as 30-pixel strips after a window resize).
    height = figure.get("layout", {}).get("height")
    style = {"height": f"{int(height)}px"} if height else None
    graph = dcc.Graph(id=graph_id, figure=figure, config=graph_config(lang), style=style)
    if min_width:
        graph.style = {**(style or {}), "minWidth": f"{int(min_width)}px"}
        graph = html.Div(graph, className="figure-scroll")
    return html.Figure(
        [
            graph,
            html.Figcaption(caption, id=caption_id or f"{graph_id}-caption", className="caption"),
            None if table_beside else _numbers_behind(graph_id, figure, lang),
        ],
        className="figure-block",
    )


def _numbers_behind(graph_id: str, figure: dict, lang: str):
    header, rows = figure_table(figure, t("fig.category", lang))
    if not rows:
        return None
    return html.Details(
        [
            html.Summary(t("fig.show_numbers", lang)),
            html.Div(
                html.Table(
                    [
                        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                        html.Tbody(
                            [
                                html.Tr([html.Th(row[0], scope="row"), *map(html.Td, row[1:])])
                                for row in rows
                            ]
                        ),
                    ],
                    className="figure-numbers",
                ),
                className="figure-numbers-box",
            ),
        ],
        id=f"{graph_id}-numbers",
        className="figure-data",
    )


def download_filename(parts: tuple[str, ...]) -> str:
    """'jansewa-district-Jhajjar-month-2020-05-01-indicators.csv': the page, what and which
    period a downloaded table holds, in letters, digits and hyphens only."""
    words = [re.sub(r"[^A-Za-z0-9]+", "-", str(p)).strip("-") for p in ("jansewa", *parts) if p]
    return "-".join(w for w in words if w) + ".csv"


# The table's CSV, built in the browser from the rows the page already holds (DataTable's
# own export button is labelled "Export" in every language and always names the file
# Data.csv). UTF-8 with a byte-order mark, so that spreadsheet programs read Devanagari.
_CSV_IN_BROWSER = r"""
function(clicks, spec) {
    if (!clicks || !spec) { return window.dash_clientside.no_update; }
    const cell = (v) => {
        if (v === null || v === undefined) { return ""; }
        const s = String(v);
        return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    const lines = [spec.columns.map((c) => cell(c.name)).join(",")];
    for (const row of spec.rows) {
        lines.push(spec.columns.map((c) => cell(row[c.id])).join(","));
    }
    return {content: "\ufeff" + lines.join("\r\n") + "\r\n", filename: spec.filename,
            type: "text/csv", base64: false};
}
"""


def register_callbacks(app) -> None:
    """Wire the table download buttons to ``app``. Per app, not with Dash's module-level
    ``clientside_callback``: that list goes to the first app a process serves and is then
    emptied, so a second app (tests, a reloaded server) would get buttons that do nothing."""
    app.clientside_callback(
        _CSV_IN_BROWSER,
        Output({"type": "table-csv-file", "table": MATCH}, "data"),
        Input({"type": "table-csv", "table": MATCH}, "n_clicks"),
        State({"type": "table-csv-spec", "table": MATCH}, "data"),
        prevent_initial_call=True,
    )


def data_table(
    table_id: str,
    rows: list[dict],
    columns: list[tuple[str, str, str]],
    caption: str = "",
    page_size: int = 25,
    lang: str = DEFAULT_LANG,
    download: tuple[str, ...] = (),
) -> html.Div:
    """A sortable table with a button that downloads it as CSV.

    The button is labelled in ``lang``; the file is named after ``download`` (page, what,
    period: see download_filename), or after the table's id.

    ``columns`` are (id, header, kind) with kind text | int | number1 | number2 | figure;
    numbers are shown with Indian grouping and exported as plain numbers; a ``figure`` column
    holds numbers already written out as text by their kind ('1,44,529', '61.8 %': a column
    mixing KPIs of several kinds), right-aligned like numbers.
    """
    spec = []
    figures = [col_id for col_id, _header, kind in columns if kind == "figure"]
    for col_id, header, kind in columns:
        col = {"id": col_id, "name": header}
        if kind not in ("text", "figure"):
            col["type"] = "numeric"
            col["format"] = number_format({"int": 0, "number1": 1, "number2": 2}.get(kind, 0))
        spec.append(col)
    return html.Div(
        [
            dash_table.DataTable(
                id=table_id,
                data=rows,
                columns=spec,
                sort_action="native",
                page_size=page_size,
                style_table={"overflowX": "auto"},
                style_cell={
                    "fontFamily": "Noto Sans, Noto Sans Devanagari, Arial, sans-serif",
                    "fontSize": "13px",
                    "padding": "4px 8px",
                    "textAlign": "left",
                    # long text (flags, reasons) wraps inside its cell instead of being cut
                    "whiteSpace": "normal",
                    "height": "auto",
                    "maxWidth": "420px",
                },
                style_cell_conditional=[
                    {"if": {"column_type": "numeric"}, "textAlign": "right"},
                    *({"if": {"column_id": c}, "textAlign": "right"} for c in figures),
                ],
                style_header={"fontWeight": "600", "backgroundColor": "#f2f2f2"},
            ),
            html.Button(
                t("btn.download_csv", lang),
                id={"type": "table-csv", "table": table_id},
                className="download-button",
                type="button",
            ),
            dcc.Download(id={"type": "table-csv-file", "table": table_id}),
            # The file's name, for the audit log where sign-in is on (dashboards/auth).
            dcc.Store(
                id={"type": "table-csv-audit", "table": table_id},
                data=download_filename(download or (table_id,)),
            ),
            dcc.Store(
                id={"type": "table-csv-spec", "table": table_id},
                data={
                    "filename": download_filename(download or (table_id,)),
                    "columns": [{"id": c["id"], "name": c["name"]} for c in spec],
                    "rows": rows,
                },
            ),
            html.P(caption, className="caption") if caption else None,
        ],
        className="table-block",
    )


def dropdown_labels(lang: str) -> dict[str, str]:
    """The words a dropdown shows itself ('2 selected', 'Search', 'No options found') in
    ``lang``; Dash's defaults are English whatever the page's language."""
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search")
    keys += ("clear_selection", "no_options_found")
    return {key: t(f"dropdown.{key}", lang) for key in keys}


def controls_row(*children) -> html.Div:
    """Filters laid out in one row."""
    return html.Div(list(children), className="controls")


def labelled(label: str, control, label_for: str | None = None) -> html.Div:
    """A control with its visible label."""
    return html.Div([html.Label(label, htmlFor=label_for), control], className="control")


def district_options(lang: str, names: list[str]) -> list[dict]:
    """Dropdown options for districts, labelled in the chosen language, sorted by label."""
    from dashboards.i18n import district_name

    options = [{"label": district_name(n, lang), "value": n} for n in names]
    return sorted(options, key=lambda o: o["label"])


def kpi_options(lang: str, kpis: list[str]) -> list[dict]:
    """Dropdown options for KPI ids, labelled with their names and grouped by the export
    they come from (the composite first), each group under a heading that cannot be chosen."""
    from dashboards.i18n import kpi_name, source_name
    from warehouse.kpi_catalogue import catalogue

    entries = catalogue()
    order = ["scorecard", *SOURCE_NAMES]
    groups: dict[str, list[str]] = {}
    for kpi in kpis:
        entry = entries.get(kpi)
        groups.setdefault(entry.source if entry else "", []).append(kpi)
    options: list[dict] = []
    for source in sorted(groups, key=lambda s: order.index(s) if s in order else len(order)):
        if source:
            heading = f"— {source_name(source, lang)} —"
            options.append({"label": heading, "value": f"group:{source}", "disabled": True})
        members = ({"label": kpi_name(k, lang), "value": k} for k in groups[source])
        options.extend(sorted(members, key=lambda o: o["label"]))
    return options


def url_sync(page: str, search: str = "") -> dcc.Store:
    """The store a page's callbacks write its query string to (the app mirrors it in the URL)."""
    return dcc.Store(id={"type": "url-sync", "page": page}, data=search)
