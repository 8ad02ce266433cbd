"""What a district brief says: the standing on the composite, then one section per scorecard
theme with every KPI of that area beside the state and the best district, and the notes
that explain ranks and flag the data. Built from the same queries, rules and names as the
dashboard's pages (dashboards.data, dashboards.comparison, dashboards.catalog), so that a
brief and the page it summarises never disagree. Pure data: charts and layout are elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from dashboards import data, figures
from dashboards.brief.wording import say
from dashboards.catalog import format_change, info, table_value, unit_label
from dashboards.comparison import note_text
from dashboards.district_profile import profile_rows
from dashboards.i18n import district_name, format_day, kpi_name, t, theme_name
from dashboards.periods import period_label
from warehouse.districts import district_names
from warehouse.kpi_catalogue import catalogue

# The scorecard's themes (warehouse/reference/scorecard_weights.yml), and the sources whose
# other KPIs (counts, medians, shares) belong with each.
THEME_SOURCES = {
    "helpline": ("helpline_calls",),
    "passes_relief": (
        "movement_passes",
        "relief_beneficiaries",
        "relief_payments",
        "migrant_registrations",
    ),
    "service_delivery": ("service_transactions",),
    "grievances": ("grievances",),
    "e_governance": ("appointments", "eoffice_files"),
}


class NoSuchPeriodError(ValueError):
    """The period asked for has no published month."""


@dataclass
class Section:
    key: str
    title: str
    lines: list[dict]  # one per KPI: name, unit, value, state, rank, best, note
    chart: dict | None = None
    chart_caption: str = ""


@dataclass
class Brief:
    district: str
    lang: str
    period: str  # the month's first day, ISO
    title: str
    subtitle: str
    standing: list[tuple[str, str]]  # (label, text) pairs of the summary card
    themes: list[dict]  # theme, sub_index, rank
    standing_chart: dict | None
    sections: list[Section] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def brief_period(warehouse: Path, period: str | None) -> str:
    """The month a brief covers: ``period`` ('2020-05' or '2020-05-01') when published, else
    the latest complete month (the dashboard's default)."""
    months = data.periods(warehouse, "month")
    if period:
        wanted = period if len(period) == 10 else f"{period}-01"
        if wanted not in months:
            choices = ", ".join(m[:7] for m in sorted(months))
            raise NoSuchPeriodError(f"no published month {period}: choose one of {choices}")
        return wanted
    latest = data.latest_complete(months, data.period_status(warehouse, "month"))
    if latest is None:
        raise NoSuchPeriodError("the snapshot holds no month yet: run `jansewa refresh` first")
    return latest


def _kpis_of(theme: str) -> list[str]:
    entries = catalogue()
    return [
        kpi
        for kpi, entry in entries.items()
        if entry.theme == theme or (entry.theme is None and entry.source in THEME_SOURCES[theme])
    ]


def _line(row: dict, lang: str) -> dict:
    kpi = row["kpi"]
    best = ""
    if row["best_district"]:
        best = f"{district_name(row['best_district'], lang)}: " + table_value(
            kpi, row["best_value"], lang
        )
    return {
        "name": kpi_name(kpi, lang),
        "unit": unit_label(kpi, lang),
        "value": table_value(kpi, row["value"], lang),
        "interval": row["interval"],
        "state": table_value(kpi, row["state"], lang),
        "rank": row["rank"],
        "best": best,
        "note": note_text(row, lang),
    }


def _sections(rows: list[dict], district: str, lang: str) -> list[Section]:
    by_kpi = {r["kpi"]: r for r in rows}
    sections = []
    for theme in THEME_SOURCES:
        mine = [by_kpi[k] for k in _kpis_of(theme) if k in by_kpi]
        mine = [r for r in mine if r["value"] is not None or r["state"] is not None]
        if not mine:
            continue
        mine.sort(key=lambda r: (info(r["kpi"]).kind != "rate", kpi_name(r["kpi"], lang)))
        rates = [r for r in mine if info(r["kpi"]).kind == "rate"]
        sections.append(
            Section(
                key=theme,
                title=theme_name(theme, lang),
                lines=[_line(r, lang) for r in mine],
                chart=figures.profile_dots(rates, district, lang) if rates else None,
                chart_caption=say("dots_caption", lang, district=district_name(district, lang)),
            )
        )
    return sections


def _standing(row: dict | None, drivers: pl.DataFrame, period: str, lang: str) -> list:
    if row is None or row["composite_index"] is None:
        return [(say("composite", lang), say("not_scored", lang))]
    total = len(district_names())
    if row["composite_rank"] is None:
        rank = t("sc.not_ranked", lang)
    else:
        rank = say("rank_of", lang, rank=row["composite_rank"], total=total)
        if row["rank_low"] is not None and row["rank_low"] != row["rank_high"]:
            rank += " " + say("rank_range", lang, low=row["rank_low"], high=row["rank_high"])
    lines = [
        (say("composite", lang), f"{row['composite_index']:.1f} / 100"),
        (t("col.rank", lang), rank),
    ]
    if row["composite_change"] is not None:
        previous = row["composite_index"] - row["composite_change"]
        change = format_change("composite_index", row["composite_index"], previous, lang)
        moved = row["rank_change"]
        if moved:
            change += " · " + say("places_up" if moved > 0 else "places_down", lang, n=abs(moved))
        lines.append((say("since_last_month", lang), change))
    mine = drivers.filter(pl.col("effective_weight") > 0)
    if not mine.is_empty():
        best = mine.sort("scaled_score", descending=True).row(0, named=True)
        worst = mine.sort("scaled_score").row(0, named=True)
        lines.append((say("strongest", lang), _driver(best, lang)))
        lines.append((say("weakest", lang), _driver(worst, lang)))
    if row.get("met") is not None:
        lines.append(
            (say("targets", lang), say("targets_text", lang, **{k: row[k] for k in TARGETS}))
        )
    return lines


TARGETS = ("met", "near", "missed")


def _standing_chart(frame: pl.DataFrame, district: str, lang: str) -> dict | None:
    """The overview's composite chart, short enough to share the first page, with this
    district's bar in orange (and its name in bold) so that it is found at a glance."""
    if frame.is_empty():
        return None
    fig = figures.composite_bars(frame, lang)
    if not fig["data"]:
        return fig
    bars = fig["data"][0]
    name = district_name(district, lang)
    colour = bars["marker"]["color"]
    colours = list(colour) if isinstance(colour, (list, tuple)) else None
    if colours is not None and name in bars["y"]:
        colours[list(bars["y"]).index(name)] = HIGHLIGHT
        bars["marker"]["color"] = colours
        bars["y"] = [f"<b>{y}</b>" if y == name else y for y in bars["y"]]
    fig["layout"]["height"] = 600
    return fig


HIGHLIGHT = "#E69F00"  # Okabe-Ito orange: apart from the blue and grey of the other bars


def _driver(row: dict, lang: str) -> str:
    return f"{kpi_name(row['kpi'], lang)} ({row['scaled_score']:.0f} / 100)"


def build_brief(warehouse: Path, district: str, lang: str, period: str | None = None) -> Brief:
    """The brief of ``district`` for a month (see brief_period) in ``lang``."""
    period = brief_period(warehouse, period)
    frame = data.scorecard_full(warehouse, "month", period)
    own = frame.filter(pl.col("district") == district).to_dicts()
    drivers = data.scorecard_drivers(warehouse, "month", period)
    themes = data.scorecard_themes(warehouse, "month", period).filter(
        pl.col("district") == district
    )
    rows = profile_rows(
        data.period_values(warehouse, "month", period), district, data.min_cases(warehouse)
    )
    reaches, published = data.data_reaches(warehouse), data.published_at(warehouse)
    month = period_label(period, "month", lang)
    brief = Brief(
        district=district,
        lang=lang,
        period=period,
        title=say("title", lang, district=district_name(district, lang), month=month),
        subtitle=say(
            "subtitle",
            lang,
            reaches=format_day(reaches, lang) if reaches else "—",
            published=format_day(published.date(), lang) if published else "—",
        ),
        standing=_standing(
            own[0] if own else None, drivers.filter(pl.col("district") == district), period, lang
        ),
        themes=[
            {
                "theme": theme_name(r["theme"], lang),
                "sub_index": "—" if r["sub_index"] is None else f"{r['sub_index']:.1f}",
                "rank": "—" if r["theme_rank"] is None else str(r["theme_rank"]),
            }
            for r in themes.sort("theme").iter_rows(named=True)
        ],
        standing_chart=_standing_chart(frame, district, lang),
        sections=_sections(rows, district, lang),
    )
    flags = data.dq_flags(warehouse, "month", period)
    for r in flags.filter(pl.col("district") == district).iter_rows(named=True):
        brief.flags.append(f"{t('source.' + r['source'], lang)}: {r['reason']}")
    brief.notes = [
        say("note_ranks", lang, min_cases=data.min_cases(warehouse)),
        say("note_best", lang),
    ]
    return brief
