"""The weekly digest reaches the local SMTP server and HTTP receiver with its own district's
brief, open alerts and overdue cases, in English and in Hindi, once a week; the HTML brief
goes out when the PDF cannot be made; and no personal value of the demo exports appears in
any message (the e-mails, their HTML brief, the webhook bodies, the alert notices).

The briefs are drawn by Kaleido in Chromium (Debian's chromium here); the tests that render
real briefs are skipped on a machine without it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from jansewa.cli import main
from pipelines.delivery.alert_notices import deliver_alerts
from pipelines.delivery.brief_files import BriefResult
from pipelines.delivery.digest import send_digests
from pipelines.delivery.dry_run import write_dry_run
from pipelines.delivery.formatting import number
from pipelines.delivery.outbox import outbox_for
from tests.delivery.conftest import (
    JHAJJAR_BELOW_TARGET,
    ROHTAK_OVERDUE,
    alert_row,
    body,
    write_alerts,
)
from tests.reliability.personal import collect_personal_values
from warehouse.cases import query_cases
from warehouse.snapshot import snapshot_path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(not CHROMIUM, reason="the brief's charts need chromium")
MONDAY = dt.datetime(2026, 1, 12, 3, 30, tzinfo=dt.UTC)  # 09:00 IST
JHAJJAR_CLOSED = alert_row(
    "Jhajjar",
    "rank_drop_5_places",
    "rank_drop",
    "warning",
    "composite_rank",
    {"rank_from": 4, "rank_to": 11},
    status="closed",
)
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


@pytest.fixture
def demo_copy(demo_warehouse, tmp_path) -> Path:
    """The demo's published snapshot, copied, with alerts of Jhajjar and Rohtak."""
    warehouse = tmp_path / "wh" / "jansewa.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(snapshot_path(demo_warehouse.warehouse), snapshot_path(warehouse))
    write_alerts(warehouse, [JHAJJAR_BELOW_TARGET, JHAJJAR_CLOSED, ROHTAK_OVERDUE])
    return warehouse


def _attachments(mail) -> dict[str, bytes]:
    """{file name: bytes} of a received e-mail's attachments."""
    return {part.get_filename(): part.get_payload(decode=True) for part in mail.iter_attachments()}


def _expected_cases(warehouse: Path, district: str) -> tuple[int, dict[str, int], list[str]]:
    frame = query_cases(warehouse, district)
    counts = dict(frame.group_by("kind").len().iter_rows())
    top = frame.group_by("kind", maintain_order=True).head(3).get_column("record_id").to_list()
    return frame.height, counts, top


