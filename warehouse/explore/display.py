"""Display helpers: the notebook renderer, full KPI tables, Markdown headings."""

from __future__ import annotations

import html
from pathlib import Path

import polars as pl

from warehouse.kpi_catalogue import catalogue


def setup_notebook() -> None:
    """Make charts survive export: Plotly's "notebook" renderer embeds plotly.js in the output.

    Under the default renderer an executed figure is dropped from nbconvert's HTML, and the
    "notebook_connected" one fetches plotly.js from a CDN that district offices cannot reach.
    """
    import plotly.io as pio

    pio.renderers.default = "notebook"
    pl.Config.set_tbl_rows(40)
    pl.Config.set_tbl_cols(12)
    pl.Config.set_fmt_str_lengths(80)


class KpiTable:
    """A KPI long table shown in full (every row, exact counts), for reports and notebooks.

    Polars' own HTML shows a bounded number of rows and rounds; a district report must show
    every KPI with its numerator and denominator, exactly as `jansewa kpis` prints them.
    Rows carry ``data-kpi`` attributes so that tests can read the numbers back from HTML.
    """

    def __init__(
        self, frame: pl.DataFrame, labels: dict[str, str] | None = None, caption: str = ""
    ):
        self.frame = frame
        self.labels = labels or {}
        self.caption = caption

    def _repr_html_(self) -> str:
        heads = ("KPI", "what it measures", "numerator", "denominator", "value")
        head = "".join(f"<th>{c}</th>" for c in heads)
        body = []
        for row in self.frame.iter_rows(named=True):
            kpi = html.escape(row["kpi"])
            body.append(
                f'<tr data-kpi="{kpi}"><td><code>{kpi}</code></td>'
                f"<td>{html.escape(self.labels.get(row['kpi'], ''))}</td>"
                f'<td class="num">{_number(row["numerator"])}</td>'
                f'<td class="num">{_number(row["denominator"])}</td>'
                f'<td class="num">{_number(row["value"], 4)}</td></tr>'
            )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            '<table class="jansewa-kpis">'
            f"{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


def kpi_table(
    frame: pl.DataFrame, caption: str = "", warehouse: str | Path | None = None
) -> KpiTable:
    """Wrap a ``kpis`` frame for display, each id with its name from the KPI catalogue.

    ``warehouse`` is accepted like everywhere in this helper; the names do not depend on it.
    """
    del warehouse  # the catalogue is the same for every snapshot
    labels = {kpi: entry.name for kpi, entry in catalogue().items()}
    return KpiTable(frame, labels, caption)


def _number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "&ndash;"
    if decimals and float(value) != int(value):
        return f"{value:,.{decimals}f}"
    return f"{value:,.0f}"


class Markdown:
    """Markdown a notebook can display (a report heading that names its district and range)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text
