"""The district brief for a digest, rendered by `jansewa report` in a child process.

The brief is the dashboard's (dashboards.brief), and the import contracts keep the
pipelines from importing the dashboard. So the digest runs the command every user runs,
`python -m jansewa.cli report --format both`, and attaches the files it wrote: the PDF when
WeasyPrint made one, the HTML page in any case (a failed PDF still leaves the HTML, written
first). A child process also keeps Chromium, which Kaleido starts for the charts, out of the
Dagster run. When no file comes out (no Chromium, no snapshot) the reason is the command's
one-line error, and the digest goes without the brief, saying why.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 600
_MONTH = re.compile(r"-(\d{4}-\d{2})-(?:en|hi)$")


@dataclass(frozen=True)
class BriefResult:
    files: tuple[Path, ...]  # the PDF first when there is one, then the HTML
    month: str | None  # 'YYYY-MM' of the brief
    error: str | None  # why a file is missing, in one line


def _pattern(district: str, lang: str) -> str:
    return f"jansewa-brief-{'-'.join(district.split())}-*-{lang}"


def _last_line(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    return re.sub(r"^jansewa report: error: ", "", lines[-1])[:300]


def render_brief(warehouse: Path, district: str, lang: str, out_dir: Path) -> BriefResult:
    """Write the brief of ``district`` (canonical) in ``lang`` under ``out_dir``, as PDF and
    HTML (the latest complete month); the files that came out, and why any did not."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = _pattern(district, lang)
    for old in out_dir.glob(f"{stem}.*"):
        old.unlink()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    command = [
        sys.executable,
        "-m",
        "jansewa.cli",
        "report",
        "--warehouse",
        str(Path(warehouse).absolute()),
        "--district",
        district,
        "--lang",
        lang,
        "--format",
        "both",
        "--out-dir",
        str(out_dir.absolute()),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env, cwd=REPO
        )
        error = None if done.returncode == 0 else (_last_line(done.stderr) or "failed")
    except subprocess.TimeoutExpired:
        error = f"`jansewa report` took longer than {TIMEOUT_SECONDS} s"
    files = sorted(out_dir.glob(f"{stem}.*"), key=lambda p: (p.suffix != ".pdf", p.name))
    files = [p for p in files if p.suffix in (".pdf", ".html")]
    if files and not any(p.suffix == ".pdf" for p in files):
        error = error or "no PDF was written"
    match = _MONTH.search(files[0].stem) if files else None
    return BriefResult(tuple(files), match.group(1) if match else None, error)
