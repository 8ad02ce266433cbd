"""The bootstrap rank ranges redrawn only for the periods whose inputs changed
(warehouse/rank_ranges.py): each period's ranges depend on its own records alone, a build
redraws April's and the total's when April's calls change and leaves May's rows as drawn,
and what it keeps and redraws equals a build that draws every period."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import warehouse.rank_ranges as rank_ranges
from tests.warehouse.four_districts import calls
from warehouse.uncertainty import bootstrap_rank_ranges

AS_OF = dt.date(2020, 7, 31)


def _weights(tmp_path, seed: int):
    path = tmp_path / f"weights-{seed}.yml"
    path.write_text(
        f"settings: {{bootstrap_replicates: 200, bootstrap_seed: {seed}}}\n"
        "kpis:\n  call_resolution_rate: {weight: 1, direction: higher}\n"
    )
    return path


def _two_months(wh) -> None:
    """Four districts whose daily resolution rates overlap, in April and in May."""
    for month in ("04", "05"):
        for d in range(1, 16):
            when = f"2020-{month}-{d:02d} 10:00"
            calls(wh, "Rohtak", when, int(d % 4 != 0), int(d % 4 == 0))  # 0.75
            calls(wh, "Ambala", when, d % 2, 1 - d % 2)  # about 0.5
            calls(wh, "Hisar", when, int(d % 5 in (1, 2, 3)), int(d % 5 not in (1, 2, 3)))
            calls(wh, "Karnal", when, int(d % 3 == 0), int(d % 3 != 0))  # 0.33


def _ranges(wh) -> list[tuple]:
    return wh.rows("select * from kpi_scorecard_rank_ranges order by all")


@pytest.fixture
def drawn(monkeypatch):
    """The periods each build draws, as (grain, period_start) sets, in build order."""
    draws: list[set] = []

    def recording(daily, components, replicates, seed):
        draws.append(set(components.select("grain", "period_start").unique().iter_rows()))
        return bootstrap_rank_ranges(daily, components, replicates, seed)

    monkeypatch.setattr(rank_ranges, "bootstrap_rank_ranges", recording)
    return draws


def test_a_period_drawn_alone_gets_the_ranges_it_gets_among_all(mini, tmp_path):
    _two_months(mini)
    mini.build(as_of=AS_OF, weights=_weights(tmp_path, 7))
    con = mini.con
    con.execute(f"create temp table _range_daily as {rank_ranges.DAILY_SQL}")
    con.execute(f"create temp table _range_components as {rank_ranges.COMPONENTS_SQL}")
    daily, components = (con.sql(f"from {t}").pl() for t in ("_range_daily", "_range_components"))
    # May is drawn after April when every period is drawn. Few replicates, so that the
    # ranges move with the draws (checked: one stream shared by the periods fails this).
    may = (pl.col("grain") == "month") & (pl.col("period_start") == dt.date(2020, 5, 1))
    for seed in range(1, 11):
        together = bootstrap_rank_ranges(daily, components, 3, seed).filter(may)
        alone = bootstrap_rank_ranges(daily.filter(may), components.filter(may), 3, seed)
        assert alone.height == 4
        assert alone.sort("district").rows() == together.sort("district").rows()


def test_only_changed_periods_are_redrawn_and_equal_a_full_draw(mini, tmp_path, drawn):
    _two_months(mini)
    weights = _weights(tmp_path, 7)
    mini.build(as_of=AS_OF, weights=weights)
    april, may = dt.date(2020, 4, 1), dt.date(2020, 5, 1)
    total = dt.date(2020, 4, 1)  # the total's period starts on the first day of data
    assert drawn[-1] == {("month", april), ("month", may), ("total", total)}
    before = _ranges(mini)

    mini.build(as_of=AS_OF, weights=weights)  # nothing changed: nothing drawn again
    assert drawn[-1] == set()
    assert _ranges(mini) == before

    # Karnal resolves every call on five more April days: April and the total change.
    for d in range(16, 21):
        calls(mini, "Karnal", f"2020-04-{d:02d} 10:00", 3, 0)
    mini.build(as_of=AS_OF, weights=weights)
    assert drawn[-1] == {("month", april), ("total", total)}
    kept = _ranges(mini)
    may_rows = [row for row in kept if row[0] == "month" and row[1] == may]
    assert may_rows == [row for row in before if row[0] == "month" and row[1] == may]
    assert kept != before

    # The same warehouse with every period drawn afresh gives the same rows.
    mini.con.execute("drop table int_rank_range_inputs")
    mini.build(as_of=AS_OF, weights=weights)
    assert len(drawn[-1]) == 3
    assert _ranges(mini) == kept


def test_a_new_seed_redraws_every_period(mini, tmp_path, drawn):
    _two_months(mini)
    mini.build(as_of=AS_OF, weights=_weights(tmp_path, 7))
    mini.build(as_of=AS_OF, weights=_weights(tmp_path, 8))
    assert len(drawn[-1]) == 3
    assert {row[0] for row in mini.rows("select distinct seed from kpi_scorecard_rank_ranges")} == {
        8
    }
