"""The weekly district digest: the district's brief, its open alerts and its most overdue
cases, sent to the district's recipients in their language -- or written to a folder
(`jansewa digest --dry-run`, pipelines/delivery/dry_run.py) to see what would go.

A digest is one delivery per (district, ISO week, recipient, channel) in the outbox, so a
district gets one digest a week however often the job runs, and a failed one is retried like
an alert notice (by the next delivery run: the weekly job, or the step after each
publication). Its brief is rendered once per district and language into DAGSTER_HOME/digests/
<week>/, where the queued e-mails find their attachments; weeks older than four are removed.
The case lines carry record ids only (a hash prefix where the id is personal): never a name,
a phone number or any other column of the case list.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from pipelines.delivery import formatting as fmt
from pipelines.delivery.alert_messages import alert_rule_text, footer, page_grain
from pipelines.delivery.alert_notices import channels_of, ready_to_send
from pipelines.delivery.brief_files import BriefResult, render_brief
from pipelines.delivery.config import DeliveryConfig
from pipelines.delivery.dispatch import DispatchReport, deliver_due
from pipelines.delivery.figure_text import figure_lines
from pipelines.delivery.message import Message
from pipelines.delivery.outbox import Delivery, Outbox, outbox_for
from pipelines.delivery.recipients import Recipient
from pipelines.delivery.snapshot_reads import Alert, OverdueCases, read_alerts, top_overdue_cases
from pipelines.delivery.wording import case_kind_name, say, severity_name

IST = ZoneInfo("Asia/Kolkata")
TOP_CASES = 3  # per case list
KEEP_WEEKS = 4
module_log = logging.getLogger(__name__)
Renderer = Callable[[Path, str, str, Path], BriefResult]


def week_of(now: dt.datetime) -> tuple[str, dt.date]:
    """The ISO week of ``now`` in India ('2026-W03') and its Monday."""
    day = now.astimezone(IST).date()
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}", day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class DigestContent:
    district: str
    week: str
    monday: dt.date
    alerts: list[Alert]
    cases: OverdueCases
    brief: BriefResult


def gather(
    warehouse: Path, district: str, lang: str, out_dir: Path, now: dt.datetime, render: Renderer
) -> DigestContent:
    """What the digest of ``district`` says in ``lang``, with the brief written to ``out_dir``."""
    week, monday = week_of(now)
    return DigestContent(
        district=district,
        week=week,
        monday=monday,
        alerts=read_alerts(warehouse, district=district, status="open"),
        cases=top_overdue_cases(warehouse, district, TOP_CASES),
        brief=render(warehouse, district, lang, out_dir),
    )


def _alert_lines(content: DigestContent, lang: str, config: DeliveryConfig) -> list[str]:
    if not content.alerts:
        return [say("digest.no_alerts", lang)]
    lines = [say("digest.alerts", lang, count=fmt.number(len(content.alerts), lang))]
    for alert in content.alerts:
        period = fmt.period(alert.period_start, page_grain(alert.page), lang)
        head = f"{severity_name(alert.severity, lang)}: {alert_rule_text(alert, lang)}"
        lines.append(f"- {head}" + (f" ({period})" if period else ""))
        lines += ["  " + line for line in figure_lines(alert.figures, alert.kpi, lang)]
        lines.append(f"    {config.link(alert.page, lang)}")
    return lines


def _case_lines(cases: OverdueCases, lang: str) -> list[str]:
    if cases.total is None:
        return [say("digest.no_case_lists", lang)]
    if not cases.rows:
        return [say("digest.no_cases", lang)]
    lines = [say("digest.cases", lang, total=fmt.number(cases.total, lang))]
    for kind, count in cases.by_kind.items():
        lines.append(f"- {case_kind_name(kind, lang)}: {fmt.number(count, lang)}")
        for row in (r for r in cases.rows if r["kind"] == kind):
            days = fmt.number(row["days_overdue"], lang)
            case = say("digest.case", lang, days=days, bucket=row["ageing_bucket"])
            lines.append(f"    {row['record_id']}: {case}")
    return lines


def digest_message(
    content: DigestContent,
    lang: str,
    config: DeliveryConfig,
    recipient: Recipient | None = None,
    source: str = "recipients.yml",
) -> Message:
    """The digest as e-mail text with the brief attached, and as a webhook's JSON summary."""
    district = fmt.district(content.district, lang)
    week = say("week", lang, day=fmt.day(content.monday, lang))
    subject = say("digest.subject", lang, district=district, week=week)
    link = config.link("/district?" + urlencode({"district": content.district}), lang)
    brief = content.brief
    lines = [say("digest.lead", lang, district=district, week=week), ""]
    if brief.files:
        month = fmt.period(f"{brief.month}-01", "month", lang) if brief.month else ""
        names = ", ".join(p.suffix.lstrip(".").upper() for p in brief.files)
        lines.append(say("digest.brief", lang, month=month, files=names))
    if brief.error:
        key = "digest.no_pdf" if brief.files else "digest.no_brief"
        lines.append(say(key, lang, reason=brief.error))
    lines += ["", *_alert_lines(content, lang, config), "", *_case_lines(content.cases, lang)]
    lines += ["", say("digest.link", lang, url=link), *footer(recipient, source, lang)]
    text = "\n".join(lines) + "\n"
    payload = {
        "type": "jansewa.digest",
        "lang": lang,
        "subject": subject,
        "text": text,
        "link": link,
        "district": content.district,
        "district_text": district,
        "week": content.week,
        "week_start": content.monday.isoformat(),
        "brief": {
            "month": brief.month,
            "files": [p.name for p in brief.files],
            "error": brief.error,
        },
        "open_alerts": [
            {
                "alert_key": a.alert_key,
                "rule": a.rule,
                "rule_text": alert_rule_text(a, lang),
                "severity": a.severity,
                "period_start": a.period_start.isoformat() if a.period_start else None,
                "kpi": a.kpi,
                "figures": a.figures,
                "link": config.link(a.page, lang),
            }
            for a in content.alerts
        ],
        "overdue_cases": {
            "total": content.cases.total,
            "by_kind": content.cases.by_kind,
            "most_overdue": content.cases.rows,
        },
    }
    return Message(subject, text, payload, tuple(str(p) for p in brief.files))


