"""The numbers behind a chart, as a table: for readers who cannot see the chart (a screen
reader reads a table, not an SVG) and for anyone who wants the exact values. Built from the
figure itself, so that it always shows what the chart draws.

Bars and lines give a row per category (the bars' districts, the line's periods) and a
column per trace; a heatmap a row per y label and a column per x label. Labels lose the
line breaks and bold the figures add for layout.
"""

from __future__ import annotations

import re

from dashboards.i18n import format_indian

MAX_CELLS = 2_000  # beyond this a table is no help to a reader: the page's own table is


def _label(value: object) -> str:
    text = re.sub(r"<br\s*/?>", " ", str(value))
    return re.sub(r"<[^>]+>", "", text).strip()


def _number(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)):
        whole = abs(value - round(value)) < 1e-9  # 0.29 * 100 is 29.000000000000004
        return format_indian(value, 0 if whole else 1)
    return _label(value)


def _series(trace: dict) -> tuple[list, list] | None:
    """(categories, values) of a bar or scatter trace, whatever its orientation."""
    x, y = trace.get("x"), trace.get("y")
    if x is None or y is None:
        return None
    if trace.get("orientation") == "h":
        return list(y), list(x)
    return list(x), list(y)


def figure_table(fig: dict, value_header: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the numbers ``fig`` draws; empty when it draws none (a message).

    ``value_header`` names the first column (what the categories are) when the axis has no
    title to lend it."""
    traces = fig.get("data", [])
    heatmaps = [t for t in traces if t["type"] == "heatmap" and t.get("z") is not None]
    if heatmaps:
        trace = heatmaps[0]
        z = trace["z"]
        columns = [_label(x) for x in (trace.get("x") or range(len(z[0])))]
        labels = trace.get("y") or range(len(z))
        rows = [
            [_label(label), *(_number(v) for v in row)]
            for label, row in zip(labels, z, strict=False)
        ]
        return [value_header, *columns], rows
    series = []
    for trace in traces:
        if trace["type"] not in ("bar", "scatter"):
            continue
        pair = _series(trace)
        if pair is not None:
            series.append((_label(trace.get("name") or ""), pair))
    if not series:
        return [], []
    categories: list = []
    for _name, (cats, _values) in series:
        categories += [c for c in cats if c not in categories]
    header = [value_header, *(name or value_header for name, _ in series)]
    lookup = [dict(zip(cats, values, strict=False)) for _, (cats, values) in series]
    rows = [[_label(c), *(_number(m.get(c)) for m in lookup)] for c in categories]
    if len(rows) * len(header) > MAX_CELLS:
        return [], []
    return header, rows
