"""`jansewa digest --dry-run`: a district's digest written to a folder, exactly as it would
be sent, and sent to no one.

Per language: the e-mail's subject, attachments and text (.txt), the webhook's JSON body
(.json) and the brief files the e-mail would carry. Nothing is queued in the outbox, so a
dry run never stands in for (or blocks) the week's real digest; no channel need be set.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pipelines.delivery.brief_files import render_brief
from pipelines.delivery.config import DeliveryConfig
from pipelines.delivery.digest import Renderer, digest_message, gather, week_of
from pipelines.delivery.recipients import load_recipients


def write_dry_run(
    warehouse: Path,
    district: str,
    out_dir: Path,
    langs: list[str] | None = None,
    config: DeliveryConfig | None = None,
    now: dt.datetime | None = None,
    render: Renderer | None = None,
) -> list[Path]:
    """Write the digest of ``district`` as it would be sent -- per language, the e-mail's
    subject and text (.txt), the webhook's JSON (.json) and the brief -- sending nothing.
    Languages: ``langs``, else those of the district's digest recipients, else English."""
    config = config or DeliveryConfig.from_environment()
    now = now or dt.datetime.now(dt.UTC)
    render = render or render_brief
    recipients = load_recipients()
    listed = recipients.for_digest(district)
    langs = langs or sorted({r.lang for r in listed}) or ["en"]
    week, _ = week_of(now)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for lang in langs:
        content = gather(warehouse, district, lang, out_dir, now, render)
        recipient = next((r for r in listed if r.lang == lang), None)
        message = digest_message(content, lang, config, recipient, recipients.source)
        stem = out_dir / f"jansewa-digest-{'-'.join(district.split())}-{week}-{lang}"
        attached = ", ".join(Path(p).name for p in message.attachments) or "-"
        head = f"Subject: {message.subject}\nAttachments: {attached}\n\n"
        stem.with_suffix(".txt").write_text(head + message.text, encoding="utf-8")
        stem.with_suffix(".json").write_text(
            json.dumps(message.payload, ensure_ascii=False, indent=2, default=str) + "\n",
            encoding="utf-8",
        )
        written += [stem.with_suffix(".txt"), stem.with_suffix(".json")]
        written += [Path(p) for p in message.attachments]
    return written
