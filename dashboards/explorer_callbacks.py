"""What the KPI explorer's callbacks answer: each makes its inputs safe, reads one snapshot
and returns its blocks. The page (dashboards/pages/explorer.py) wires them to its ids."""

from __future__ import annotations

from dashboards import data
from dashboards.control_room_panel import hours_panel, is_control_room_kpi
from dashboards.explorer_blocks import explorer_figures, trend_block
from dashboards.i18n import lang_or_default, t
from dashboards.messages import message
from dashboards.periods import period_choices
from dashboards.snapshot_guard import current_warehouse, guarded
from dashboards.urlstate import UrlState, choose, iso_period, serialise_state
from warehouse.districts import district_names

GRAINS = ("month", "week", "day", "total")


def update_periods(grain: str, period: str | None, lang: str):
    grain = choose(grain, GRAINS, "month")
    return period_choices(current_warehouse(), grain, iso_period(period), lang)


def _selection(kpi, grain, period, districts, lang):
    """The inputs made safe: a known grain, an ISO period, up to 8 known districts."""
    grain = choose(grain, GRAINS, "month")
    allowed = set(district_names())
    chosen = districts if isinstance(districts, list) else []  # anything else is ignored
    picked = tuple(d for d in chosen if d in allowed)[:8]
    return kpi, grain, iso_period(period), picked, lang_or_default(lang)


def update_explorer(
    kpi: str, grain: str, period: str | None, districts: list[str] | None, lang: str
):
    """The ranked bars, the tile map and the table for the chosen KPI and period; the URL's
    query string (the chosen districts go there too; only the trend draws them)."""
    warehouse = current_warehouse()
    kpi, grain, period, picked, lang = _selection(kpi, grain, period, districts, lang)

    def render():
        if kpi not in data.kpi_ids(warehouse) or not period:
            empty = message(t("msg.no_rows", lang))
            return empty, empty, empty
        return explorer_figures(warehouse, kpi, grain, period, lang)

    result = guarded(render, lang)
    if not isinstance(result, tuple):
        result = (result, None, None)
    search = serialise_state(
        UrlState(lang=lang, kpi=kpi, grain=grain, period=period, districts=picked)
    )
    return (*result, search)


def update_trend(kpi: str, grain: str, districts: list[str] | None, lang: str):
    """The trend of the chosen districts: a callback of its own, as it does not change with
    the period and is the heaviest block at a daily grain."""
    warehouse = current_warehouse()
    kpi, grain, _, picked, lang = _selection(kpi, grain, None, districts, lang)

    def render():
        if kpi not in data.kpi_ids(warehouse):
            return message(t("msg.no_rows", lang))
        return trend_block(warehouse, kpi, grain, list(picked), lang)

    return guarded(render, lang)


def update_control_room(kpi: str, grain: str, period: str | None, lang: str):
    """The control-room panel (its children, hidden): a callback of its own, fired by the
    KPI, grain and period only; for any other KPI hidden, and nothing is queried."""
    if not is_control_room_kpi(kpi):
        return None, True
    warehouse = current_warehouse()
    kpi, grain, period, _, lang = _selection(kpi, grain, period, None, lang)

    def render():
        if kpi not in data.kpi_ids(warehouse) or not period:
            return message(t("msg.no_rows", lang))
        return hours_panel(warehouse, kpi, grain, period, lang)

    return guarded(render, lang), False
