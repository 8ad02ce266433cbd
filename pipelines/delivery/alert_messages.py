"""An alert's notice -- opened or closed -- as one recipient receives it, in its language.

The notice says which rule fired, for which district and period, the figures behind it
(district figures only: the alerts table holds no record and no person), when it opened or
closed, and where to see it on the dashboard. The webhook body carries the same, plus the
raw figures and ids, so a chat or ticketing system can file it without parsing text.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from pipelines.delivery import formatting as fmt
from pipelines.delivery.config import DeliveryConfig
from pipelines.delivery.figure_text import figure_lines, value_text
from pipelines.delivery.message import Message
from pipelines.delivery.recipients import Recipient
from pipelines.delivery.snapshot_reads import Alert
from pipelines.delivery.wording import kpi_name, rule_name, say
from pipelines.delivery.wording import severity_name as severity_words

EVENTS = ("opened", "closed")


def page_grain(page: str | None) -> str | None:
    """The grain named in an alert's page ('/district?…&grain=month…' -> 'month')."""
    if not page:
        return None
    values = parse_qs(urlsplit(page).query).get("grain")
    return values[0] if values else None


def alert_rule_text(alert: Alert, lang: str) -> str:
    """The alert's rule in words (its source, for the rules that watch one)."""
    source = alert.figures.get("source")
    return rule_name(
        alert.rule, alert.kind, alert.kpi, lang, source if isinstance(source, str) else None
    )


def footer(recipient: Recipient | None, source: str, lang: str) -> list[str]:
    """The closing line: whom the message was sent to, and from which file."""
    if recipient is None:
        return []
    role = recipient.role.name_hi if lang == "hi" else recipient.role.name
    district = fmt.district(recipient.district, lang)
    return ["", "-- ", say("footer", lang, role=role, district=district, file=source)]


def alert_message(
    alert: Alert,
    event: str,
    lang: str,
    config: DeliveryConfig,
    recipient: Recipient | None = None,
    source: str = "recipients.yml",
) -> Message:
    """The ``event`` ('opened' or 'closed') notice of ``alert`` in ``lang``."""
    if event not in EVENTS:
        raise ValueError(f"unknown alert event {event!r}: expected opened or closed")
    period = fmt.period(alert.period_start, page_grain(alert.page), lang)
    words = {
        "severity": severity_words(alert.severity, lang),
        "district": fmt.district(alert.district, lang),
        "rule": alert_rule_text(alert, lang),
    }
    subject = say(f"alert.subject.{event}", lang, period=f" ({period})" if period else "", **words)
    link = config.link(alert.page, lang)
    lines = [say(f"alert.lead.{event}", lang, period=f", {period}" if period else "", **words)]
    lines.append("")
    name = kpi_name(alert.kpi, lang)
    if name:
        lines.append(say("alert.kpi", lang, name=name))
    if alert.figures:
        lines.append(say("alert.figures", lang))
        lines.extend(figure_lines(alert.figures, alert.kpi, lang))
    lines.append(say("alert.opened_at", lang, when=fmt.moment(alert.opened_at, lang)))
    if event == "closed":
        lines.append(say("alert.closed_at", lang, when=fmt.moment(alert.closed_at, lang)))
    lines += ["", say("link", lang, url=link)]
    lines += footer(recipient, source, lang)
    text = "\n".join(lines) + "\n"
    payload = {
        "type": "jansewa.alert",
        "event": event,
        "lang": lang,
        "subject": subject,
        "text": text,
        "link": link,
        "alert_key": alert.alert_key,
        "rule": alert.rule,
        "rule_text": words["rule"],
        "kind": alert.kind,
        "severity": alert.severity,
        "district": alert.district,
        "district_text": words["district"],
        "period_start": alert.period_start.isoformat() if alert.period_start else None,
        "period_text": period or None,
        "kpi": alert.kpi,
        "kpi_text": name,
        "status": "closed" if event == "closed" else "open",
        "opened_at": alert.opened_at.isoformat() if alert.opened_at else None,
        "closed_at": alert.closed_at.isoformat() if alert.closed_at and event == "closed" else None,
        "figures": alert.figures,
        "figures_text": {k: value_text(k, v, alert.kpi, lang) for k, v in alert.figures.items()},
    }
    return Message(subject=subject, text=text, payload=payload)
