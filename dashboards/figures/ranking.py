"""One KPI across the districts: ranked bars, the tile-grid map, the trend against the state."""

from __future__ import annotations

import polars as pl

from dashboards.catalog import format_value, info, plot_value, unit_label
from dashboards.comparison import (
    NOT_FINAL,
    TOO_FEW,
    cases_text,
    compare,
    interval_text,
    note_text,
    rank_text,
    value_text,
)
from dashboards.figures.cell_colours import cell_labels, scale_colours, text_on
from dashboards.figures.style import (
    NEUTRAL_LIGHT,
    OKABE_ITO,
    PALE,
    SEQUENTIAL,
    STATE_COLOUR,
    TEXT,
    Figure,
    add_vline,
    apply_layout,
    figure,
    indian_axis,
    period_axis,
    update_axis,
    update_traces,
)
from dashboards.i18n import district_name, kpi_name, t
from warehouse.districts import STATE, districts


def kpi_title(kpi: str, lang: str, suffix: str = "") -> str:
    """'<KPI name> <suffix> (<unit>)'."""
    return f"{kpi_name(kpi, lang)}{' ' + suffix if suffix else ''} ({unit_label(kpi, lang)})"


def ranked_bar(values: pl.DataFrame, kpi: str, lang: str = "en", min_cases: int = 30) -> Figure:
    """Districts ranked by one KPI, best at the top, with the state value as a dashed line.

    ``values`` has columns district, value and, where the marts give them, denominator,
    ci_low, ci_high and status (the state row, district = Haryana, is optional). The rule of
    dashboards.comparison decides ranks and ties: each bar carries its Wilson interval as an
    error bar and in its text ('61.8 % (58–65 %)'), or its case count ('n = 20'); the rank
    ('=1' for a shared one) is written before the district's name. Values that are not
    ranked are listed below the ranked ones: grey for too few cases, light and hatched for
    provisional or partial values.
    """
    state = values.filter(pl.col("district") == STATE)["value"].to_list()
    rows = [r for r in compare(values, kpi, min_cases) if r["value"] is not None]
    names = [district_name(r["district"], lang) for r in rows]
    plotted = [plot_value(kpi, r["value"]) for r in rows]
    texts = []
    for r in rows:
        text = value_text(kpi, r, lang)
        if r["note"] in NOT_FINAL:
            text += f" · {note_text(r, lang)}"
        texts.append(text)
    colours = [
        NEUTRAL_LIGHT if r["note"] == TOO_FEW else (PALE if r["note"] else OKABE_ITO[0])
        for r in rows
    ]
    hatches = ["/" if r["note"] in NOT_FINAL else "" for r in rows]
    has_ci = [r["ci_low"] is not None and r["ci_high"] is not None for r in rows]
    error = None
    if any(has_ci):
        error = {
            "type": "data",
            "symmetric": False,
            "array": [
                plot_value(kpi, r["ci_high"]) - p if ok else 0
                for r, p, ok in zip(rows, plotted, has_ci, strict=True)
            ],
            "arrayminus": [
                p - plot_value(kpi, r["ci_low"]) if ok else 0
                for r, p, ok in zip(rows, plotted, has_ci, strict=True)
            ],
            "color": "#333333",
            "thickness": 1.2,
            "width": 3,
        }
    bars = {
        "type": "bar",
        "x": plotted,
        "y": names,
        "orientation": "h",
        "marker": {"color": colours, "pattern": {"shape": hatches, "fgcolor": "#4d4d4d"}},
        "customdata": texts,
        "text": texts,
        "textposition": "auto",
        "insidetextanchor": "start",
        "insidetextfont": {"color": [text_on(c) for c in colours]},
        "outsidetextfont": {"color": TEXT},
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
        "name": kpi_name(kpi, lang),
    }
    if error is not None:
        bars["error_x"] = error
    fig = figure(bars)
    ticks = [
        f"{rank_text(r)}  {name}" if rank_text(r) else name
        for r, name in zip(rows, names, strict=True)
    ]
    update_axis(
        fig,
        "yaxis",
        autorange="reversed",
        type="category",
        tickmode="array",
        tickvals=names,
        ticktext=ticks,
    )
    title = kpi_title(kpi, lang, "— " + ("ज़िलेवार" if lang == "hi" else "by district"))
    apply_layout(fig, title, unit_label(kpi, lang), "", height=max(420, 24 * len(names) + 120))
    if info(kpi).kind in ("count", "rupees"):
        update_axis(fig, "xaxis", **indian_axis(plotted, lang))
    elif info(kpi).kind == "rate":
        # A share cannot pass 100 %: the axis stops there, and labels of long bars are
        # written over the margin rather than stretching the axis to 120 %.
        update_traces(fig, cliponaxis=False)
        update_axis(fig, "xaxis", range=[0, 100])
    elif info(kpi).kind == "score":  # the RTS score's 0-10, for the same reason
        update_traces(fig, cliponaxis=False)
        update_axis(fig, "xaxis", range=[0, 10])
    if state and state[0] is not None:
        add_vline(
            fig,
            plot_value(kpi, state[0]),
            f"{t('legend.state', lang)}: {format_value(kpi, state[0], lang)}",
            colour=STATE_COLOUR,
            # behind the bars: it shows between them and never runs through their labels
            below=True,
            shift=18,
        )
    return fig


