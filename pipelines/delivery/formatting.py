"""Numbers, dates and names in messages, written the Indian way in English and Hindi.

The pipelines may not import the dashboard (pyproject's import contracts), so the dashboard's
dashboards/i18n.py is not reused; the same source is: Babel's CLDR data for en_IN and hi_IN
(Indian grouping 1,03,515 in both, Latin digits as state portals print them, month names).
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from warehouse.districts import STATE, UnknownDistrictError, by_name

LOCALES = {"en": "en_IN", "hi": "hi_IN"}
STATE_HI = "हरियाणा"
MISSING = "–"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def number(value: float | int | None, lang: str = "en", decimals: int | None = None) -> str:
    """103515 -> '1,03,515'; a fraction keeps ``decimals`` places (default: 0 for whole
    numbers, else 1; 2 below 10)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (2 if abs(value) < 10 else 1)
    pattern = "#,##,##0" + ("." + "0" * decimals if decimals else "")
    if round(value, decimals) == 0:
        value = 0  # no '-0.0'
    return format_decimal(value, format=pattern, locale=_locale(lang))


def percent(rate: float | None, lang: str = "en") -> str:
    """A share (0-1) as '29.0 %'."""
    if rate is None or (isinstance(rate, float) and not math.isfinite(rate)):
        return MISSING
    return f"{number(rate * 100, lang, 1)} %"


def _date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date() if isinstance(value, dt.datetime) else value


def period(start: dt.date | str | None, grain: str | None, lang: str = "en") -> str:
    """'May 2020' / 'मई 2020' for a month, 'week of 4 May 2020', '4 May 2020' for a day;
    empty for an alert with no period."""
    if start is None:
        return ""
    day = _date(start)
    locale = _locale(lang)
    if grain == "month":
        return format_date(day, "LLLL y" if lang == "hi" else "MMM y", locale=locale)
    text = format_date(day, "d MMMM y" if lang == "hi" else "d MMM y", locale=locale)
    if grain == "week":
        return f"{text} से शुरू सप्ताह" if lang == "hi" else f"week of {text}"
    return text


def day(value: dt.date | dt.datetime | str, lang: str = "en") -> str:
    """'12 Jan 2026' / '12 जनवरी 2026'."""
    pattern = "d MMMM y" if lang == "hi" else "d MMM y"
    return format_date(_date(value), pattern, locale=_locale(lang))


def moment(value: dt.datetime | None, lang: str = "en") -> str:
    """'3 Jun 2020, 06:05' as the warehouse records it (India time)."""
    if value is None:
        return MISSING
    pattern = "d MMMM y, HH:mm" if lang == "hi" else "d MMM y, HH:mm"
    return format_datetime(value, pattern, locale=_locale(lang))


def district(name: str, lang: str = "en") -> str:
    """A canonical district (or Haryana) in ``lang``: 'Jhajjar' / 'झज्जर'."""
    if lang != "hi":
        return name
    if name == STATE:
        return STATE_HI
    try:
        return by_name(name).name_hi
    except UnknownDistrictError:
        return name
