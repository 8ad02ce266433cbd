"""Which partitioned models a moved as-of date ages: those reading the flags it sets, directly,
through an intermediate view, or by selecting every column where those could come from."""

from __future__ import annotations

import pytest

from warehouse import as_of_aging
from warehouse.as_of_aging import ages_with_as_of

VIEW = "int_grievances_status"
MODELS = {
    VIEW: "select *, as_of - received_on as days_pending from stg_grievances",
    "kpi_named": "select day, count(*) filter (where is_pending_over_30d) from int_grievances_status",
    "kpi_counts_only": "select day, count(*) from int_grievances_status group by day",
    "kpi_star": "select g.* from int_grievances_status as g",
    "int_between": "select grievance_no, days_pending as age from int_grievances_status",
    "kpi_through_between": "select age from int_between",
    "kpi_commented": "-- not is_pending_over_30d\nselect day from int_grievances_status",
}


@pytest.fixture()
def fake_models(monkeypatch):
    """A few models of our own, the intermediate ones named as the project's are."""
    monkeypatch.setattr(as_of_aging, "model_sql", MODELS.__getitem__)
    monkeypatch.setattr(
        as_of_aging,
        "models_read",
        lambda model: {m for m in MODELS if m != model and m in MODELS[model]},
    )
    monkeypatch.setattr(as_of_aging, "INTERMEDIATE_MODELS", [VIEW, "int_between"])
    as_of_aging._reads_aged.cache_clear()
    as_of_aging._reaches.cache_clear()
    yield
    as_of_aging._reads_aged.cache_clear()
    as_of_aging._reaches.cache_clear()


@pytest.mark.parametrize(
    ("model", "aged"),
    [
        ("kpi_named", True),
        ("kpi_counts_only", False),  # count(*) is not every column
        ("kpi_star", True),
        ("kpi_through_between", True),  # the aged column renamed on the way
        ("kpi_commented", False),  # a comment reads nothing
    ],
)
def test_a_model_is_aged_when_it_can_read_an_aged_flag(fake_models, model, aged):
    assert ages_with_as_of(model, "stg_grievances") is aged


def test_the_project_models_that_read_aging_sources_without_their_flags():
    as_of_aging._reads_aged.cache_clear()
    as_of_aging._reaches.cache_clear()
    assert not ages_with_as_of("int_record_durations", "stg_grievances")
    assert not ages_with_as_of("int_staged_days", "stg_service_transactions")
    assert not ages_with_as_of("kpi_service_wait_histogram", "stg_service_transactions")
    assert ages_with_as_of("kpi_grievances_daily", "stg_grievances")
    assert ages_with_as_of("case_rts_overdue", "stg_service_transactions")
