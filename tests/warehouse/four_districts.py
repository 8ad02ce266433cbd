"""Four districts in two divisions, small enough to work the scorecard out by hand: the data,
the weights file and the helpers shared by the scorecard's tests
(test_scorecard_defensible.py, test_scorecard_uncertainty.py)."""

from __future__ import annotations

from pathlib import Path

from tests.warehouse.conftest import MiniWarehouse, day, ts

AS_OF = day("2020-07-31")  # every pending grievance of April and May is over 30 days old

# Two themes: helpline (one KPI, theme weight 3) and grievances (two KPIs, theme weight 1).
# Effective weights, reviewed: resolution 3, disposal 0.5, pending share 0.5;
# equal: 1, 1, 1; theme-equal (themes equal, KPIs equal within a theme): 1, 0.5, 0.5.
WEIGHTS = """
settings: {min_cases: 1, bootstrap_replicates: 60, sensitivity_rank_spread: 2}
themes:
  helpline: {weight: 3, kpis: [call_resolution_rate]}
  grievances: {weight: 1, kpis: [grievance_disposal_rate, grievance_pending_over_30d_share]}
kpis:
  call_resolution_rate: {weight: 1, direction: higher}
  grievance_disposal_rate: {weight: 1, direction: higher}
  grievance_pending_over_30d_share: {weight: 1, direction: lower}
"""


def calls(wh, district, when, resolved, unresolved, category="ration", **extra):
    for i in range(resolved + unresolved):
        wh.add(
            "helpline_calls",
            district=district,
            call_received_at=ts(when),
            category=category,
            status="resolved" if i < resolved else "open",
            **extra,
        )


def grievances(wh, district, when, disposed=0, pending=0, rejected=0, **extra):
    for status, n in (("disposed", disposed), ("pending", pending), ("rejected", rejected)):
        for _ in range(n):
            wh.add(
                "grievances",
                district=district,
                channel="cm_window",
                department="D",
                received_on=ts(when),
                status=status,
                **extra,
            )


def four_districts(wh, may=True):
    """Ambala and Panchkula (Ambala division), Hisar and Sirsa (Hisar division).

    April        resolution  disposal  pending share   scaled: res  disp  pend
    Ambala       4/4 = 1     0/4 = 0   0/4 = 0                 100     0   100
    Panchkula    2/4 = .5    4/4 = 1   0/4 = 0                  50   100   100
    Hisar        0/4 = 0     2/4 = .5  2/4 = .5                  0    50     0
    Sirsa        3/4 = .75   1/4 = .25 1/4 = .25                75    25    50
    May: the same, except Ambala resolves 2 of 4 (resolution scaled: A 66.7, P 66.7, H 0,
    S 100).
    """
    for month in ("2020-04", "2020-05") if may else ("2020-04",):
        resolved_ambala = 4 if month == "2020-04" else 2
        calls(wh, "Ambala", f"{month}-10 10:00", resolved_ambala, 4 - resolved_ambala)
        calls(wh, "Panchkula", f"{month}-10 10:00", 2, 2)
        calls(wh, "Hisar", f"{month}-10 10:00", 0, 4)
        calls(wh, "Sirsa", f"{month}-10 10:00", 3, 1)
        grievances(wh, "Ambala", f"{month}-10 10:00", rejected=4)
        grievances(wh, "Panchkula", f"{month}-10 10:00", disposed=4)
        grievances(wh, "Hisar", f"{month}-10 10:00", disposed=2, pending=2)
        grievances(wh, "Sirsa", f"{month}-10 10:00", disposed=1, pending=1, rejected=2)


def april(wh, table, columns, where=""):
    sql = (
        f"select district, {columns} from {table} where grain = 'month' "
        f"and period_start = ? {where}"
    )
    return {r[0]: r[1:] for r in wh.rows(sql, [day("2020-04-01")])}


def write_weights(folder: Path) -> Path:
    """WEIGHTS as a weights file in ``folder``."""
    path = folder / "weights.yml"
    path.write_text(WEIGHTS)
    return path


def build_four(wh: MiniWarehouse, weights: Path) -> MiniWarehouse:
    """``wh`` with the four districts' April and May, built as of AS_OF."""
    four_districts(wh)
    wh.build(as_of=AS_OF, weights=weights)
    return wh
