"""The district reference: every alias maps to one canonical district; unknown names refused."""

import csv

import pytest

from warehouse.districts import (
    REFERENCE_CSV,
    UnknownDistrictError,
    alias_table,
    by_name,
    canonical_district,
    district_names,
    districts,
)

DOMAIN_DISTRICTS = [
    "Ambala",
    "Bhiwani",
    "Charkhi Dadri",
    "Faridabad",
    "Fatehabad",
    "Gurugram",
    "Hisar",
    "Jhajjar",
    "Jind",
    "Kaithal",
    "Karnal",
    "Kurukshetra",
    "Mahendragarh",
    "Nuh",
    "Palwal",
    "Panchkula",
    "Panipat",
    "Rewari",
    "Rohtak",
    "Sirsa",
    "Sonipat",
    "Yamunanagar",
]


def test_the_22_districts_of_2020():
    assert district_names() == DOMAIN_DISTRICTS


def test_population_sums_to_the_2011_state_total_and_dadri_is_split_from_bhiwani():
    assert sum(d.population_2011 for d in districts()) == 25_351_462
    assert (
        by_name("Bhiwani").population_2011 + by_name("Charkhi Dadri").population_2011 == 1_634_445
    )
    assert by_name("Gurugram").population_2011 == 1_514_432
    assert by_name("Nuh").population_2011 == 1_089_263


def test_six_divisions_and_unique_tiles():
    assert {d.division for d in districts()} == {
        "Ambala",
        "Faridabad",
        "Gurugram",
        "Hisar",
        "Karnal",
        "Rohtak",
    }
    assert len({(d.tile_x, d.tile_y) for d in districts()}) == 22


def test_every_alias_in_the_reference_file_maps_to_its_own_district():
    with REFERENCE_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    checked = 0
    for row in rows:
        for spelling in [
            row["district"],
            row["district_hi"],
            *filter(None, row["aliases"].split("|")),
        ]:
            for variant in (spelling, spelling.upper(), f"  {spelling} ", spelling.lower()):
                assert canonical_district(variant) == row["district"], variant
                checked += 1
    assert checked > 22 * 2 * 4


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Gurgaon", "Gurugram"),
        ("GURGAON", "Gurugram"),
        ("Mewat", "Nuh"),
        ("Narnaul", "Mahendragarh"),
        ("Yamuna Nagar", "Yamunanagar"),
        ("yamuna-nagar", "Yamunanagar"),
        ("Sonepat", "Sonipat"),
        ("Hissar ", "Hisar"),
        ("झज्जर", "Jhajjar"),
        ("गुरुग्राम", "Gurugram"),
        ("पंचकूला", "Panchkula"),
        ("गुड़गांव", "Gurugram"),  # decomposed nukta
        ("गु\u095cगांव", "Gurugram"),  # precomposed nukta letter
        ("Charkhi  Dadri", "Charkhi Dadri"),
    ],
)
def test_real_export_spellings(spelling, canonical):
    assert canonical_district(spelling) == canonical


@pytest.mark.parametrize(
    "bad", ["Delhi", "Chandigarh", "Gurugram Sector 29", "", "   ", None, "हरियाणा"]
)
def test_unknown_or_empty_names_are_refused_with_the_value_named(bad):
    with pytest.raises(UnknownDistrictError) as err:
        canonical_district(bad)
    if bad and bad.strip():
        assert repr(bad) in str(err.value)


def test_no_alias_is_claimed_by_two_districts():
    table = alias_table()
    assert set(table.values()) == set(DOMAIN_DISTRICTS)