@dataclass
class DigestReport:
    skipped: str | None = None
    week: str | None = None
    queued: int = 0
    districts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # districts whose digest was not made
    dispatch: DispatchReport = field(default_factory=DispatchReport)

    def lines(self) -> list[str]:
        if self.skipped:
            return [self.skipped]
        d = self.dispatch
        return [
            f"digest {self.week}: {self.queued} delivery(ies) queued for "
            f"{', '.join(self.districts) or 'no district (already queued this week)'}",
            f"sent {len(d.sent)}, to retry {len(d.retrying)}, failed now {len(d.failed)}, "
            f"failed for good in all {d.failed_total}",
            *(f"not made: {e}" for e in self.errors),
        ]


def _prune(root: Path, now: dt.datetime) -> None:
    oldest, _ = week_of(now - dt.timedelta(weeks=KEEP_WEEKS))
    for folder in root.glob("*-W*"):
        if folder.is_dir() and folder.name < oldest:
            shutil.rmtree(folder, ignore_errors=True)


def send_digests(
    warehouse: Path,
    districts: list[str] | None = None,
    config: DeliveryConfig | None = None,
    outbox: Outbox | None = None,
    now: dt.datetime | None = None,
    log=None,
    render: Renderer | None = None,
) -> DigestReport:
    """Queue this week's digest of each district with digest recipients (or of
    ``districts``) not queued yet, then send everything due."""
    log = log or module_log
    config = config or DeliveryConfig.from_environment()
    now = now or dt.datetime.now(dt.UTC)
    render = render or render_brief
    recipients, problem = ready_to_send(config, log)
    if problem:
        log.info(problem)
        return DigestReport(skipped=problem)
    outbox = outbox or outbox_for(warehouse)
    week, _ = week_of(now)
    root = outbox.path.parent / "digests"
    _prune(root, now)
    report, known, usable = DigestReport(week=week), outbox.keys("digest"), config.usable()
    for district in districts or ():
        if not recipients.for_digest(district):
            raise ValueError(f"{district} has no digest recipient in {recipients.source}")
    for district in districts or recipients.digest_districts():
        item = f"digest/{district}/{week}"
        owed = [
            (r, channel)
            for r in recipients.for_digest(district)
            for channel in channels_of(r, usable)
            if (item, "weekly", r.id, channel) not in known
        ]
        if not owed:
            continue
        folder = root / week / "-".join(district.split())
        try:
            contents = {
                lang: gather(warehouse, district, lang, folder, now, render)
                for lang in sorted({r.lang for r, _ in owed})
            }
        except Exception as exc:  # noqa: BLE001 -- one district's failure stops no other
            report.errors.append(f"{district}: {type(exc).__name__}: {exc}")
            log.error(f"digest of {district} not made: {type(exc).__name__}: {exc}")
            continue
        for lang, content in contents.items():
            if content.brief.error:
                log.warning(f"digest of {district} ({lang}): brief: {content.brief.error}")
        deliveries = [
            Delivery(
                item,
                "weekly",
                r.id,
                channel,
                kind="digest",
                district=district,
                lang=r.lang,
                message=digest_message(contents[r.lang], r.lang, config, r, recipients.source),
            )
            for r, channel in owed
        ]
        report.queued += outbox.enqueue(deliveries, now)
        report.districts.append(district)
    report.dispatch = deliver_due(outbox, recipients, config, now, log)
    return report
