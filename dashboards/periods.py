"""The period controls every page shares: grain buttons, the period picker (partial periods
marked), the default period (the latest complete one of the grain) and the banner that says
what a partial period means. A partial period is one that not every source has been exported
to the end of (kpi_periods.complete): its counts are short and its recent-cohort rates low, so
a page never opens on one unless nothing else exists."""

from __future__ import annotations

from pathlib import Path

from dash import dcc, html

from dashboards.controls import dropdown_labels, labelled
from dashboards.data import MartMissingError
from dashboards.i18n import format_day, format_month, lang_or_default, t
from dashboards.messages import message
from dashboards.snapshot_guard import current_warehouse, guarded
from warehouse.snapshot import SnapshotMissingError


def grain_and_period(
    page: str,
    lang: str,
    grains,
    grain: str,
    periods: list[str],
    period,
    status: dict[str, dict] | None = None,
):
    """The grain buttons and the period picker that several pages share (ids `<page>-grain`,
    `<page>-period`), as two labelled controls for `controls_row`; partial periods are marked
    in the picker (``status``: data.period_status of the grain)."""
    return (
        labelled(
            t("ctl.grain", lang),
            dcc.RadioItems(
                id=f"{page}-grain", options=grain_options(lang, grains), value=grain, inline=True
            ),
        ),
        labelled(
            t("ctl.period", lang),
            dcc.Dropdown(
                labels=dropdown_labels(lang),
                id=f"{page}-period",
                options=period_options(periods, grain, lang, status),
                value=period,
                clearable=False,
            ),
        ),
    )


def period_label(period: str, grain: str, lang: str) -> str:
    """'2020-04-01' as 'Apr 2020' (month), 'Week of 6 Apr 2020' (week), '6 Apr 2020' (day)."""
    if grain == "total":
        return t("grain.total", lang)
    if grain == "month":
        return format_month(period, lang)
    if grain == "week":
        return f"{'सप्ताह' if lang == 'hi' else 'Week of'} {format_day(period, lang)}"
    return format_day(period, lang)


def period_options(
    periods: list[str], grain: str, lang: str, status: dict[str, dict] | None = None
) -> list[dict]:
    """Dropdown options for the periods of a grain, newest first; with ``status`` (from
    data.period_status) a period that is not complete reads 'May 2020 · partial'."""

    def label(p: str) -> str:
        text = period_label(p, grain, lang)
        if status is not None and not status.get(p, {}).get("complete"):
            text += f" · {t('tag.partial', lang)}"
        return text

    return [{"label": label(p), "value": p} for p in periods]


def period_status_or_none(warehouse: Path, grain: str) -> dict[str, dict] | None:
    """data.period_status, or None when the snapshot has no kpi_periods (nothing is marked
    then, and the newest period is the default, as before the table existed)."""
    from dashboards import data

    try:
        return data.period_status(warehouse, grain)
    except MartMissingError:
        return None


def default_period(warehouse: Path, grain: str, plist: list[str], wanted: str | None):
    """``wanted`` when the grain has it, else the latest complete period of the grain, else
    the newest; with the grain's period status (None without kpi_periods)."""
    from dashboards import data

    status = period_status_or_none(warehouse, grain)
    if wanted in plist:
        return wanted, status
    if status is None:
        return (plist[0] if plist else None), None
    return data.latest_complete(plist, status), status


def period_banner(warehouse: Path, grain: str, period: str | None, lang: str):
    """A warning when the chosen period is partial: what that means and which period is the
    latest complete one; None for a complete period."""

    if not period:
        return None
    status = period_status_or_none(warehouse, grain)
    if status is None or status.get(period, {}).get("complete", False) or period not in status:
        return None
    complete = [p for p, s in status.items() if s["complete"]]
    latest = max(complete) if complete else None
    return message(
        t(
            "banner.partial",
            lang,
            period=period_label(period, grain, lang),
            end=format_day(status[period]["period_end"], lang),
            latest=period_label(latest, grain, lang) if latest else t("banner.no_complete", lang),
        ),
        "warning",
        id="period-partial-banner",
    )


def period_banner_block(page: str) -> html.Div:
    """Where a page's partial-period banner goes (filled by register_period_banner)."""
    return html.Div(id=f"{page}-period-banner")


def register_period_banner(app, page: str, grains) -> None:
    """Fill `<page>-period-banner` whenever the page's grain or period changes."""
    from dash import Input, Output, State

    from dashboards.urlstate import choose, iso_period

    def update(grain, period, lang):
        lang = lang_or_default(lang)
        grain = choose(grain, grains, "month")
        return guarded(
            lambda: period_banner(current_warehouse(), grain, iso_period(period), lang), lang
        )

    app.callback(
        Output(f"{page}-period-banner", "children"),
        Input(f"{page}-grain", "value"),
        Input(f"{page}-period", "value"),
        State(f"{page}-lang", "data"),
    )(update)


def grain_options(lang: str, grains=("month", "week", "total")) -> list[dict]:
    """Radio options for the period grain."""
    return [{"label": t(f"grain.{g}", lang), "value": g} for g in grains]


def period_choices(warehouse: Path, grain: str, period: str | None, lang: str):
    """(options, value) for a period dropdown after the grain changed: keep the chosen period
    when the new grain has it, else the latest complete one. Empty when nothing is
    published."""
    from dashboards import data

    try:
        plist = data.periods(warehouse, grain)
        value, status = default_period(warehouse, grain, plist, period)
    except (SnapshotMissingError, MartMissingError):
        return [], None
    return period_options(plist, grain, lang, status), value
