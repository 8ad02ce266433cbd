"""`jansewa report --notebook`: the district notebook as one self-contained HTML file that
renders offline (the analysts' rendering; the district brief is tests/dashboards/test_brief.py)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from pipelines.report import (
    execute_notebook,
    external_links,
    inject_parameters,
    render_district_report,
)
from tests.cli_run import run_cli

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
DISTRICT, SPELLING = "Jhajjar", "JHAJJAR "
RANGE = ("2020-04-01", "2020-05-28")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HEADLESS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--virtual-time-budget=15000",
]


@pytest.fixture(scope="module")
def report(demo_warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / f"report-{DISTRICT}.html"
    argv = ["report", "--notebook", "--warehouse", str(demo_warehouse.warehouse)]
    argv += ["--district", SPELLING]
    argv += ["--from", RANGE[0], "--to", RANGE[1], "--out", str(out)]
    code, stdout, stderr = run_cli(argv)
    assert code == 0, stderr
    assert str(out) in stdout
    return out


class _KpiRows(HTMLParser):
    """Reads the report's KPI table back: data-kpi -> the texts of its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._kpi: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-kpi" in attrs:
            self._kpi = attrs["data-kpi"]
            self.rows[self._kpi] = []
        elif tag == "td" and self._kpi:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._kpi:
            self.rows[self._kpi].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._kpi = None


def _number(text: str) -> float | None:
    text = text.replace(",", "").strip()
    return None if text in {"", "–", "-"} else float(text)


@pytest.mark.slow
def test_report_shows_the_kpis_as_jansewa_kpis_prints_them(report, demo_warehouse):
    code, stdout, _ = run_cli(
        ["kpis", "--warehouse", str(demo_warehouse.warehouse), "--district", DISTRICT]
        + ["--grain", "total", "--from", RANGE[0], "--to", RANGE[1], "--format", "csv"]
    )
    assert code == 0
    printed = list(csv.DictReader(io.StringIO(stdout)))
    assert printed, "jansewa kpis printed nothing for the report's range"
    parser = _KpiRows()
    parser.feed(report.read_text(encoding="utf-8"))
    assert set(parser.rows) == {r["kpi"] for r in printed}
    for row in printed:
        _, _, numerator, denominator, value = parser.rows[row["kpi"]]
        for shown, exact, places in (
            (numerator, row["numerator"], 0),
            (denominator, row["denominator"], 0),
            (value, row["value"], 4),
        ):
            if exact == "":
                assert _number(shown) is None, (row["kpi"], shown)
            else:
                assert _number(shown) == pytest.approx(float(exact), abs=0.5 * 10**-places), (
                    row["kpi"],
                    shown,
                    exact,
                )


@pytest.mark.slow
def test_report_makes_no_outside_request(report):
    page = report.read_text(encoding="utf-8")
    assert external_links(page) == []
    assert not re.search(
        r"""<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//""", page, re.I
    )
    assert "cdnjs" not in page and "mathjax" not in page.lower().split("<body", 1)[0]
    assert "Plotly.newPlot" in page  # plotly.js is inside the page, not fetched
    size_mb = report.stat().st_size / 1e6
    print(f"report size: {size_mb:.1f} MB")
    assert size_mb < 20


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_report_renders_its_charts_in_headless_chromium(report):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"report-{DISTRICT}.png"
    url = report.resolve().as_uri()
    subprocess.run(
        [CHROMIUM, *HEADLESS, f"--screenshot={shot}", "--window-size=1280,2000", url],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 10_000
    dom = subprocess.run(
        [CHROMIUM, *HEADLESS, "--dump-dom", url],
        check=True,
        capture_output=True,
        timeout=120,
        text=True,
    ).stdout
    charts = dom.count('class="main-svg"')
    # Each chart draws two main-svg layers; the report has a dozen charts.
    assert charts >= 2 * 8, f"only {charts} plotly svg layers rendered"
    assert not re.search(r"""<(script|link|img|iframe)[^>]+src=["']?(https?:)?//""", dom, re.I)


def test_unknown_district_is_one_line_before_any_kernel(tmp_path):
    with pytest.raises(ValueError, match="unknown district 'Atlantis'"):
        render_district_report(tmp_path / "w.duckdb", "Atlantis", None, None, tmp_path / "r.html")
    code, _, stderr = run_cli(
        [
            "report",
            "--notebook",
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--district",
            "Atlantis",
            "--out",
            str(tmp_path / "r.html"),
        ]
    )
    assert code == 1
    assert stderr.strip().count("\n") == 0 and "unknown district" in stderr
    assert not (tmp_path / "r.html").exists()


def test_parameters_are_injected_after_the_tagged_cell():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# title"),
            nbformat.v4.new_code_cell("district = 'Jhajjar'", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("print(district)"),
        ]
    )
    inject_parameters(nb, {"district": "Nuh", "date_from": None, "date_to": "2020-05-28"})
    injected = nb.cells[2]
    assert injected.metadata["tags"] == ["injected-parameters"]
    assert "district = 'Nuh'" in injected.source and "date_from = None" in injected.source
    with pytest.raises(ValueError):
        inject_parameters(nb, {"district": ["a list"]})
    with pytest.raises(ValueError, match="parameters"):
        inject_parameters(nbformat.v4.new_notebook(), {"district": "Nuh"})


def test_a_notebooks_kernel_listens_on_no_port_and_ends_with_the_run(tmp_path):
    # The kernel runs the notebook over IPC sockets (no TCP port on the machine) and is shut
    # down, its connection file removed, before execute_notebook returns.
    nb = nbformat.v4.new_notebook()
    code = (
        "import os\n"
        "from ipykernel.connect import get_connection_file, get_connection_info\n"
        "info = get_connection_info(unpack=True)\n"
        "print(info['transport'], os.getpid(), get_connection_file())"
    )
    nb.cells = [nbformat.v4.new_code_cell(code)]
    execute_notebook(nb, tmp_path)
    transport, pid, connection_file = nb.cells[0].outputs[0]["text"].split()
    assert transport == "ipc"
    assert not Path(connection_file).exists()
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid), 0)
