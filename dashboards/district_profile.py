"""One district's KPIs beside the state's and the best district's: the rows the district
profile page and the district brief both show, so that they never disagree."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

import polars as pl

from dashboards.catalog import info
from dashboards.comparison import compare_rows, interval_text, rank_text, with_defaults
from warehouse.districts import STATE

# Kinds for which a 'best district' makes sense (counts depend on district size).
COMPARABLE = ("rate", "score", "median", "mean", "index", "rank")


def has_best(kpi: str) -> bool:
    """Whether a rank and a 'best district' mean anything for ``kpi``: a comparable kind
    with a better direction (a share of calls about ration is neither good nor bad)."""
    return info(kpi).kind in COMPARABLE and info(kpi).direction != "none"


# compare() of every KPI of a period's frame, kept while the frame lives: the frames come
# from the per-snapshot query cache, so each of the 22 districts' profiles of a period reads
# the same comparisons instead of ranking 22 districts on 50 KPIs again (~25 ms).
_COMPARED: OrderedDict[tuple[int, int], tuple[weakref.ref, dict]] = OrderedDict()
_COMPARED_SIZE = 64
_compared_lock = threading.Lock()


def compared_by_kpi(values: pl.DataFrame, min_cases: int) -> dict[str, tuple[list, list]]:
    """{kpi: (compare() rows, the state's values)} for every KPI of ``values``."""
    key = (id(values), min_cases)
    with _compared_lock:
        hit = _COMPARED.get(key)
        if hit is not None and hit[0]() is values:
            return hit[1]
    by_kpi: dict[str, tuple[list, list]] = {}
    for row in with_defaults(values).to_dicts():  # one conversion, not one per KPI
        districts, state = by_kpi.setdefault(row["kpi"], ([], []))
        if row["district"] == STATE:
            state.append(row["value"])
        else:
            districts.append(row)
    result = {
        kpi: (compare_rows(districts, kpi, min_cases), state)
        for kpi, (districts, state) in by_kpi.items()
    }
    with _compared_lock:
        _COMPARED[key] = (weakref.ref(values), result)
        while len(_COMPARED) > _COMPARED_SIZE:
            _COMPARED.popitem(last=False)
    return result


def profile_rows(values: pl.DataFrame, district: str, min_cases: int = 30) -> list[dict]:
    """Per KPI: the district's value (with its interval, case count and why it is not
    ranked), the state's, and the best district's by the rule of dashboards.comparison: only
    a ranked value can be best, so there is none for a provisional or partial KPI, and a
    district on too few cases is never it. When several share rank 1, the best value of them
    is shown, named with the number of districts it shares first place with."""
    rows = []
    for kpi, (compared, state) in sorted(compared_by_kpi(values, min_cases).items()):
        own = next((r for r in compared if r["district"] == district), None)
        best_district, best_value, shared = None, None, 0
        if has_best(kpi):
            first = [r for r in compared if r["rank"] == 1]
            if first:
                best_district, best_value, shared = (
                    first[0]["district"],
                    first[0]["value"],
                    len(first) - 1,
                )
        rows.append(
            {
                "kpi": kpi,
                "value": own["value"] if own else None,
                "interval": interval_text(kpi, own["ci_low"], own["ci_high"]) if own else "",
                "denominator": own["denominator"] if own else None,
                "note": own["note"] if own else None,
                "rank": rank_text(own) if own and has_best(kpi) else "",
                "state": state[0] if state else None,
                "best_district": best_district,
                "best_value": best_value,
                "best_shared": shared,
            }
        )
    return rows
