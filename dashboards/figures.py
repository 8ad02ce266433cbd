"""Pure functions: small frames in, ``go.Figure`` out (no plotly.express: it costs ~110 ms).

Every figure has a title that names its unit, axis titles with units, colours that stay
readable with colour-blindness (Okabe-Ito for categories, Viridis for sequences) and hover
text written the Indian way (dashboards.i18n). District names follow the chosen language.
No function here touches the warehouse.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from dashboards.catalog import format_value, info, plot_value, unit_label
from dashboards.i18n import category_name, district_name, format_compact, kpi_name, t
from warehouse.districts import STATE, districts

# Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
STATE_COLOUR = "#000000"
NEUTRAL = "#7f7f7f"
SEQUENTIAL = "Viridis"
FONT = "Noto Sans, Noto Sans Devanagari, Arial, sans-serif"


def _layout(fig: go.Figure, title: str, x_title: str = "", y_title: str = "", height: int = 420):
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 12},
        height=height,
        margin={"l": 10, "r": 40, "t": 70, "b": 40},
        modebar={"orientation": "v"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "y": -0.18},
    )
    fig.update_xaxes(title_text=x_title, automargin=True, gridcolor="#e5e5e5", zeroline=False)
    fig.update_yaxes(title_text=y_title, automargin=True, gridcolor="#e5e5e5", zeroline=False)
    return fig


def nice_ticks(vmax: float, count: int = 5) -> list[float]:
    """Round tick positions from 0 to at least ``vmax`` (1, 2, 2.5 or 5 times a power of ten)."""
    if vmax is None or vmax <= 0 or math.isnan(vmax):
        return [0.0]
    raw = vmax / count
    power = 10 ** math.floor(math.log10(raw))
    step = max(1.0, next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))
    ticks = [0.0]
    while ticks[-1] < vmax:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _indian_axis(values: list[float | None], lang: str) -> dict:
    """Tick values and Indian-grouped labels (lakh/crore) for a count or rupee axis."""
    finite = [v for v in values if v is not None]
    ticks = nice_ticks(max(finite) if finite else 0)
    return {"tickvals": ticks, "ticktext": [format_compact(v, lang) for v in ticks]}


def empty_figure(message: str, title: str = "") -> go.Figure:
    """A blank figure that says why it is blank (no data for the selection)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=260)


def kpi_title(kpi: str, lang: str, suffix: str = "") -> str:
    """'<KPI name> <suffix> (<unit>)'."""
    return f"{kpi_name(kpi, lang)}{' ' + suffix if suffix else ''} ({unit_label(kpi, lang)})"