def tile_map(values: pl.DataFrame, kpi: str, lang: str = "en", min_cases: int = 30) -> Figure:
    """The 22 districts as a tile grid (a square each, placed roughly as on the map).

    No base map and no network: tile positions come from the district reference
    (tile_x, tile_y; y grows southwards). Colour: Viridis; districts without a value, or with
    too few cases to compare (min_cases), are grey. Each tile reads the value and its 95 %
    interval (rates) or its case count.
    """
    by_name = {r["district"]: r for r in compare(values, kpi, min_cases)}
    ref = districts()
    width = max(d.tile_x for d in ref) + 1
    height = max(d.tile_y for d in ref) + 1
    z: list[list[float | None]] = [[None] * width for _ in range(height)]
    text: list[list[str]] = [[""] * width for _ in range(height)]
    missing_x, missing_y, missing_text = [], [], []
    not_final: set[str] = set()
    for d in ref:
        row = by_name.get(d.name) or {"value": None}
        value = row["value"]
        label = f"{tile_label(district_name(d.name, lang))}<br>{format_value(kpi, value, lang)}"
        extra = tile_note(kpi, row, lang)
        if extra:
            label += f"<br>{extra}"
        if row.get("note") in NOT_FINAL:
            not_final.add(row["note"])
        if value is None or row.get("note") == TOO_FEW:
            missing_x.append(d.tile_x)
            missing_y.append(d.tile_y)
            missing_text.append(label)
        else:
            z[d.tile_y][d.tile_x] = plot_value(kpi, value)
            text[d.tile_y][d.tile_x] = label
    scale = SEQUENTIAL
    reverse = not info(kpi).higher_is_better
    drawn = [v for row in z for v in row if v is not None]
    low, high = (min(drawn), max(drawn)) if drawn else (0.0, 1.0)
    fig = figure(
        {
            "type": "heatmap",
            "z": z,
            "zmin": low,
            "zmax": high,
            "text": text,
            "hovertemplate": "%{text}<extra></extra>",
            "colorscale": scale,
            "reversescale": reverse,
            "xgap": 4,
            "ygap": 4,
            # Shorter than the plot and low: the toolbar shows at the top right on hover.
            "colorbar": {"title": {"text": unit_label(kpi, lang)}, "len": 0.7, "y": 0.35},
            "hoverongaps": False,
        }
    )
    if missing_x:
        fig["data"].append(
            {
                "type": "scatter",
                "x": missing_x,
                "y": missing_y,
                "mode": "markers+text",
                "text": missing_text,
                "marker": {"symbol": "square", "size": 40, "color": "#d9d9d9"},
                "hovertemplate": "%{text}<extra></extra>",
                "showlegend": False,
            }
        )
    cells = [(x, y) for y, row in enumerate(z) for x, v in enumerate(row) if v is not None]
    fig["data"].append(
        cell_labels(
            [x for x, _ in cells],
            [y for _, y in cells],
            [text[y][x] for x, y in cells],
            scale_colours([z[y][x] for x, y in cells], low, high, scale, reverse),
            size=11,
        )
    )
    update_axis(fig, "xaxis", visible=False, range=[-0.5, width - 0.5])
    update_axis(fig, "yaxis", visible=False, autorange="reversed", scaleanchor="x")
    title = kpi_title(kpi, lang, "— " + ("ज़िला ग्रिड मानचित्र" if lang == "hi" else "tile map"))
    for note in sorted(not_final):  # 'partial period', 'provisional'
        title += f" · {t(f'note.{note}', lang)}"
    return apply_layout(fig, title, height=520)


