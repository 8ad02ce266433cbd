"""English left on a Hindi page: the Latin words of a text, less the few that Hindi
government documents write in Latin letters too (file formats, scheme and portal acronyms,
'Rs'). Shared by the browser tests of every page and the district brief's test."""

from __future__ import annotations

import re

# Written in Latin letters in Hindi documents as well: file formats, portal and scheme
# acronyms, units. Anything else in Latin letters on a Hindi page is English left behind.
ALLOWED = {
    "CSV",
    "PDF",
    "PNG",
    "JSON",
    "X",
    "Y",
    "CM",
    "SMGT",
    "CPGRAMS",
    "DBT",
    "HoD",
    "DC",
    "IST",
    "Rs",
    "GX",
    "ID",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]")


TOKEN = re.compile(r"[\w.'’\-]+")


def english_words(text: str) -> list[str]:
    """The Latin-letter words of ``text`` that are not in ALLOWED, each once, in order.

    Identifiers are not words: a token with an underscore or an inner dot (a KPI id such as
    rts_on_time_rate, a file name such as targets.yml) or with letters and digits together (a
    record id such as GR-2020-00417 or PJhajjar2020-04-10462) is data an official may need to
    quote exactly, and is passed over; so is text in ‘single quotes’ (an export's own header) and
    in `code quotes` (a table or a command)."""
    seen: list[str] = []
    text = re.sub(r"‘[^’]*’", " ", text)  # quoted: an export's own label, cited as it is
    text = re.sub(r"`[^`]*`", " ", text)  # a table or command named in code quotes
    for token in TOKEN.findall(text):
        token = token.strip(".-'’")
        if "_" in token or "." in token or re.search(r"[A-Za-z].*\d|\d.*[A-Za-z]", token):
            continue
        for word in LATIN_WORD.findall(token):
            if word not in ALLOWED and word not in seen:
                seen.append(word)
    return seen