def ranked_bar(values: pl.DataFrame, kpi: str, lang: str = "en") -> go.Figure:
    """Districts ranked by one KPI, best at the top, with the state value as a dashed line.

    ``values`` has columns district, value (the state row, district = Haryana, is optional).
    """
    higher = info(kpi).higher_is_better
    state = values.filter(pl.col("district") == STATE)["value"].to_list()
    rows = values.filter((pl.col("district") != STATE) & pl.col("value").is_not_null())
    rows = rows.sort("value", descending=higher)
    names = [district_name(d, lang) for d in rows["district"].to_list()]
    raw = rows["value"].to_list()
    plotted = [plot_value(kpi, v) for v in raw]
    fig = go.Figure(
        go.Bar(
            x=plotted,
            y=names,
            orientation="h",
            marker_color=OKABE_ITO[0],
            customdata=[format_value(kpi, v, lang) for v in raw],
            text=[format_value(kpi, v, lang) for v in raw],
            textposition="auto",
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            name=kpi_name(kpi, lang),
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    title = kpi_title(kpi, lang, "— " + ("ज़िलेवार" if lang == "hi" else "by district"))
    _layout(fig, title, unit_label(kpi, lang), "", height=max(420, 24 * len(names) + 120))
    if info(kpi).kind in ("count", "rupees"):
        fig.update_xaxes(**_indian_axis(plotted, lang))
    if state and state[0] is not None:
        fig.add_vline(
            x=plot_value(kpi, state[0]),
            line_dash="dash",
            line_color=STATE_COLOUR,
            annotation_text=f"{t('legend.state', lang)}: {format_value(kpi, state[0], lang)}",
            annotation_position="top right",
            annotation_yshift=18,
        )
    return fig


def tile_map(values: pl.DataFrame, kpi: str, lang: str = "en") -> go.Figure:
    """The 22 districts as a tile grid (a square each, placed roughly as on the map).

    No base map and no network: tile positions come from the district reference
    (tile_x, tile_y; y grows southwards). Colour: Viridis; districts without a value are grey.
    """
    by_name = {r["district"]: r["value"] for r in values.iter_rows(named=True)}
    ref = districts()
    width = max(d.tile_x for d in ref) + 1
    height = max(d.tile_y for d in ref) + 1
    z: list[list[float | None]] = [[None] * width for _ in range(height)]
    text: list[list[str]] = [[""] * width for _ in range(height)]
    missing_x, missing_y, missing_text = [], [], []
    for d in ref:
        value = by_name.get(d.name)
        label = f"{district_name(d.name, lang)}<br>{format_value(kpi, value, lang)}"
        if value is None:
            missing_x.append(d.tile_x)
            missing_y.append(d.tile_y)
            missing_text.append(label)
        else:
            z[d.tile_y][d.tile_x] = plot_value(kpi, value)
            text[d.tile_y][d.tile_x] = label
    scale = SEQUENTIAL
    fig = go.Figure(
        go.Heatmap(
            z=z,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertemplate="%{text}<extra></extra>",
            colorscale=scale,
            reversescale=not info(kpi).higher_is_better,
            xgap=4,
            ygap=4,
            colorbar={"title": {"text": unit_label(kpi, lang)}},
            hoverongaps=False,
        )
    )
    if missing_x:
        fig.add_trace(
            go.Scatter(
                x=missing_x,
                y=missing_y,
                mode="markers+text",
                text=missing_text,
                marker={"symbol": "square", "size": 40, "color": "#d9d9d9"},
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
        )
    fig.update_xaxes(visible=False, range=[-0.5, width - 0.5])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    title = kpi_title(kpi, lang, "— " + ("ज़िला ग्रिड मानचित्र" if lang == "hi" else "tile map"))
    return _layout(fig, title, height=520)


def trend_lines(series: pl.DataFrame, kpi: str, lang: str = "en") -> go.Figure:
    """One KPI over time: a line per chosen district, the state as a thick black dashed line.

    ``series`` has columns district, period_start (ISO date), value.
    """
    fig = go.Figure()
    names = sorted(set(series["district"].to_list()) - {STATE})
    for i, name in enumerate([*names, STATE]):
        rows = series.filter(pl.col("district") == name).sort("period_start")
        is_state = name == STATE
        label = t("legend.state", lang) if is_state else district_name(name, lang)
        raw = rows["value"].to_list()
        fig.add_trace(
            go.Scatter(
                x=rows["period_start"].to_list(),
                y=[plot_value(kpi, v) for v in raw],
                mode="lines+markers",
                name=label,
                line={
                    "color": STATE_COLOUR if is_state else OKABE_ITO[i % (len(OKABE_ITO) - 1)],
                    "dash": "dash" if is_state else "solid",
                    "width": 3 if is_state else 2,
                },
                customdata=[format_value(kpi, v, lang) for v in raw],
                hovertemplate=f"{label} %{{x}}: %{{customdata}}<extra></extra>",
            )
        )
    title = kpi_title(kpi, lang, "— " + ("समय के साथ" if lang == "hi" else "over time"))
    _layout(fig, title, t("col.period_start", lang), unit_label(kpi, lang))
    if info(kpi).kind in ("count", "rupees"):
        fig.update_yaxes(**_indian_axis([plot_value(kpi, v) for v in series["value"]], lang))
    return fig


def category_mix_bars(mix: pl.DataFrame, district: str, lang: str = "en") -> go.Figure:
    """Stacked share of calls per category for each period, largest category first.

    ``mix`` has columns period_start, category, value (a share 0-1).
    """
    totals = (
        mix.group_by("category")
        .agg(pl.col("numerator").sum().alias("n"))
        .sort("n", descending=True)
    )
    fig = go.Figure()
    for i, category in enumerate(totals["category"].to_list()):
        rows = mix.filter(pl.col("category") == category).sort("period_start")
        raw = rows["value"].to_list()
        fig.add_trace(
            go.Bar(
                x=rows["period_start"].to_list(),
                y=[None if v is None else v * 100 for v in raw],
                name=category_name(category, lang),
                marker_color=OKABE_ITO[i % len(OKABE_ITO)],
                marker_pattern_shape="" if i < len(OKABE_ITO) else "/",
                hovertemplate=f"{category_name(category, lang)} %{{x}}: %{{y:.1f}} %<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    prefix = "कॉल श्रेणी मिश्रण" if lang == "hi" else "Helpline call-category mix"
    title = f"{prefix}: {district_name(district, lang)} (% {t('unit.calls', lang)})"
    _layout(fig, title, t("col.period_start", lang), "%")
    fig.update_yaxes(range=[0, 100])
    return fig


def funnel(stages: list[tuple[str, float | None]], title: str, lang: str = "en") -> go.Figure:
    """A funnel of counts (applied -> decided -> issued), each stage with its share of the first."""
    labels = [s[0] for s in stages]
    counts = [s[1] or 0 for s in stages]
    first = counts[0] if counts and counts[0] else None
    text = [
        format_compact(c, lang) + (f" ({c / first * 100:.1f} %)" if first and i else "")
        for i, c in enumerate(counts)
    ]
    fig = go.Figure(
        go.Funnel(
            y=labels,
            x=counts,
            text=text,
            textinfo="text",
            marker={"color": [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(labels))]},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    return _layout(fig, title, t("unit.count", lang), "", height=320)


def category_bar(
    labels: list[str],
    values: list[float | None],
    title: str,
    x_title: str,
    lang: str = "en",
    reference: float | None = None,
    reference_label: str = "",
    value_text: list[str] | None = None,
) -> go.Figure:
    """Horizontal bars for named groups (centres, departments), with an optional reference line."""
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=OKABE_ITO[4],
            text=value_text,
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    _layout(fig, title, x_title, "", height=max(320, 24 * len(labels) + 120))
    if reference is not None:
        fig.add_vline(
            x=reference,
            line_dash="dash",
            line_color=STATE_COLOUR,
            annotation_text=reference_label,
            annotation_position="top right",
        )
    return fig


def waiting_histogram(hist: pl.DataFrame, lang: str = "en", title_suffix: str = "") -> go.Figure:
    """Completed transactions per 5-minute waiting-time bucket, coloured by the RTS points the
    bucket earns (up to 30 min: 10, up to 45: 5, longer: 0), with the 30 and 45 minute marks.

    ``hist`` has bucket_lower_min, bucket_upper_min (null for the overflow bucket > 120 min),
    rts_points and transactions.
    """
    lowers = hist["bucket_lower_min"].to_list()
    uppers = hist["bucket_upper_min"].to_list()
    counts = hist["transactions"].to_list()
    points = hist["rts_points"].to_list()
    colour = {10: OKABE_ITO[2], 5: OKABE_ITO[1]}
    labels = [
        f"> {lo}" if up is None else f"{lo}-{up}" for lo, up in zip(lowers, uppers, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=[lo + 2.5 for lo in lowers],
            y=counts,
            width=[5] * len(lowers),
            marker_color=[colour.get(p, OKABE_ITO[5]) for p in points],
            marker_line_color="white",
            marker_line_width=0.5,
            customdata=[
                [label, format_compact(c, lang), p]
                for label, c, p in zip(labels, counts, points, strict=True)
            ],
            hovertemplate="%{customdata[0]} min: %{customdata[1]} (%{customdata[2]} RTS)<extra></extra>",
        )
    )
    for mark, label in ((30, "30 min: 10 → 5"), (45, "45 min: 5 → 0")):
        fig.add_vline(x=mark, line_dash="dash", line_color=STATE_COLOUR, annotation_text=label)
    head = (
        "टोकन से सेवा पूरी होने तक प्रतीक्षा" if lang == "hi" else "Waiting time from token to completion"
    )
    title = f"{head}{title_suffix} ({t('unit.transactions', lang)})"
    _layout(fig, title, t("unit.minutes", lang) + " (> 120 = 120+)", t("unit.transactions", lang))
    fig.update_yaxes(**_indian_axis(counts, lang))
    return fig


def freshness_heatmap(fresh: pl.DataFrame, lang: str = "en") -> go.Figure:
    """Days between the newest record and the snapshot, per source (rows) and district."""
    sources = sorted(set(fresh["source"].to_list()))
    names = sorted(set(fresh["district"].to_list()))
    lookup = {(r["source"], r["district"]): r for r in fresh.iter_rows(named=True)}
    z, text = [], []
    for s in sources:
        row_z, row_t = [], []
        for d in names:
            r = lookup.get((s, d))
            age = None if r is None else r["age_days"]
            row_z.append(age)
            row_t.append(
                "" if r is None else f"{r['last_event_day']} ({age} {t('unit.days', lang)})"
            )
        z.append(row_z)
        text.append(row_t)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[district_name(d, lang) for d in names],
            y=sources,
            text=text,
            colorscale=SEQUENTIAL,
            reversescale=True,
            zmin=0,
            zmax=max([1] + [v for row in z for v in row if v is not None]),
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": t("unit.days", lang)}},
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    title = f"{t('h.freshness', lang)} ({t('col.age_days', lang)})"
    return _layout(fig, title, "", "", height=max(320, 36 * len(sources) + 160))


def quarantine_bars(summary: pl.DataFrame, lang: str = "en") -> go.Figure:
    """Quarantined rows per source, stacked by reason."""
    by = summary.group_by(["source", "reason"]).agg(pl.col("rows").sum()).sort(["source", "reason"])
    fig = go.Figure()
    for i, reason in enumerate(sorted(set(by["reason"].to_list()))):
        rows = by.filter(pl.col("reason") == reason)
        fig.add_trace(
            go.Bar(
                x=rows["rows"].to_list(),
                y=rows["source"].to_list(),
                orientation="h",
                name=reason,
                marker_color=OKABE_ITO[i % len(OKABE_ITO)],
                hovertemplate=f"%{{y}} · {reason}: %{{x}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    title = f"{t('h.quarantine', lang)} ({t('unit.rows', lang)})"
    _layout(fig, title, t("unit.rows", lang), "")
    fig.update_xaxes(**_indian_axis(by["rows"].to_list(), lang))
    return fig


def profile_dots(rows: list[dict], district: str, lang: str = "en") -> go.Figure:
    """Rate KPIs of one district (dots) against the state (black bar) and the best district.

    ``rows`` are dicts with kpi, value, state, best_value (rates 0-1).
    """
    rows = [r for r in rows if info(r["kpi"]).kind == "rate"]
    labels = [kpi_name(r["kpi"], lang) for r in rows]

    def pct(key: str) -> list[float | None]:
        return [None if r[key] is None else r[key] * 100 for r in rows]

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=pct("best_value"),
            y=labels,
            mode="markers",
            name=t("legend.best", lang),
            marker={
                "symbol": "diamond-open",
                "size": 12,
                "color": OKABE_ITO[2],
                "line": {"width": 2},
            },
            customdata=[district_name(r.get("best_district") or "", lang) for r in rows],
            hovertemplate="%{y}: %{x:.1f} % (%{customdata})<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=pct("state"),
            y=labels,
            mode="markers",
            name=t("legend.state", lang),
            marker={
                "symbol": "line-ns-open",
                "size": 16,
                "color": STATE_COLOUR,
                "line": {"width": 3},
            },
            hovertemplate="%{y}: %{x:.1f} %<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=pct("value"),
            y=labels,
            mode="markers",
            name=district_name(district, lang),
            marker={"symbol": "circle", "size": 12, "color": OKABE_ITO[0]},
            hovertemplate="%{y}: %{x:.1f} %<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(range=[0, 100])
    head = (
        "दर संकेतक: ज़िला, राज्य और सर्वश्रेष्ठ"
        if lang == "hi"
        else "Rate indicators: district, state and best"
    )
    title = f"{head} — {district_name(district, lang)} (%)"
    return _layout(fig, title, "%", "", height=max(360, 28 * len(labels) + 140))


def theme_heatmap(themes: pl.DataFrame, order: list[str], lang: str = "en") -> go.Figure:
    """Theme sub-indices (0-100, 100 = best) per district: districts in ``order`` (best
    first, top to bottom), one column per theme; the cell text is the sub-index."""
    from dashboards.i18n import theme_name

    if themes.is_empty() or not order:
        return empty_figure(t("msg.no_rows", lang))
    theme_ids = sorted(themes["theme"].unique().to_list())
    cells = {(r["district"], r["theme"]): r["sub_index"] for r in themes.iter_rows(named=True)}
    z = [[cells.get((d, th)) for th in theme_ids] for d in order]
    text = [["–" if v is None else f"{v:.0f}" for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[theme_name(th, lang) for th in theme_ids],
            y=[district_name(d, lang) for d in order],
            text=text,
            texttemplate="%{text}",
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": "0-100"}},
            hovertemplate="%{y} · %{x}: %{z:.1f}<extra></extra>",
        )
    )
    _layout(fig, t("h.sc_themes", lang), height=max(360, 28 * len(order) + 120))
    fig.update_yaxes(autorange="reversed")
    return fig


def rank_ranges(frame: pl.DataFrame, lang: str = "en") -> go.Figure:
    """Each district's rank (dot) and 95 % bootstrap rank range (bar), best at the top;
    districts whose ranges overlap cannot be told apart."""
    rows = frame.filter(pl.col("rank_low").is_not_null()).sort("composite_rank", nulls_last=True)
    if rows.is_empty():
        return empty_figure(t("msg.no_rows", lang))
    names = [district_name(d, lang) for d in rows["district"]]
    low, high = rows["rank_low"].to_list(), rows["rank_high"].to_list()
    point = [r if r is not None else None for r in rows["composite_rank"].to_list()]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=[h - lo + 0.8 for lo, h in zip(low, high, strict=True)],
            base=[lo - 0.4 for lo in low],
            customdata=list(zip(low, high, strict=True)),
            orientation="h",
            marker={"color": "#c6dbef"},
            name=t("col.rank_range", lang),
            hovertemplate="%{y}: %{customdata[0]} – %{customdata[1]}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=names,
            x=point,
            mode="markers",
            marker={"color": OKABE_ITO[4], "size": 9},
            name=t("col.rank", lang),
        )
    )
    _layout(
        fig, t("col.rank_range", lang), x_title=t("col.rank", lang), height=28 * len(names) + 140
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(dtick=1, range=[0.5, max(high) + 0.5])
    return fig


def attribution_bars(parts: pl.DataFrame, change: float | None, lang: str = "en") -> go.Figure:
    """Why a composite moved: each KPI's contribution (points of the 0-100 composite) as a
    waterfall from 0 to the total change, which the bars sum to exactly."""
    if parts.is_empty() or change is None:
        return empty_figure(t("msg.no_rows", lang))
    labels = [kpi_name(k, lang) for k in parts["kpi"]]
    values = parts["contribution"].to_list()
    fig = go.Figure(
        go.Waterfall(
            orientation="v",
            x=[*labels, t("col.change", lang)],
            y=[*values, change],
            measure=[*["relative"] * len(values), "total"],
            text=[f"{v:+.1f}" for v in [*values, change]],
            textposition="outside",
            increasing={"marker": {"color": OKABE_ITO[2]}},
            decreasing={"marker": {"color": OKABE_ITO[5]}},
            totals={"marker": {"color": NEUTRAL}},
            connector={"line": {"color": "#bbbbbb"}},
        )
    )
    _layout(fig, t("h.sc_attribution", lang), y_title=t("col.change", lang), height=460)
    return fig
