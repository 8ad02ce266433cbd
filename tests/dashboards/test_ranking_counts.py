"""The ranking rule counts 'clearly better' districts off sorted bounds; it must give the
ranks of the rule's own pairwise definition (dashboards.comparison._clearly_better) for any
values: ties, equal bounds, rows with and without intervals, and both directions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards.comparison import _clearly_better, _clearly_better_counts

# Few distinct values, so that ties and touching intervals are common.
bound = st.sampled_from([0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.75, 1.0])


@st.composite
def district_rows(draw, intervals: str) -> list[dict]:
    rows = []
    for i in range(draw(st.integers(0, 24))):
        low, high = sorted([draw(bound), draw(bound)])
        has = {"all": True, "none": False, "mixed": draw(st.booleans())}[intervals]
        rows.append(
            {
                "district": f"d{i}",
                "value": (low + high) / 2 if has else draw(bound),
                "ci_low": low if has else None,
                "ci_high": high if has else None,
            }
        )
    return rows


def _pairwise(higher: bool, rows: list[dict]) -> list[int]:
    return [sum(_clearly_better(higher, o, r) for o in rows if o is not r) for r in rows]


@settings(max_examples=300, deadline=None)
@given(
    intervals=st.sampled_from(["all", "none", "mixed"]),
    higher=st.booleans(),
    data=st.data(),
)
def test_counts_equal_the_pairwise_rule(intervals, higher, data):
    rows = data.draw(district_rows(intervals))
    assert _clearly_better_counts(higher, rows) == _pairwise(higher, rows)


def test_worked_example():
    """Higher is better: B's interval lies wholly above A's; C overlaps both."""
    rows = [
        {"district": "A", "value": 0.3, "ci_low": 0.2, "ci_high": 0.4},
        {"district": "B", "value": 0.8, "ci_low": 0.7, "ci_high": 0.9},
        {"district": "C", "value": 0.5, "ci_low": 0.35, "ci_high": 0.75},
    ]
    assert _clearly_better_counts(True, rows) == [1, 0, 0]
    assert _clearly_better_counts(False, rows) == [0, 1, 0]
