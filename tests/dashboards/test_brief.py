"""`jansewa report`: the district brief, in English and Hindi, as offline HTML and as PDF.

Built from the demo warehouse (generated exports, refreshed): the brief's figures are the
district profile's and `jansewa kpis`'s for the same month; the Hindi brief has no English
left but names and abbreviations; nothing in either file is fetched from anywhere.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dashboards.i18n import format_indian, kpi_name
from tests.cli_run import run_cli
from tests.dashboards.hindi_scan import english_words

DISTRICT, SPELLING, MONTH = "Jhajjar", "jhajjar ", "2020-05"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO / "test-output" / "briefs"

pytestmark = pytest.mark.skipif(not CHROMIUM, reason="the brief's charts are drawn by chromium")


@pytest.fixture(scope="module")
def briefs(demo_warehouse) -> dict[str, dict[str, Path]]:
    """Both languages, both formats, kept under test-output/briefs/ to be looked at."""
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    files: dict[str, dict[str, Path]] = {}
    for lang in ("en", "hi"):
        argv = ["report", "--warehouse", str(demo_warehouse.warehouse), "--district", SPELLING]
        argv += ["--lang", lang, "--period", MONTH, "--out-dir", str(ARTEFACTS)]
        code, out, err = run_cli(argv)
        assert code == 0, err
        written = [Path(line.split(" to ", 1)[1]) for line in out.splitlines()]
        files[lang] = {p.suffix[1:]: p for p in written}
    return files


def _text(html: str) -> str:
    """The words a reader sees: tags, the style sheet and the embedded images removed."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    html = re.sub(r'src="data:[^"]*"', " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.slow(seconds=25)
def test_both_languages_are_written_as_html_and_pdf_named_after_district_month_language(briefs):
    for lang in ("en", "hi"):
        assert briefs[lang]["html"].name == f"jansewa-brief-{DISTRICT}-{MONTH}-{lang}.html"
        pdf = briefs[lang]["pdf"].read_bytes()
        assert pdf.startswith(b"%PDF-") and len(pdf) > 50_000
        pages = (
            subprocess.run(
                ["pdfinfo", str(briefs[lang]["pdf"])], capture_output=True, text=True
            ).stdout
            if shutil.which("pdfinfo")
            else ""
        )
        if pages:  # a page for the standing, one per theme, one of notes
            assert int(re.search(r"Pages:\s+(\d+)", pages)[1]) >= 7


def test_the_brief_shows_the_profile_figures_of_jansewa_kpis(briefs, demo_warehouse):
    """Values in the brief's tables are `jansewa kpis --grain month` for the district."""
    code, out, err = run_cli(
        ["kpis", "--warehouse", str(demo_warehouse.warehouse), "--grain", "month",
         "--from", f"{MONTH}-01", "--to", f"{MONTH}-31", "--format", "json"]
    )  # fmt: skip
    assert code == 0, err
    rows = {(r["district"], r["kpi"]): r for r in json.loads(out)}
    html = briefs["en"]["html"].read_text(encoding="utf-8")
    calls = rows[(DISTRICT, "calls_received")]["value"]
    resolution = rows[(DISTRICT, "call_resolution_rate")]["value"]
    state_resolution = rows[("Haryana", "call_resolution_rate")]["value"]
    text = " ".join(_text(html).split())
    # a row reads: name, the district's value, its interval, the state's value, ...
    assert f"{kpi_name('calls_received')} {format_indian(calls)} " in text
    resolution_row = f"{kpi_name('call_resolution_rate')} {100 * resolution:.1f} % "
    assert resolution_row in text
    assert f"{100 * state_resolution:.1f} %" in text.split(resolution_row, 1)[1][:40]
    assert "District brief: Jhajjar, May 2020" in text


def test_the_hindi_brief_has_no_english_left(briefs):
    html = briefs["hi"]["html"].read_text(encoding="utf-8")
    assert 'lang="hi"' in html and "ज़िला संक्षेप: झज्जर, मई 2020" in html
    assert english_words(_text(html)) == []


def test_nothing_is_fetched_from_another_host(briefs):
    for lang in ("en", "hi"):
        html = briefs[lang]["html"].read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html, re.I)
        assert html.count('src="data:image/png;base64,') >= 4  # the standing and the themes


def test_mistakes_are_one_line_and_write_nothing(demo_warehouse, tmp_path):
    base = ["report", "--warehouse", str(demo_warehouse.warehouse), "--out-dir", str(tmp_path)]
    for args, words in (
        (["--district", "Atlantis"], "unknown district 'Atlantis'"),
        (["--district", "Nuh", "--period", "2019-01"], "no published month 2019-01"),
    ):
        code, _, err = run_cli([*base, *args])
        assert code == 1 and words in err and err.strip().count("\n") == 0
    code, _, err = run_cli(
        ["report", "--warehouse", str(tmp_path / "none.duckdb"), "--district", "Nuh"]
    )
    assert code == 1 and "run `jansewa refresh" in err
    assert list(tmp_path.iterdir()) == []
