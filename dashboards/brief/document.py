"""The brief as files: one offline HTML page (styles and charts inside it, nothing fetched
from anywhere) and the same page as a PDF, laid out by WeasyPrint for A4 with a page per
section. WeasyPrint is used rather than a browser's print: it is a library made for paged
HTML and CSS, shapes Devanagari through Pango/HarfBuzz, and needs no display or daemon.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from dashboards.brief.content import Brief, build_brief
from dashboards.brief.images import chart_renderer
from dashboards.brief.wording import say

HERE = Path(__file__).resolve().parent
FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class BriefFiles:
    html: Path | None
    pdf: Path | None


def brief_html(brief: Brief, charts: dict[str, str]) -> str:
    """The brief's page: ``charts`` maps 'standing' and each section's key to an image URI."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    template = environment.get_template("brief.html.j2")
    return template.render(
        brief=brief,
        charts=charts,
        css=(HERE / "brief.css").read_text(encoding="utf-8"),
        say=lambda key, **fmt: say(key, brief.lang, **fmt),
    )


def file_stem(brief: Brief) -> str:
    """'jansewa-brief-Charkhi-Dadri-2020-05-hi': district, month and language."""
    district = "-".join(brief.district.split())
    return f"jansewa-brief-{district}-{brief.period[:7]}-{brief.lang}"


def write_brief(
    warehouse: Path,
    district: str,
    lang: str,
    out_dir: Path,
    period: str | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> BriefFiles:
    """Write the brief of ``district`` (canonical name) in ``lang`` under ``out_dir``."""
    brief = build_brief(warehouse, district, lang, period)
    figures = {"standing": brief.standing_chart}
    figures.update({s.key: s.chart for s in brief.sections})
    with chart_renderer() as draw:
        charts = {key: draw(fig) if fig is not None else "" for key, fig in figures.items()}
    page = brief_html(brief, charts)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = pdf_path = None
    if "html" in formats:
        html_path = out_dir / f"{file_stem(brief)}.html"
        html_path.write_text(page, encoding="utf-8")
    if "pdf" in formats:
        from weasyprint import HTML

        pdf_path = out_dir / f"{file_stem(brief)}.pdf"
        HTML(string=page, base_url=str(HERE)).write_pdf(pdf_path)
    return BriefFiles(html=html_path, pdf=pdf_path)
