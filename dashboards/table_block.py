"""A table as every page shows it: sortable, numbers grouped the Indian way, and a button
that downloads the rows as CSV under a name that says what they are."""

from __future__ import annotations

import re

from dash import MATCH, Input, Output, State, dash_table, dcc, html
from dash.dash_table.Format import Format, Scheme

from dashboards.i18n import DEFAULT_LANG, t

# d3-format cycles the group sizes, so Indian grouping (3, then 2s) is spelled out to 10^17.
INDIAN_GROUPS = [3, 2, 2, 2, 2, 2, 2, 2]


def number_format(decimals: int = 0) -> Format:
    """A DataTable number format with Indian digit grouping (1,03,515)."""
    return (
        Format(precision=decimals, scheme=Scheme.fixed)
        .group(True)
        .group_delimiter(",")
        .groups(INDIAN_GROUPS)
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
