"""Data quality (/quality): freshness per source and district, the latest expectation results,
quarantined rows by source and reason, and a link to the GX Data Docs served by the app."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import html

from dashboards import data, figures
from dashboards.app import DATA_DOCS_ROUTE
from dashboards.check_names import check_name
from dashboards.figure_block import figure_block
from dashboards.i18n import (
    district_name,
    format_compact,
    lang_or_default,
    severity_name,
    source_name,
    t,
)
from dashboards.messages import message
from dashboards.periods import period_label
from dashboards.reasons import flag_reasons_text, row_reason_text
from dashboards.snapshot_guard import consistent_page, current_warehouse, guarded
from dashboards.table_block import data_table


@consistent_page
def layout(**query) -> html.Div:
    lang = lang_or_default(query.get("lang"))
    warehouse = current_warehouse()
    return html.Div(
        [
            html.H2(t("nav.quality", lang)),
            _docs_link(warehouse, lang),
            html.H3(t("h.dq_flags", lang)),
            guarded(lambda: flags_block(warehouse, lang), lang),
            html.H3(t("h.freshness", lang)),
            guarded(lambda: freshness_block(warehouse, lang), lang),
            html.H3(t("h.expectations", lang)),
            guarded(lambda: expectations_block(warehouse, lang), lang),
            html.H3(t("h.quarantine", lang)),
            guarded(lambda: quarantine_block(warehouse, lang), lang),
        ],
        className="page",
    )


def _docs_link(warehouse: Path, lang: str) -> html.Div:
    if data.data_docs_published(warehouse):
        return html.P(
            html.A(
                t("h.data_docs", lang),
                href=DATA_DOCS_ROUTE,
                target="_blank",
                id="quality-docs-link",
            )
        )
    return html.P(t("h.no_data_docs", lang), className="caption", id="quality-docs-link")


def flags_block(warehouse: Path, lang: str) -> html.Div:
    """Every flagged source x district x month of kpi_data_quality, newest month first: the
    table the overview's alert and the scorecard's flags read, so the three agree."""
    flags = data.dq_flag_history(warehouse)
    if flags.is_empty():
        return message(
            "किसी माह में किसी ज़िले पर चेतावनी नहीं।"
            if lang == "hi"
            else "No source is flagged for any district in any month.",
            "ok",
            id="quality-no-flags",
        )
    rows = [
        {
            "month": period_label(r["month"], "month", lang),
            "source": source_name(r["source"], lang),
            "district": district_name(r["district"], lang) if r["district"] else "–",
            "reason": flag_reasons_text(r["reason"], lang),
            "quarantine_share": None
            if r["quarantine_share"] is None
            else 100 * r["quarantine_share"],
            "failed_checks": r["failed_checks"],
            "stale_days": r["stale_days"],
        }
        for r in flags.iter_rows(named=True)
    ]
    months = flags["month"].n_unique()
    caption = (
        f"{months} माह में {flags.height} चेतावनियाँ (स्रोत × ज़िला × माह): पुराना स्रोत, अधिक "
        "क्वारंटीन या विफल जाँच। सारांश की चेतावनी और स्कोरकार्ड यही तालिका पढ़ते हैं।"
        if lang == "hi"
        else f"Flags (source × district × month): {flags.height}, over {months} month(s). A "
        "stale source, too many quarantined rows or a failed check, each in the month it "
        "happened. The overview's alert and the scorecard's flags read this same table."
    )
    return data_table(
        "quality-flags-table",
        rows,
        [
            ("month", t("col.month", lang), "text"),
            ("source", t("col.source", lang), "text"),
            ("district", t("col.district", lang), "text"),
            ("reason", t("col.reason", lang), "text"),
            ("quarantine_share", "Quarantined (%)" if lang != "hi" else "क्वारंटीन (%)", "number1"),
            ("failed_checks", "Failed checks" if lang != "hi" else "विफल जाँचें", "int"),
            ("stale_days", t("col.age_days", lang), "int"),
        ],
        caption,
        page_size=12,
        lang=lang,
        download=("quality", "district-flags"),
    )


def freshness_block(warehouse: Path, lang: str) -> html.Div:
    fresh = data.freshness(warehouse)
    if fresh.is_empty():
        return message(t("msg.no_rows", lang))
    worst = fresh.sort("age_days", descending=True).row(0, named=True)
    caption = (
        f"हर स्रोत के लिए, ज़िले का नवीनतम रिकॉर्ड उस स्रोत के सबसे ताज़ा ज़िले से कितने दिन पीछे है "
        f"(0 = बराबर)। सबसे पीछे: {source_name(worst['source'], lang)}, {district_name(worst['district'], lang)} "
        f"({worst['age_days']} दिन)।"
        if lang == "hi"
        else "For each source, how many days a district's newest record trails the source's "
        f"freshest district (0 = as fresh as any). Furthest behind: {source_name(worst['source'], lang)} in "
        f"{district_name(worst['district'], lang)} ({worst['age_days']} days)."
    )
    rows = [
        {
            "source": source_name(r["source"], lang),
            "district": district_name(r["district"], lang),
            "records": r["records"],
            "latest_event": r["last_event_day"],
            "age_days": r["age_days"],
            "loaded_at": r["last_loaded_at"],
        }
        for r in fresh.iter_rows(named=True)
    ]
    return html.Div(
        [
            figure_block(
                "quality-freshness", figures.freshness_heatmap(fresh, lang), caption, lang=lang
            ),
            data_table(
                "quality-freshness-table",
                rows,
                [
                    ("source", t("col.source", lang), "text"),
                    ("district", t("col.district", lang), "text"),
                    ("records", t("col.rows", lang), "int"),
                    ("latest_event", t("col.latest_event", lang), "text"),
                    ("age_days", t("col.age_days", lang), "int"),
                    ("loaded_at", t("col.loaded_at", lang), "text"),
                ],
                page_size=15,
                lang=lang,
                download=("quality", "freshness"),
            ),
        ]
    )


def expectations_block(warehouse: Path, lang: str) -> html.Div:
    try:
        results = data.dq_latest(warehouse)
    except data.MartMissingError:
        return message(t("h.no_checks", lang))
    if results.is_empty():
        return message(t("h.no_checks", lang))
    failed = results.filter(~results["success"])
    caption = (
        f"हर स्रोत की नवीनतम जाँच: {results.height} में से {failed.height} जाँचें विफल।"
        if lang == "hi"
        else f"Each source's latest validation run: {failed.height} of {results.height} checks "
        "failed (failures first). Blocking failures stop publication; warnings do not."
    )
    rows = [
        {
            "source": source_name(r["source"], lang),
            "expectation": check_name(r["expectation"], r["source"], lang),
            "check_id": r["expectation"],
            "severity": severity_name(r["severity"], lang),
            "success": "✓" if r["success"] else "✗",
            "unexpected_count": r["unexpected_count"],
            "observed_value": r["observed_value"],
            "validated_at": r["validated_at"],
        }
        for r in results.iter_rows(named=True)
    ]
    return data_table(
        "quality-expectations-table",
        rows,
        [
            ("source", t("col.source", lang), "text"),
            ("expectation", t("col.expectation", lang), "text"),
            ("severity", t("col.severity", lang), "text"),
            ("success", t("col.success", lang), "text"),
            ("unexpected_count", t("col.unexpected_count", lang), "int"),
            ("observed_value", t("col.observed_value", lang), "text"),
            ("validated_at", t("col.validated_at", lang), "text"),
            ("check_id", t("col.check_id", lang), "text"),
        ],
        caption,
        lang=lang,
        download=("quality", "checks"),
    )


def quarantine_block(warehouse: Path, lang: str) -> html.Div:
    summary = data.quarantine_summary(warehouse)
    if summary.is_empty():
        return message("कोई पंक्ति अलग नहीं रखी गई।" if lang == "hi" else "No rows were quarantined.")
    total = sum(summary["rows"].to_list())
    caption = (
        f"कुल {format_compact(total, lang)} पंक्तियाँ अस्वीकृत, कारण सहित; विवरण `quarantine` तालिका में।"
        if lang == "hi"
        else f"{format_compact(total, lang)} rows were rejected in all, each with its reason; the rows "
        "themselves (file and line) are in the warehouse's quarantine table."
    )
    return html.Div(
        [
            figure_block(
                "quality-quarantine", figures.quarantine_bars(summary, lang), caption, lang=lang
            ),
            data_table(
                "quality-quarantine-table",
                [
                    {
                        **r,
                        "source": source_name(r["source"], lang),
                        "reason": row_reason_text(r["reason"], lang),
                    }
                    for r in summary.select("source", "reason", "file", "rows").to_dicts()
                ],
                [
                    ("source", t("col.source", lang), "text"),
                    ("reason", t("col.reason", lang), "text"),
                    ("file", t("col.file", lang), "text"),
                    ("rows", t("col.rows", lang), "int"),
                ],
                lang=lang,
                download=("quality", "quarantine"),
            ),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    """No filters on this page: it renders from the URL's language alone."""
    return None


dash.register_page(
    __name__, path="/quality", name="Data quality", title="Jansewa: data quality", layout=layout
)
