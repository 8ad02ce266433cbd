"""Haryana's departments in Hindi (warehouse/reference/departments.csv): the names the
exports write in English, as the state's Hindi documents write them. Matched on the name
with case, spaces and punctuation ignored ('Food, Civil Supplies and Consumer Affairs' =
'food civil supplies and consumer affairs'); a department missing from the file has no
Hindi name and is shown as the export writes it."""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

REFERENCE_CSV = Path(__file__).parent / "reference" / "departments.csv"


def department_key(name: str) -> str:
    """A department's name with case, spaces and punctuation other than brackets ignored."""
    return re.sub(r"[^\w()/]+", " ", name.lower()).strip()


@functools.cache
def department_hindi() -> dict[str, str]:
    """{department_key(English name): Hindi name}."""
    with REFERENCE_CSV.open(encoding="utf-8") as fh:
        return {department_key(r["department"]): r["department_hi"] for r in csv.DictReader(fh)}
