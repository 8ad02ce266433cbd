"""The KPI catalogue (warehouse/reference/kpis.yml): what the loader refuses, and that the
warehouse's kpi_catalog, the weights, the targets and README agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from warehouse.kpi_catalogue import (
    KPIS_FILE,
    CatalogueError,
    catalogue,
    check_scored_kpis,
    load_catalogue,
)
from warehouse.kpi_table import END, README, START, markdown_table, readme_with_table
from warehouse.reference_files import SCORECARD_WEIGHTS, load_scorecard_weights
from warehouse.sources import HELPLINE_CATEGORIES


def _reviewed() -> dict:
    return yaml.safe_load(KPIS_FILE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, spec: dict) -> Path:
    path = tmp_path / "kpis.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _edited(tmp_path: Path, kpi: str, **fields) -> Path:
    """The reviewed file with some fields of one entry changed (None removes the field)."""
    spec = _reviewed()
    entry = next(e for e in spec["kpis"] if e["id"] == kpi)
    for field, value in fields.items():
        if value is None:
            del entry[field]
        else:
            entry[field] = value
    return _write(tmp_path, spec)


def test_the_reviewed_file_loads_with_every_field_explicit():
    entries = catalogue()
    assert len(entries) == 67
    approval = entries["pass_approval_rate"]
    assert (approval.kind, approval.direction, approval.theme, approval.target) == (
        "rate",
        "none",
        "passes_relief",
        None,
    )
    assert approval.maturity_days == 2
    assert entries["grievance_disposal_rate"].maturity_days == 30
    assert entries["rts_on_time_rate"].maturity_days == 30
    assert entries["relief_disbursal_coverage"].maturity_days == 7
    assert entries["appointment_slot_24h_rate"].maturity_days == 1
    assert entries["migrant_dispatch_rate"].maturity_days == 7
    assert entries["calls_received"].maturity_days == 0
    assert entries["composite_rank"].direction == "lower"


@pytest.mark.parametrize(
    ("kpi", "fields", "message"),
    [
        ("rts_score", {"kind": "ratio"}, r"rts_score: kind must be one of count, amount"),
        ("rts_score", {"direction": "up"}, r"rts_score: direction must be one of higher"),
        ("rts_score", {"name_hi": None}, r"rts_score: missing fields \['name_hi'\]"),
        ("rts_score", {"name_hi": "  "}, r"rts_score: name_hi must be a non-empty text"),
        (
            "rts_score",
            {"name_hi": "RTS score"},
            r"rts_score: name_hi must be written in Devanagari",
        ),
        ("rts_score", {"definition_hi": None}, r"missing fields \['definition_hi'\]"),
        ("rts_score", {"colour": "red"}, r"unknown fields \['colour'\]"),
        ("rts_score", {"theme": "counters"}, r"rts_score: theme must be one of e_governance"),
        ("rts_score", {"source": "saral"}, r"rts_score: source must be one of helpline_calls"),
        ("rts_score", {"target": "rts_speed"}, r"target 'rts_speed' is not in targets.yml"),
        ("rts_score", {"maturity_days": -1}, r"maturity_days must be a whole number >= 0"),
        ("rts_score", {"maturity_days": 1.5}, r"maturity_days must be a whole number >= 0"),
        ("rts_score", {"id": "RTS Score"}, r"not a KPI id"),
        # Scored in scorecard_weights.yml as higher is better.
        (
            "rts_on_time_rate",
            {"direction": "lower"},
            r"rts_on_time_rate is scored with direction higher, but the catalogue says lower",
        ),
        (
            "rts_on_time_rate",
            {"theme": "grievances"},
            r"rts_on_time_rate is in theme service_delivery",
        ),
        # targets.yml has a target for sms_coverage.
        ("sms_coverage", {"target": "none"}, r"sms_coverage has a target; the catalogue says none"),
        (
            "composite_index",
            {"maturity_days": 7},
            r"composite_index: maturity_days must be at least 30",
        ),
    ],
)
def test_loader_refuses_a_bad_entry(tmp_path, kpi, fields, message):
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(_edited(tmp_path, kpi, **fields))


def test_loader_refuses_a_duplicate_id(tmp_path):
    spec = _reviewed()
    spec["kpis"].append(dict(next(e for e in spec["kpis"] if e["id"] == "sms_coverage")))
    with pytest.raises(CatalogueError, match="sms_coverage is listed twice"):
        load_catalogue(_write(tmp_path, spec))


def test_loader_refuses_a_scored_kpi_it_does_not_list(tmp_path):
    spec = _reviewed()
    spec["kpis"] = [e for e in spec["kpis"] if e["id"] != "feedback_coverage"]
    with pytest.raises(CatalogueError, match="scores feedback_coverage, which is not in"):
        load_catalogue(_write(tmp_path, spec))


def test_call_mix_entries_must_match_the_contract_categories(tmp_path):
    spec = _reviewed()
    spec["kpis"] = [e for e in spec["kpis"] if e["id"] != "call_category_share.ration"]
    with pytest.raises(CatalogueError, match=r"missing \['ration'\], not in the contract \[\]"):
        load_catalogue(_write(tmp_path, spec))
    spec = _reviewed()
    extra = dict(next(e for e in spec["kpis"] if e["id"] == "call_category_share.ration"))
    extra["id"] = "call_category_share.fodder"
    spec["kpis"].append(extra)
    with pytest.raises(CatalogueError, match=r"missing \[\], not in the contract \['fodder'\]"):
        load_catalogue(_write(tmp_path, spec))
    ids = {k for k in catalogue() if k.startswith("call_category_share.")}
    assert len(ids) == len(HELPLINE_CATEGORIES) == 9


def test_a_weights_file_with_another_direction_is_refused_by_the_build(mini, tmp_path):
    weights = tmp_path / "weights.yml"
    weights.write_text("kpis:\n  pass_approval_rate: {weight: 1, direction: higher}\n")
    with pytest.raises(CatalogueError, match="pass_approval_rate is scored with direction higher"):
        check_scored_kpis(catalogue(), weights)
    with pytest.raises(CatalogueError, match="pass_approval_rate"):
        mini.build(weights=weights)


def test_kpi_catalog_in_a_built_warehouse_is_the_file(mini):
    mini.build()
    columns = [r[0] for r in mini.rows("select column_name from (describe kpi_catalog)")]
    assert columns == [
        "kpi",
        "label",
        "kind",
        "unit",
        "direction",
        "source",
        "label_hi",
        "definition",
        "definition_hi",
        "theme",
        "maturity_days",
        "target",
    ]
    rows = {r[0]: r for r in mini.rows("select * from kpi_catalog")}
    # One row written out by hand from the file.
    assert rows["pass_approval_rate"] == (
        "pass_approval_rate",
        "Movement-pass approval rate",
        "rate",
        "share",
        None,
        "movement_passes",
        "मूवमेंट पास स्वीकृति दर",
        "Passes issued, out of applications received (the published definition).",
        "प्राप्त आवेदनों में से जारी किए गए पासों का अनुपात (प्रकाशित परिभाषा)।",
        "passes_relief",
        2,
        None,
    )
    assert rows["grievance_pending_over_30d_share"][4] == "lower"
    assert rows["grievance_pending_over_30d_share"][11] == "grievance_pending_over_30d_share"
    # And every row is the file's entry.
    assert set(rows) == set(catalogue())
    for kpi, k in catalogue().items():
        direction = None if k.direction == "none" else k.direction
        assert rows[kpi] == (
            k.id,
            k.name,
            k.kind,
            k.unit,
            direction,
            k.source,
            k.name_hi,
            k.definition,
            k.definition_hi,
            k.theme,
            k.maturity_days,
            k.target,
        )


def test_pass_approval_rate_has_one_direction_in_the_warehouse_and_the_weights(mini):
    mini.build()
    stored = mini.rows("select direction from kpi_catalog where kpi = 'pass_approval_rate'")
    assert stored == [(None,)]  # neither way is better ...
    scored = {kpi for kpi, _, _ in load_scorecard_weights(SCORECARD_WEIGHTS)}
    assert "pass_approval_rate" not in scored  # ... so it is not scored
    assert "pass_decision_rate" in scored
    # Every scored KPI has the catalogue's direction.
    for kpi, _, direction in load_scorecard_weights(SCORECARD_WEIGHTS):
        assert catalogue()[kpi].direction == direction


def test_readme_kpi_table_is_the_one_the_catalogue_generates():
    text = README.read_text(encoding="utf-8")
    assert readme_with_table(text, markdown_table()) == text, (
        "README's KPI table differs from warehouse/reference/kpis.yml: run "
        "`python -m warehouse.kpi_table --write-readme`"
    )
    table = text.split(START)[1].split(END)[0]
    assert (
        "| `pass_approval_rate` | Movement-pass approval rate · मूवमेंट पास स्वीकृति दर | "
        "Passes issued, out of applications received (the published definition). | "
        "rate (share) | – | passes_relief | – | 2 |"
    ) in table
    assert table.count("\n| `") == 67


def test_readme_rewrite_replaces_only_the_marked_part():
    text = f"# Title\nbefore\n{START}\nold | table\n{END}\nafter\n"
    assert (
        readme_with_table(text, "| new |") == f"# Title\nbefore\n{START}\n| new |\n{END}\nafter\n"
    )
    with pytest.raises(ValueError, match="once each"):
        readme_with_table("no markers here", "| new |")
    with pytest.raises(ValueError, match="comes before"):
        readme_with_table(f"{END}\n{START}\n", "| new |")