@needs_chromium
@pytest.mark.slow(seconds=25)
def test_the_digest_arrives_with_its_districts_figures_in_english_and_hindi(
    demo_copy, demo_warehouse, config, smtp, hook, log
):
    smtp.start()
    hook.start()
    alerts = deliver_alerts(demo_copy, config, now=MONDAY, log=log)  # scanned below as well
    told = len(smtp.inbox.messages)
    report = send_digests(demo_copy, districts=["Jhajjar"], config=config, now=MONDAY, log=log)
    assert report.errors == [] and report.queued == 3 and len(report.dispatch.sent) == 3

    digests = {mail["Subject"]: (rcpt, mail) for rcpt, mail in smtp.inbox.messages[told:]}
    english = digests["[Jansewa] Weekly digest: Jhajjar, week of 12 Jan 2026"]
    hindi = digests["[जनसेवा] साप्ताहिक सारांश: झज्जर, 12 जनवरी 2026 से शुरू सप्ताह"]
    assert sorted(english[0]) == ["adc-jhajjar@example.gov.in", "dc-jhajjar@example.gov.in"]
    assert hindi[0] == ["sdm-jhajjar@example.gov.in"]

    total, counts, top = _expected_cases(demo_copy, "Jhajjar")
    _, _, rohtak_top = _expected_cases(demo_copy, "Rohtak")
    text = body(english[1])
    assert "Critical: Call resolution rate below its target (May 2020)" in text
    assert "    Value: 42.1 %" in text and "    Target: 80.0 %" in text
    assert "composite rank" not in text.lower()  # the closed alert is not listed
    assert "Rohtak" not in text and "1,03,515" not in text  # nor another district's
    assert f"Overdue cases: {number(total)} (by list" in text
    assert f"- Movement pass undecided: {number(counts['pass_pending'])}\n" in text
    assert all(f"    {record}: " in text for record in top)
    assert not any(record in text for record in rohtak_top)
    assert "district?district=Jhajjar" in text

    hindi_text = body(hindi[1])
    assert "गंभीर: कॉल समाधान दर लक्ष्य से कम (मई 2020)" in hindi_text
    assert "    मान: 42.1 %" in hindi_text and "दिन विलंबित" in hindi_text
    assert all(f"    {record}: " in hindi_text for record in top)
    assert "district?district=Jhajjar&lang=hi" in hindi_text

    for mail, lang in ((english[1], "en"), (hindi[1], "hi")):
        files = _attachments(mail)
        (pdf,) = [n for n in files if n.endswith(".pdf")]
        (html,) = [n for n in files if n.endswith(".html")]
        assert re.fullmatch(rf"jansewa-brief-Jhajjar-\d{{4}}-\d{{2}}-{lang}\.pdf", pdf)
        assert files[pdf].startswith(b"%PDF")
        assert ("झज्जर" if lang == "hi" else "Jhajjar") in files[html].decode("utf-8")

    ((path, headers, payload),) = [h for h in hook.received if h[2]["type"] == "jansewa.digest"]
    assert path == "/hook/jhajjar" and payload["district"] == "Jhajjar"
    assert [a["alert_key"] for a in payload["open_alerts"]] == [JHAJJAR_BELOW_TARGET["alert_key"]]
    assert payload["overdue_cases"]["total"] == total
    assert payload["brief"]["files"] and payload["link"].endswith("district?district=Jhajjar")

    # Once a week: the same week again sends nothing and renders nothing.
    again = send_digests(demo_copy, districts=["Jhajjar"], config=config, now=MONDAY, log=log)
    assert again.queued == 0 and again.dispatch.sent == []

    # No personal value of the exports in anything sent.
    personal = collect_personal_values(demo_warehouse.exports)
    assert len(personal) > 100
    texts = [json.dumps(p, ensure_ascii=False) for _, _, p in hook.received]
    for _, mail in smtp.inbox.messages:
        texts += [str(mail["Subject"]), body(mail)]
        texts += [
            DATA_URI.sub(" ", data.decode("utf-8"))
            for name, data in _attachments(mail).items()
            if name.endswith(".html")
        ]
    assert alerts.dispatch.sent and personal.find_all(texts) == set()


