"""kpi_eoffice_offices on a tiny staged set worked out by hand, the offices ranked on it by
the one ranking rule, and the demo exports' leading office and department.

Jhajjar, as of 10 June 2020 (files closed unless said):
  DIPRO   30 Apr: 36 electronic (2 movements, last +4 days: 2 days each), 4 physical (1
          movement, last +6: 6 days), department social justice; 1 May: 5 electronic (4
          movements, last +2: 0.5 days), 5 physical never moved, general administration.
  DC      30 Apr: 20 electronic (2 days), 20 physical (6 days), revenue.
  SDM     30 Apr: 34 electronic (2 days), 6 physical (6 days), revenue.
  Tehsil  30 Apr: 5 electronic (2 days): the highest share, on too few files to be ranked.
  Zila    no department. 30 Apr: z1 electronic, last 1 May (1 day), closed; z2 physical,
          last 3 May (3 days), open: idle since 2 June; 1 May: z3 physical, last 11 May (10
          days), open: due 10 June = the as-of date, not idle yet.
Hisar: one DIPRO file whose department ingestion hashed (64 hex characters).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from tests.warehouse.conftest import day

J, H = "Jhajjar", "Hisar"
AS_OF = day("2020-06-10")
SJE, GA = "Social Justice and Empowerment", "General Administration"
HASHED = hashlib.sha256(b"9876543210").hexdigest()
APR, MAY = day("2020-04-01"), day("2020-05-01")
DIPRO, DC, SDM = "DIPRO Office Jhajjar", "DC Office Jhajjar", "SDM Office Jhajjar"
TEHSIL, ZILA = "Tehsil Office Jhajjar", "Zila Parishad Jhajjar"


def _files(
    wh, count, office, created, mode, movements, last_after, department, closed=True, district=J
):
    created_on = day(created)
    last = None if last_after is None else created_on + dt.timedelta(days=last_after)
    wh.add_many(
        "eoffice_files",
        count,
        district=district,
        office=office,
        department=department,
        created_on=created_on,
        mode=mode,
        movements=movements,
        last_movement_on=last,
        closed_on=(last or created_on) + dt.timedelta(days=1) if closed else None,
    )


@pytest.fixture(scope="module")
def offices(mini_module):
    wh = mini_module
    _files(wh, 36, DIPRO, "2020-04-30", "electronic", 2, 4, SJE)
    _files(wh, 4, DIPRO, "2020-04-30", "physical", 1, 6, SJE)
    _files(wh, 5, DIPRO, "2020-05-01", "electronic", 4, 2, GA)
    _files(wh, 5, DIPRO, "2020-05-01", "physical", 0, None, GA)
    _files(wh, 20, DC, "2020-04-30", "electronic", 2, 4, "Revenue")
    _files(wh, 20, DC, "2020-04-30", "physical", 1, 6, "Revenue")
    _files(wh, 34, SDM, "2020-04-30", "electronic", 2, 4, "Revenue")
    _files(wh, 6, SDM, "2020-04-30", "physical", 1, 6, "Revenue")
    _files(wh, 5, TEHSIL, "2020-04-30", "electronic", 2, 4, "Revenue")
    _files(wh, 1, ZILA, "2020-04-30", "electronic", 1, 1, None)
    _files(wh, 1, ZILA, "2020-04-30", "physical", 1, 3, None, closed=False)
    _files(wh, 1, ZILA, "2020-05-01", "physical", 1, 10, None, closed=False)
    _files(wh, 1, "DIPRO Office Hisar", "2020-05-01", "electronic", 1, 1, HASHED, district=H)
    wh.build(as_of=AS_OF)
    return wh


def _rows(wh, level: str, district: str = J) -> dict:
    """{(grain, period_start, office[, department]): (files, electronic, share, files_moved,
    median, idle)} of one level."""
    found = wh.rows(
        "select grain, period_start, office, department, files, electronic, electronic_share, "
        "files_moved, median_days_per_movement, files_idle from kpi_eoffice_offices "
        "where district = ? and level = ?",
        [district, level],
    )
    key = (lambda r: r[:3]) if level == "office" else (lambda r: r[:4])
    return {key(r): r[4:] for r in found}


def test_office_figures_worked_by_hand(offices):
    got = _rows(offices, "office")
    expected = {
        ("month", APR, DIPRO): (40, 36, 0.9, 40, 2.0, 0),
        ("month", MAY, DIPRO): (10, 5, 0.5, 5, 0.5, 0),
        ("month", APR, DC): (40, 20, 0.5, 40, 4.0, 0),  # 20 x 2 days, 20 x 6: median 4
        ("month", APR, SDM): (40, 34, 0.85, 40, 2.0, 0),
        ("month", APR, TEHSIL): (5, 5, 1.0, 5, 2.0, 0),
        ("month", APR, ZILA): (2, 1, 0.5, 2, 2.0, 1),  # 1 and 3 days; z2 idle
        ("month", MAY, ZILA): (1, 0, 0.0, 1, 10.0, 0),  # due on the as-of date: not idle
        # The whole period: counts add up over the month boundary, medians do not (DIPRO:
        # 5 x 0.5, 36 x 2, 4 x 6 -> 2; Zila Parishad: 1, 3, 10 -> 3, neither month's).
        ("total", APR, DIPRO): (50, 41, 0.82, 45, 2.0, 0),
        ("total", APR, DC): (40, 20, 0.5, 40, 4.0, 0),
        ("total", APR, SDM): (40, 34, 0.85, 40, 2.0, 0),
        ("total", APR, TEHSIL): (5, 5, 1.0, 5, 2.0, 0),
        ("total", APR, ZILA): (3, 1, 1 / 3, 3, 3.0, 1),
    }
    assert got.keys() == expected.keys()
    for key, values in expected.items():
        assert got[key] == pytest.approx(values), key


def test_departments_add_up_to_their_office(offices):
    departments = _rows(offices, "department")
    assert departments[("month", APR, DIPRO, SJE)] == pytest.approx((40, 36, 0.9, 40, 2.0, 0))
    assert departments[("month", MAY, DIPRO, GA)] == pytest.approx((10, 5, 0.5, 5, 0.5, 0))
    assert departments[("total", APR, ZILA, None)] == pytest.approx((3, 1, 1 / 3, 3, 3.0, 1))
    for (grain, start, office), (files, electronic, _, moved, _, idle) in _rows(
        offices, "office"
    ).items():
        parts = [v for k, v in departments.items() if k[:3] == (grain, start, office)]
        assert [sum(p[i] for p in parts) for i in (0, 1, 3, 5)] == [files, electronic, moved, idle]


def test_the_share_carries_its_wilson_interval(offices):
    # Wilson (1927), z = 1.96: 36 of 40 -> 0.7695-0.9604; 5 of 5 -> 0.5655-1; 0 of 1 -> 0-0.7935.
    found = {
        (r[0], r[1], r[2]): (r[3], r[4])
        for r in offices.rows(
            "select grain, period_start, office, ci_low, ci_high from kpi_eoffice_offices "
            "where district = ? and level = 'office'",
            [J],
        )
    }
    assert found[("month", APR, DIPRO)] == pytest.approx((0.7695, 0.9604), abs=1e-4)
    assert found[("month", APR, TEHSIL)] == pytest.approx((0.5655, 1.0), abs=1e-4)
    assert found[("month", MAY, ZILA)] == pytest.approx((0.0, 0.7935), abs=1e-4)
    assert all(low is not None and low <= high for low, high in found.values())


def test_idle_files_are_the_case_lists_and_a_hashed_department_shows_its_first_12(offices):
    idle = offices.rows(
        "select district, sum(files_idle) from kpi_eoffice_offices "
        "where grain = 'total' and level = 'office' group by district order by district"
    )
    listed = offices.rows(
        "select district, count(*) from case_list where kind = 'eoffice_idle' "
        "group by district order by district"
    )
    assert [(d, n) for d, n in idle if n] == listed == [(J, 1)]
    assert (
        offices.rows(
            "select department, as_of from kpi_eoffice_offices where district = ? "
            "and level = 'department'",
            [H],
        )
        == [(HASHED[:12], AS_OF)] * 2
    )


def test_offices_are_ranked_by_the_one_ranking_rule(offices):
    """DIPRO (36 of 40) and SDM (34 of 40) overlap: both '=1'; DC (20 of 40) lies below both:
    3rd. Tehsil's 5 of 5 and Zila Parishad's 1 of 2 are under min_cases (30): shown, not
    ranked, whatever their share. A partial period ranks nobody."""
    import polars as pl

    from dashboards.comparison import TOO_FEW, rank_text
    from dashboards.eoffice_block import office_ranking

    april = pl.DataFrame(
        offices.rows(
            "select office, level, files, electronic, electronic_share, ci_low, ci_high, "
            "files_moved, median_days_per_movement, files_idle from kpi_eoffice_offices "
            "where district = ? and grain = 'month' and period_start = ?",
            [J, APR],
        ),
        schema=[
            "office",
            "level",
            "files",
            "electronic",
            "electronic_share",
            "ci_low",
            "ci_high",
            "files_moved",
            "median_days_per_movement",
            "files_idle",
        ],
        orient="row",
    )
    ranked = office_ranking(april, min_cases=30)
    assert [(r["office"], rank_text(r), r["note"]) for r in ranked] == [
        (DIPRO, "=1", None),
        (SDM, "=1", None),
        (DC, "3", None),
        (TEHSIL, "", TOO_FEW),
        (ZILA, "", TOO_FEW),
    ]
    assert {r["rank"] for r in office_ranking(april, 30, "partial")} == {None}


def test_the_demo_offices_follow_the_seed_review(demo_warehouse):
    """The sample exports: DIPRO leads its district's offices on the electronic share over
    the whole period, and social justice its departments, in most districts (the generator's
    LEAD_ODDS; names ingestion hashed, single files, left out)."""
    from warehouse.snapshot import connect_snapshot

    with connect_snapshot(demo_warehouse.warehouse) as con:
        leaders = con.execute(
            """
            with rows as (
                select district, level, coalesce(department, office) as name, files, electronic
                from kpi_eoffice_offices
                where grain = 'total' and not regexp_full_match(coalesce(department, office), '[0-9a-f]{12}')
                    and (level = 'office' or department is not null)
            ),
            shares as (
                select level, district, name, sum(electronic) / sum(files) as share
                from rows
                group by level, district, name
            )
            select level, arg_max(name, share) from shares group by level, district
            """
        ).fetchall()
    offices = [name for level, name in leaders if level == "office"]
    departments = [name for level, name in leaders if level == "department"]
    assert len(offices) == len(departments) == 22
    assert sum(name.startswith("DIPRO Office") for name in offices) > 11, offices
    assert departments.count("Social Justice and Empowerment") > 11, departments
