"""`jansewa report`: execute the district report notebook and write one offline HTML file.

The report is notebooks/district-report.ipynb, run top to bottom with nbclient after its
parameters are injected (the few lines papermill would add, without the dependency), then
exported with nbconvert. A district office opens the file with no network, so:

* charts use Plotly's "notebook" renderer (set by the notebook through the helper API),
  which embeds plotly.js in the page; the default renderer's output is dropped by nbconvert;
* the exporter's links to require.js, MathJax and Mermaid on a CDN are removed by a small
  template that extends nbconvert's "lab" template, the MathJax tag Plotly adds to every
  figure is dropped, and a final check refuses to write a page that still loads anything
  from another host;
* the kernel is this interpreter's (a kernel spec written to a temporary folder), so the
  report runs the same code as the command, whatever kernels the machine has installed.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import nbformat
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from warehouse.districts import canonical_district

REPORT_NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "district-report.ipynb"
KERNEL_NAME = "jansewa-python"
CELL_TIMEOUT_S = 600

# Extends the lab template and drops the blocks that link a CDN.
_TEMPLATE = """\
{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
  table.jansewa-kpis { border-collapse: collapse; font-size: 13px; }
  table.jansewa-kpis th, table.jansewa-kpis td { padding: 3px 8px; border-bottom: 1px solid #ddd; }
  table.jansewa-kpis td, table.jansewa-kpis th { text-align: left !important; }
  table.jansewa-kpis td.num { text-align: right !important; font-variant-numeric: tabular-nums; }
</style>
{%- endblock extra_css -%}
"""
_TEMPLATE_FILE = "jansewa-report.html.j2"


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict[str, object]) -> None:
    """Insert a cell of assignments right after the cell tagged ``parameters``.

    The notebook's own defaults stay visible above; the injected cell (tagged
    ``injected-parameters``, as papermill does) overrides them. Values are written with
    ``repr``, so only plain values (str, int, float, None) are accepted.
    """
    index = next(
        (
            i
            for i, c in enumerate(nb.cells)
            if "parameters" in c.get("metadata", {}).get("tags", [])
        ),
        None,
    )
    if index is None:
        raise ValueError("the report notebook has no cell tagged 'parameters'")
    for name, value in parameters.items():
        if not name.isidentifier() or not isinstance(value, str | int | float | type(None)):
            raise ValueError(f"parameter {name!r} must be a name bound to a plain value")
    source = "# Injected parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(index + 1, cell)


def _kernel_manager(kernel_dir: Path) -> AsyncKernelManager:
    """A kernel manager for this interpreter, all of whose files are in ``kernel_dir``: its
    spec, its connection file and its sockets."""
    write_kernel_spec(kernel_dir / KERNEL_NAME, overrides={"display_name": "Jansewa (report)"})
    specs = KernelSpecManager(kernel_dirs=[str(kernel_dir)])
    # IPC sockets (files named after ``ip``): the kernel opens no TCP port, so no other
    # program on the machine can reach it, and ipykernel has no unencrypted TCP to warn of.
    return AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=specs,
        transport="ipc",
        ip=str(kernel_dir / "kernel"),
        connection_file=str(kernel_dir / "connection.json"),
    )


def execute_notebook(
    nb: nbformat.NotebookNode, workdir: Path, timeout: int = CELL_TIMEOUT_S
) -> nbformat.NotebookNode:
    """Run every cell in a kernel of this interpreter, in ``workdir``; stop at the first error."""
    with tempfile.TemporaryDirectory(prefix="jansewa-kernel-") as kernels:
        client = NotebookClient(
            nb,
            km=_kernel_manager(Path(kernels)),
            kernel_name=KERNEL_NAME,
            timeout=timeout,
            allow_errors=False,
            resources={"metadata": {"path": str(workdir)}},
        )
        # nbclient leaves a kernel it did not start running, for its caller to reuse: this
        # one is shut down (its sockets and connection file removed) once the cells have run
        client.execute(cleanup_kc=True)
    return nb


def html_exporter() -> HTMLExporter:
    """nbconvert's lab page without code cells, prompts or CDN links."""
    return HTMLExporter(
        template_name="lab",
        template_file=_TEMPLATE_FILE,
        extra_loaders=[jinja2.DictLoader({_TEMPLATE_FILE: _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )


class _ExternalLinks(HTMLParser):
    """Collects src/href attributes that point at another host (script text is not parsed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href"} and value and re.match(r"\s*(https?:)?//", value, re.I):
                self.found.append(f"<{tag} {name}={value}>")


# Plotly's HTML renderers add a MathJax <script> from a CDN to every figure (plotly 7 hard-codes
# include_mathjax="cdn"); the charts use no LaTeX, so the tag is dropped.
_EXTERNAL_SCRIPT = re.compile(
    r"""<script\b[^>]*\bsrc=["']?(?:https?:)?//[^>]*>\s*</script>""", re.IGNORECASE
)


def drop_external_scripts(page: str) -> str:
    """Remove <script src> tags that would fetch code from another host."""
    return _EXTERNAL_SCRIPT.sub("", page)


def external_links(page: str) -> list[str]:
    """Tags in an HTML page whose src or href would reach another host."""
    parser = _ExternalLinks()
    parser.feed(page)
    parser.close()
    return parser.found


def render_district_report(
    warehouse: Path,
    district: str,
    date_from: dt.date | None,
    date_to: dt.date | None,
    out: Path,
) -> Path:
    """Execute the report notebook for one district and range; write self-contained HTML.

    Refuses an unknown district (ValueError, one line) and a range that ends before it
    starts, before any kernel starts. Returns the path written.
    """
    name = canonical_district(district)
    if date_from and date_to and date_to < date_from:
        raise ValueError(f"--to {date_to} is before --from {date_from}")
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    inject_parameters(
        nb,
        {
            "district": name,
            "date_from": date_from.isoformat() if date_from else None,
            "date_to": date_to.isoformat() if date_to else None,
            "warehouse": str(Path(warehouse).resolve()),
        },
    )
    nb.metadata["title"] = f"Jansewa district report: {name}"
    execute_notebook(nb, REPORT_NOTEBOOK.parent)
    page, _ = html_exporter().from_notebook_node(nb, resources={"metadata": {"name": name}})
    page = drop_external_scripts(page)
    leaks = external_links(page)
    if leaks:
        raise RuntimeError(f"report would load from other hosts: {', '.join(leaks[:3])}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
