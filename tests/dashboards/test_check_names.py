"""Every data check of every suite has a name in words, in English and in Hindi."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboards.check_names import check_name

SUITES = sorted((Path(__file__).parents[2] / "expectations" / "suites").glob("*.json"))


def _checks() -> list[tuple[str, str]]:
    pairs = []
    for path in SUITES:
        suite = json.loads(path.read_text(encoding="utf-8"))
        pairs += [(path.stem, e["meta"]["check"]) for e in suite["expectations"]]
    return pairs


def test_there_are_suites_to_name():
    assert len(_checks()) > 50


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_no_check_is_shown_as_its_id(lang):
    raw = [(s, c) for s, c in _checks() if check_name(c, s, lang) == c.replace("_", " ")]
    assert raw == []


def test_names_use_the_export_headers_and_the_rule():
    assert (
        check_name("disposed_on_not_before_received_on", "grievances")
        == "Disposed On is not before Received On"
    )
    assert check_name("call_id_unique", "helpline_calls", "hi") == "‘Call ID’ दोहराया नहीं गया"
    assert check_name("something_new", "grievances") == "something new"
