"""The case-list page's blocks: the counts per list and age (or per district, for the whole
state) and the records themselves, most overdue first; and the files the download buttons
send, every matching record, named after what they hold. The page
(dashboards/pages/cases.py) lays them out and wires them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
from dash import dcc, html

from dashboards import data, figures
from dashboards.case_texts import case_text, case_value
from dashboards.figure_block import figure_block
from dashboards.i18n import department_name, district_name, format_day, kpi_name, t
from dashboards.messages import message
from dashboards.table_block import data_table
from warehouse.case_kinds import BUCKETS, CASE_KINDS
from warehouse.cases import case_file_name

MAX_ROWS = 1_000  # listed on the page; the downloads hold every record


def kind_name(kind: str, lang: str) -> str:
    return case_text(f"kind.{kind}", lang)


def bucket_name(bucket: str, lang: str) -> str:
    return case_text(f"bucket.{bucket}", lang)


def summary_block(warehouse: Path, district: str | None, department: str | None, lang: str):
    """One district: per list, its cases by age, the oldest, and the KPI it explains. The
    whole state: per district, its cases on each list, most first."""
    if district is None:
        return _districts_table(warehouse, department, lang)
    counts = data.case_counts(warehouse, district, department)
    rows = []
    for kind, spec in CASE_KINDS.items():
        mine = counts.filter(pl.col("kind") == kind)
        by_bucket = dict(zip(mine["ageing_bucket"], mine["cases"], strict=True))
        rows.append(
            {
                "list": kind_name(kind, lang),
                "cases": int(mine["cases"].sum()),
                **{bucket: by_bucket.get(bucket, 0) for bucket in BUCKETS},
                "oldest": mine["oldest_days_overdue"].max(),
                "kpi": kpi_name(spec.kpi, lang) if spec.kpi else "–",
            }
        )
    chart = figures.case_ageing_bars(
        [r["list"] for r in rows],
        [bucket_name(b, lang) for b in BUCKETS],
        [[r[b] for r in rows] for b in BUCKETS],
        # two lines: at 390 px the title on one was cut after the district's name
        f"{case_text('cases.h_summary', lang)}<br>{district_name(district, lang)} "
        f"({t('unit.count', lang)})",
        t("unit.count", lang),
        lang,
        case_text("cases.total", lang),
    )
    caption = case_text("cases.chart_caption", lang)
    table = data_table(
        "cases-summary",
        rows,
        [
            ("list", case_text("cases.list", lang), "text"),
            ("cases", case_text("cases.total", lang), "int"),
            *((b, bucket_name(b, lang), "int") for b in BUCKETS),
            ("oldest", case_text("cases.oldest", lang), "int"),
            ("kpi", case_text("cases.kpi", lang), "text"),
        ],
        page_size=10,
        lang=lang,
        download=("cases", district, department or "", "summary"),
    )
    return html.Div([figure_block("cases-ageing", chart, caption, lang=lang), table])


def _districts_table(warehouse: Path, department: str | None, lang: str):
    counts = data.case_counts_by_district(warehouse, department)
    rows = []
    for (name,), per in counts.partition_by("district", as_dict=True).items():
        by_kind = dict(zip(per["kind"], per["cases"], strict=True))
        rows.append(
            {
                "district": district_name(name, lang),
                "cases": int(per["cases"].sum()),
                **{kind: by_kind.get(kind, 0) for kind in CASE_KINDS},
            }
        )
    rows.sort(key=lambda r: (-r["cases"], r["district"]))
    return data_table(
        "cases-districts",
        rows,
        [
            ("district", t("col.district", lang), "text"),
            ("cases", case_text("cases.total", lang), "int"),
            *((kind, kind_name(kind, lang), "int") for kind in CASE_KINDS),
        ],
        caption=case_text("cases.choose_district", lang),
        lang=lang,
        download=("cases", "all-districts", department or "", "summary"),
    )


def records_block(
    warehouse: Path,
    district: str | None,
    department: str | None,
    kinds: list[str],
    bucket: str | None,
    lang: str,
):
    """The records, most overdue first, up to MAX_ROWS of them (the downloads hold all)."""
    if district is None:
        return message(case_text("cases.choose_district", lang))
    counts = data.case_counts(warehouse, district, department).filter(pl.col("kind").is_in(kinds))
    if bucket is not None:
        counts = counts.filter(pl.col("ageing_bucket") == bucket)
    total = int(counts["cases"].sum())
    if total == 0:
        return message(case_text("cases.none", lang))
    records = data.case_records(warehouse, district, department, kinds, bucket, MAX_ROWS)
    rows = [
        {
            "list": kind_name(r["kind"], lang),
            "record_id": r["record_id"],
            "department": department_name(r["department"], lang),
            "place": case_value(r["kind"], "place", r["place"], lang),
            "detail": case_value(r["kind"], "detail", r["detail"], lang),
            "status": case_value(r["kind"], "status", r["status"], lang),
            "opened_on": format_day(r["opened_on"], lang) if r["opened_on"] else "",
            "due_on": format_day(r["due_on"], lang) if r["due_on"] else "",
            "days_overdue": r["days_overdue"],
            "bucket": bucket_name(r["ageing_bucket"], lang),
        }
        for r in records.iter_rows(named=True)
    ]
    caption = case_text("cases.shown", lang, shown=f"{len(rows):,}", total=f"{total:,}")
    return data_table(
        "cases-table",
        rows,
        [
            ("list", case_text("cases.list", lang), "text"),
            ("record_id", case_text("col.record_id", lang), "text"),
            ("department", t("col.department", lang), "text"),
            ("place", case_text("col.place", lang), "text"),
            ("detail", case_text("col.detail", lang), "text"),
            ("status", case_text("col.case_status", lang), "text"),
            ("opened_on", case_text("col.opened_on", lang), "text"),
            ("due_on", case_text("col.due_on", lang), "text"),
            ("days_overdue", case_text("cases.age", lang), "int"),
            ("bucket", case_text("cases.bucket", lang), "text"),
        ],
        caption=caption if total > len(rows) else "",
        lang=lang,
        download=("cases", district, department or "", "+".join(kinds), bucket or ""),
    )


def download(
    warehouse: Path,
    district: str,
    department: str | None,
    kinds: list[str],
    bucket: str | None,
    fmt: str,
) -> dict:
    """Every matching record as an Excel workbook or a CSV file (UTF-8 with a byte-order
    mark, for spreadsheet programs), named as `jansewa cases` names it."""
    frame = data.case_records(warehouse, district, department, kinds, bucket)
    as_of = data.case_as_of(warehouse)
    day = None if as_of is None else dt.date.fromisoformat(as_of)
    name = case_file_name(district, kinds, day, fmt, department, bucket)
    buffer = io.BytesIO()
    if fmt == "xlsx":
        frame.write_excel(buffer, worksheet="cases", autofit=True, freeze_panes="A2")
    else:
        buffer.write("\ufeff".encode())
        frame.write_csv(buffer)
    return dcc.send_bytes(buffer.getvalue(), name)


def download_buttons(lang: str) -> html.Div:
    """The two buttons that send every matching record, and where their files arrive."""
    return html.Div(
        [
            html.Button(
                case_text("cases.download_xlsx", lang),
                id="cases-xlsx",
                className="download-button",
                type="button",
            ),
            html.Button(
                case_text("cases.download_csv", lang),
                id="cases-csv",
                className="download-button",
                type="button",
            ),
            dcc.Download(id="cases-file"),
        ],
        className="download-row",
    )
