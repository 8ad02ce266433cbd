"""`jansewa kpis --help` ends with every KPI id of the catalogue, one a line with its name."""

from __future__ import annotations

import pytest

from jansewa.cli import main
from warehouse.kpi_catalogue import catalogue


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    return capsys.readouterr().out


def test_kpis_help_lists_every_kpi_id(capsys):
    text = _help(["kpis", "--help"], capsys)
    assert "--grain" in text and "--kpi ID" in text
    listed = text.split("KPI ids (warehouse/reference/kpis.yml")[1].splitlines()[1:]
    ids = [line.split()[0] for line in listed if line.strip()]
    assert ids == list(catalogue())
    assert "  pass_approval_rate" in text and "Movement-pass approval rate" in text
    assert _help(["kpis", "-h"], capsys) == text


def test_other_commands_do_not_list_kpi_ids(capsys):
    assert "KPI ids" not in _help(["scorecard", "--help"], capsys)
    assert "KPI ids" not in _help(["--help"], capsys)
