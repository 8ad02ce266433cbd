"""A page's filters in its URL's query string, parsed against allow-lists and written back.

Everything in a URL is untrusted. :func:`parse_state` keeps a value only when it is on the
allow-list the caller passes (KPI ids and periods the snapshot has, the 22 districts, the
grains, the languages) and drops anything else silently, so an unknown, mistyped or malicious
parameter falls back to the default and never reaches SQL or the page. The values that do
survive reach SQL only as query parameters (dashboards.data).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from dashboards.catalog import is_valid_kpi_id
from dashboards.i18n import DEFAULT_LANG, LANGS
from warehouse.districts import district_names

GRAINS = ("day", "week", "month", "total")
MAX_DISTRICTS = 8
MAX_VALUE_LEN = 200
LATEST = "latest"


@dataclass(frozen=True)
class UrlState:
    """The filters a page keeps in its URL; ``None`` means 'not given, use the default'."""

    lang: str = DEFAULT_LANG
    kpi: str | None = None
    grain: str | None = None
    period: str | None = None  # ISO date of period_start
    district: str | None = None
    districts: tuple[str, ...] = field(default_factory=tuple)
    department: str | None = None  # the case lists' filters
    kind: str | None = None
    bucket: str | None = None

    def with_(self, **changes: object) -> UrlState:
        return replace(self, **changes)


@dataclass(frozen=True)
class Allowed:
    """What a URL may name; empty collections mean 'this page has no such filter'."""

    kpis: frozenset[str] = frozenset()
    grains: tuple[str, ...] = GRAINS
    periods: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset(district_names())
    departments: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    buckets: frozenset[str] = frozenset()


def _first(value: object) -> str | None:
    """The first string of a query value (Dash passes repeated keys as lists)."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if not isinstance(value, str) or len(value) > MAX_VALUE_LEN:
        return None
    return value.strip()


def query_from_search(search: str | None) -> dict[str, object]:
    """'?kpi=x&grain=month' -> {'kpi': 'x', 'grain': 'month'} (as Dash's router passes them)."""
    if not search or not search.startswith("?"):
        return {}
    parsed = parse_qs(search[1:], keep_blank_values=True)
    return {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}


def parse_state(query: Mapping[str, object], allowed: Allowed) -> UrlState:
    """The page state from query parameters; anything not on an allow-list is ignored."""
    lang = _first(query.get("lang"))
    kpi = _first(query.get("kpi"))
    grain = _first(query.get("grain"))
    period = _first(query.get("period"))
    district = _first(query.get("district"))
    department = _first(query.get("department"))
    kind = _first(query.get("kind"))
    bucket = _first(query.get("bucket"))
    many = _first(query.get("districts")) or ""
    picked: list[str] = []
    for name in many.split(","):
        name = name.strip()
        if name in allowed.districts and name not in picked:
            picked.append(name)
    return UrlState(
        lang=lang if lang in LANGS else DEFAULT_LANG,
        kpi=kpi if kpi and is_valid_kpi_id(kpi) and kpi in allowed.kpis else None,
        grain=grain if grain in allowed.grains else None,
        period=period if period and (period == LATEST or period in allowed.periods) else None,
        district=district if district in allowed.districts else None,
        districts=tuple(picked[:MAX_DISTRICTS]),
        department=department if department in allowed.departments else None,
        kind=kind if kind in allowed.kinds else None,
        bucket=bucket if bucket in allowed.buckets else None,
    )


def serialise_state(state: UrlState) -> str:
    """The query string ('?…') for a state; defaults and empty values are left out."""
    pairs: list[tuple[str, str]] = []
    if state.lang != DEFAULT_LANG:
        pairs.append(("lang", state.lang))
    for key in ("kpi", "grain", "period", "district"):
        value = getattr(state, key)
        if value:
            pairs.append((key, value))
    if state.districts:
        pairs.append(("districts", ",".join(state.districts)))
    for key in ("department", "kind", "bucket"):
        value = getattr(state, key)
        if value:
            pairs.append((key, value))
    return f"?{urlencode(pairs)}" if pairs else ""


def iso_period(value: object) -> str | None:
    """A period from a control or URL: an ISO date string (YYYY-MM-DD), else None.

    Callbacks pass it to SQL only as a parameter; anything else (a list, SQL, a name) is
    treated as "no period chosen" so the page says there is nothing to show.
    """
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def choose(value: str | None, options: Iterable[str], default: str | None) -> str | None:
    """A value from a control, kept only when it is one of the options offered."""
    options = list(options)
    if value in options:
        return value
    return default if default in options or default is None else (options[0] if options else None)