# Where a long place name may break on a tile: before the common endings of Haryana's
# district names ('Yamuna-nagar', 'Mahendra-garh', 'Kuru-kshetra'), or at a space.
_NAME_ENDINGS = ("nagar", "garh", "kshetra", "abad")
_TILE_NAME_CHARS = 10


def tile_label(name: str) -> str:
    """A district name that fits its tile: long names on two lines ('Charkhi<br>Dadri')."""
    if len(name) <= _TILE_NAME_CHARS:
        return name
    if " " in name:
        return name.replace(" ", "<br>", 1)
    for ending in _NAME_ENDINGS:
        if name.lower().endswith(ending) and len(name) > len(ending) + 2:
            return f"{name[: -len(ending)]}-<br>{name[-len(ending) :]}"
    return name


def tile_note(kpi: str, row: dict, lang: str) -> str:
    """A tile's third line: 'n = 20' for too few cases, else the rate's interval."""
    if row.get("value") is None:
        return ""
    if row.get("note") == TOO_FEW:
        return cases_text(row, lang)
    interval = interval_text(kpi, row.get("ci_low"), row.get("ci_high"))
    return f"({interval})" if interval else ""


def trend_lines(series: pl.DataFrame, kpi: str, lang: str = "en") -> Figure:
    """One KPI over time: a line per chosen district, the state as a thick black dashed line;
    a provisional or partial period's point is an open circle.

    ``series`` has columns district, period_start (ISO date), value (and status, optional).
    """
    fig = figure()
    names = sorted(set(series["district"].to_list()) - {STATE})
    for i, name in enumerate([*names, STATE]):
        rows = series.filter(pl.col("district") == name).sort("period_start")
        is_state = name == STATE
        label = t("legend.state", lang) if is_state else district_name(name, lang)
        raw = rows["value"].to_list()
        status = rows["status"].to_list() if "status" in rows.columns else [None] * len(raw)
        marks = [f" · {t(f'note.{x}', lang)}" if x in NOT_FINAL else "" for x in status]
        fig["data"].append(
            {
                "type": "scatter",
                "x": rows["period_start"].to_list(),
                "y": [plot_value(kpi, v) for v in raw],
                "mode": "lines+markers",
                # A provisional or partial period: an open marker, and said so on hover.
                "marker": {
                    "symbol": ["circle-open" if m else "circle" for m in marks],
                    "size": [10 if m else 6 for m in marks],
                },
                "name": label,
                "line": {
                    "color": STATE_COLOUR if is_state else OKABE_ITO[i % (len(OKABE_ITO) - 1)],
                    "dash": "dash" if is_state else "solid",
                    "width": 3 if is_state else 2,
                },
                "customdata": [
                    format_value(kpi, v, lang) + m for v, m in zip(raw, marks, strict=True)
                ],
                "hovertemplate": f"{label} %{{x}}: %{{customdata}}<extra></extra>",
            }
        )
    title = kpi_title(kpi, lang, "— " + ("समय के साथ" if lang == "hi" else "over time"))
    apply_layout(fig, title, t("col.period_start", lang), unit_label(kpi, lang))
    update_axis(fig, "xaxis", **period_axis(series["period_start"].to_list(), lang))
    if info(kpi).kind in ("count", "rupees"):
        values = [plot_value(kpi, v) for v in series["value"]]
        update_axis(fig, "yaxis", **indian_axis(values, lang))
    return fig
