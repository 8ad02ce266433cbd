"""The overview's data-quality alert, from `kpi_data_quality` (flags per source, district and
month): the table the scorecard's flags and the quality page read too, so the three say the
same thing. "All data checks passed" is said only when no district is flagged in the period
on a source the scorecard uses and no check of the latest validation run failed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from dash import dcc, html

from dashboards import data
from dashboards.check_names import check_name
from dashboards.i18n import district_name, severity_name, source_name, t
from dashboards.messages import message
from dashboards.periods import period_label, period_status_or_none
from dashboards.reasons import flag_reasons_text


def flagged_districts(warehouse: Path, grain: str, period: str) -> dict[str, list[str]]:
    """{district: reasons} flagged by kpi_data_quality in the period on a source the
    scorecard uses: the districts the scorecard's gate flags, with the same reasons."""
    end = None
    if grain in ("week", "day"):
        status = period_status_or_none(warehouse, grain) or {}
        end = status.get(period, {}).get("period_end")
    flags = data.dq_flags(warehouse, grain, period, end)
    if flags.is_empty():
        return {}
    flags = flags.filter(pl.col("scored"))
    out: dict[str, list[str]] = {}
    for r in flags.iter_rows(named=True):
        out.setdefault(r["district"], [])
        for reason in (r["reason"] or "").split("; "):
            if reason and reason not in out[r["district"]]:
                out[r["district"]].append(reason)
    return out


def alerts(warehouse: Path, grain: str, period: str | None, lang: str) -> html.Div:
    """The data-quality alert of the chosen period, from kpi_data_quality (the table the
    scorecard's flags and the quality page read): how many districts are flagged and why,
    then the checks that failed in the latest validation run. "All passed" only when neither."""
    flagged: dict[str, list[str]] = {}
    if period:
        try:
            flagged = flagged_districts(warehouse, grain, period)
        except data.MartMissingError:
            flagged = {}
    try:
        frame = data.dq_latest(warehouse)
    except data.MartMissingError:
        frame = None
    failed = frame.filter(~frame["success"].fill_null(False)) if frame is not None else None
    when = period_label(period, grain, lang) if period else ""
    blocks: list = []
    if flagged:
        key = "alert.flagged_one" if len(flagged) == 1 else "alert.flagged"
        blocks.append(
            html.Div(
                [
                    dcc.Link(
                        t(key, lang, n=len(flagged), period=when),
                        href="/quality" + ("?lang=hi" if lang == "hi" else ""),
                        id="overview-flagged-link",
                    )
                ],
                className="message message-warning",
                id="overview-flagged",
                role="status",
            )
        )
        blocks.append(
            html.Ul(
                [
                    html.Li(
                        [
                            html.Strong(f"{district_name(d, lang)}: "),
                            flag_reasons_text("; ".join(reasons), lang),
                        ],
                        className="alert alert-warning",
                    )
                    for d, reasons in sorted(flagged.items())
                ],
                id="overview-flagged-list",
            )
        )
        blocks.append(html.P(t("alert.flags_note", lang), className="caption"))
    if failed is not None and not failed.is_empty():
        items = []
        for r in failed.iter_rows(named=True):
            kind = (
                "error"
                if str(r["severity"]).lower() in ("critical", "error", "blocking")
                else "warning"
            )
            count = r["unexpected_count"]
            rows = f" — {count} {t('unit.rows', lang)}" if count is not None else ""
            items.append(
                html.Li(
                    [
                        html.Strong(
                            f"[{severity_name(r['severity'], lang)}] "
                            f"{source_name(r['source'], lang)}: "
                        ),
                        html.Span(
                            check_name(r["expectation"], r["source"], lang),
                            title=r["expectation"],
                        ),
                        rows,
                    ],
                    className=f"alert alert-{kind}",
                )
            )
        blocks.append(html.P(t("alert.failed_checks", lang)))
        blocks.append(html.Ul(items, id="overview-alert-list"))
        blocks.append(
            html.P(
                f"{t('col.validated_at', lang)}: {failed['validated_at'][0]}", className="caption"
            )
        )
    if blocks:
        return html.Div(blocks)
    if frame is None or frame.is_empty():
        return message(t("h.no_checks", lang))
    return message(t("alert.none", lang, period=when), "ok", id="overview-no-alerts")
