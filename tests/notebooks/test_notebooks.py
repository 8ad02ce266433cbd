"""The notebooks: committed without outputs, and each runs top to bottom on the demo warehouse."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

from pipelines.report import REPORT_NOTEBOOK, execute_notebook

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_notebooks_exist():
    names = {p.name for p in ALL}
    assert REPORT_NOTEBOOK.name in names
    assert {f"0{i}" for i in range(1, 6)} <= {n[:2] for n in names}


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts"


def test_only_the_helper_api_is_imported():
    """Notebooks consume: the only import is warehouse.explore (STYLE.md, habit 10)."""
    for path in ALL:
        nb = nbformat.read(path, as_version=4)
        imports = [
            line.strip()
            for cell in nb.cells
            if cell.cell_type == "code"
            for line in cell.source.splitlines()
            if line.strip().startswith(("import ", "from "))
        ]
        assert imports == ["from warehouse import explore as jx"], (path.name, imports)


def test_report_notebook_has_a_parameters_cell():
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("district", "date_from", "date_to", "warehouse"):
        assert f"{name} = " in tagged[0].source


@pytest.mark.slow
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_runs_top_to_bottom_on_the_demo_warehouse(path, demo_warehouse, monkeypatch):
    # The kernel inherits the environment: notebooks find the snapshot the way analysts do.
    monkeypatch.setenv("JANSEWA_WAREHOUSE", str(demo_warehouse.warehouse))
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    execute_notebook(nb, NOTEBOOKS)  # raises CellExecutionError on the first failing cell
    seconds = time.perf_counter() - started
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors
    figures = sum(
        "Plotly.newPlot" in out.get("data", {}).get("text/html", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )
    assert figures >= 1, f"{path.name} drew no chart"
    print(f"{path.name}: {seconds:.1f} s, {figures} figures")