@needs_chromium
@pytest.mark.slow(seconds=10)
def test_the_html_brief_goes_out_when_no_pdf_can_be_made(
    demo_copy, config, smtp, hook, log, tmp_path, monkeypatch
):
    """WeasyPrint broken in the child process (a stand-in module that cannot load its
    library): the HTML page is written first, so it is attached and the e-mail says why the
    PDF is missing."""
    fake = tmp_path / "fake"
    (fake / "weasyprint").mkdir(parents=True)
    (fake / "weasyprint" / "__init__.py").write_text(
        "class HTML:\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        raise OSError(\"cannot load library 'libpango-1.0-0'\")\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(fake))
    smtp.start()
    hook.start()
    report = send_digests(demo_copy, districts=["Jhajjar"], config=config, now=MONDAY, log=log)
    assert len(report.dispatch.sent) == 3
    for _, mail in smtp.inbox.messages:
        names = list(_attachments(mail))
        assert len(names) == 1 and names[0].endswith(".html")
        text = body(mail)
        assert "cannot load library 'libpango-1.0-0'" in text


def _fake_brief(calls: list):
    def render(warehouse, district, lang, out_dir) -> BriefResult:
        calls.append((district, lang))
        out_dir.mkdir(parents=True, exist_ok=True)
        page = out_dir / f"jansewa-brief-{district}-2020-07-{lang}.html"
        page.write_text(f"<html>{district}</html>", encoding="utf-8")
        return BriefResult((page,), "2020-07", "no PDF was written")

    return render


def test_a_digest_is_sent_once_a_week_and_retried_when_the_server_was_down(
    demo_copy, config, smtp, hook, log
):
    calls: list = []
    render = _fake_brief(calls)
    first = send_digests(demo_copy, config=config, now=MONDAY, log=log, render=render)
    # Jhajjar (en and hi recipients) and Rohtak (hi): every digest fails, nothing is lost.
    assert sorted(calls) == [("Jhajjar", "en"), ("Jhajjar", "hi"), ("Rohtak", "hi")]
    assert first.queued == 4 and len(first.dispatch.retrying) == 4
    smtp.start()
    hook.start()
    later = MONDAY + dt.timedelta(hours=2)
    retry = send_digests(demo_copy, config=config, now=later, log=log, render=render)
    assert retry.queued == 0 and len(retry.dispatch.sent) == 4 and len(calls) == 3
    assert {str(m["Subject"]) for _, m in smtp.inbox.messages} == {
        "[Jansewa] Weekly digest: Jhajjar, week of 12 Jan 2026",
        "[जनसेवा] साप्ताहिक सारांश: झज्जर, 12 जनवरी 2026 से शुरू सप्ताह",
        "[जनसेवा] साप्ताहिक सारांश: रोहतक, 12 जनवरी 2026 से शुरू सप्ताह",
    }
    sunday = MONDAY + dt.timedelta(days=6)  # still the same ISO week in India
    assert send_digests(demo_copy, config=config, now=sunday, log=log, render=render).queued == 0
    next_week = send_digests(
        demo_copy, config=config, now=MONDAY + dt.timedelta(days=7), log=log, render=render
    )
    assert next_week.queued == 4 and len(next_week.dispatch.sent) == 4
    items = {d.item for d in outbox_for(demo_copy).rows("sent")}
    assert {"digest/Jhajjar/2026-W03", "digest/Jhajjar/2026-W04", "digest/Rohtak/2026-W04"} <= items


def test_the_digest_without_a_brief_still_goes_out_saying_why(demo_copy, config, smtp, hook, log):
    def no_chromium(warehouse, district, lang, out_dir) -> BriefResult:
        return BriefResult(
            (), None, "the brief's charts are drawn by Chromium, which is not installed here"
        )

    smtp.start()
    hook.start()
    report = send_digests(
        demo_copy, districts=["Rohtak"], config=config, now=MONDAY, log=log, render=no_chromium
    )
    ((_, mail),) = smtp.inbox.messages
    assert len(report.dispatch.sent) == 1 and list(mail.iter_attachments()) == []
    assert "इस सप्ताह ज़िला ब्रीफ़ संलग्न नहीं हो सका: the brief's charts" in body(mail)
    with pytest.raises(ValueError, match="Panipat has no digest recipient in recipients.yml"):
        send_digests(demo_copy, districts=["Panipat"], config=config, now=MONDAY, log=log)


def test_a_dry_run_writes_what_would_be_sent_and_sends_nothing(
    demo_copy, config, smtp, hook, tmp_path
):
    smtp.start()
    hook.start()
    out = tmp_path / "dry"
    files = write_dry_run(demo_copy, "Jhajjar", out, now=MONDAY, render=_fake_brief([]))
    names = sorted(p.name for p in files)
    assert names == [
        "jansewa-brief-Jhajjar-2020-07-en.html",
        "jansewa-brief-Jhajjar-2020-07-hi.html",
        "jansewa-digest-Jhajjar-2026-W03-en.json",
        "jansewa-digest-Jhajjar-2026-W03-en.txt",
        "jansewa-digest-Jhajjar-2026-W03-hi.json",
        "jansewa-digest-Jhajjar-2026-W03-hi.txt",
    ]
    text = (out / "jansewa-digest-Jhajjar-2026-W03-en.txt").read_text(encoding="utf-8")
    assert text.startswith("Subject: [Jansewa] Weekly digest: Jhajjar, week of 12 Jan 2026\n")
    assert "Attachments: jansewa-brief-Jhajjar-2020-07-en.html" in text
    payload = json.loads((out / "jansewa-digest-Jhajjar-2026-W03-hi.json").read_text("utf-8"))
    assert payload["district_text"] == "झज्जर" and payload["type"] == "jansewa.digest"
    assert smtp.inbox.messages == [] and hook.received == []
    assert not (tmp_path / "dagster" / "notifications.sqlite").exists()  # nothing queued


@needs_chromium
@pytest.mark.slow(seconds=10)
def test_jansewa_digest_dry_run_writes_the_brief_too(demo_copy, smtp, hook, tmp_path, capsys):
    smtp.start()
    hook.start()
    out = tmp_path / "out"
    args = ["digest", "--warehouse", str(demo_copy), "--district", "jhajjar", "--lang", "hi"]
    assert main([*args, "--dry-run", "--out", str(out)]) == 0
    written = capsys.readouterr().out
    suffixes = sorted(p.suffix for p in out.iterdir())
    assert suffixes == [".html", ".json", ".pdf", ".txt"] and written.count("written ") == 4
    assert smtp.inbox.messages == [] and hook.received == []
    assert main(args) == 1  # --lang without --dry-run: recipients have their own language
    assert "--lang and --out go with --dry-run" in capsys.readouterr().err
