"""The filters a page offers: labelled dropdowns in one row, their options named in the
page's language, and the store a page's callbacks write its query string to."""

from __future__ import annotations

from dash import dcc, html

from dashboards.i18n import t
from warehouse.sources import SOURCE_NAMES


def dropdown_labels(lang: str) -> dict[str, str]:
    """The words a dropdown shows itself ('2 selected', 'Search', 'No options found') in
    ``lang``; Dash's defaults are English whatever the page's language."""
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search")
    keys += ("clear_selection", "no_options_found")
    return {key: t(f"dropdown.{key}", lang) for key in keys}


def controls_row(*children) -> html.Div:
    """Filters laid out in one row."""
    return html.Div(list(children), className="controls")


def labelled(label: str, control, label_for: str | None = None) -> html.Div:
    """A control with its visible label."""
    return html.Div([html.Label(label, htmlFor=label_for), control], className="control")


def district_options(lang: str, names: list[str]) -> list[dict]:
    """Dropdown options for districts, labelled in the chosen language, sorted by label."""
    from dashboards.i18n import district_name

    options = [{"label": district_name(n, lang), "value": n} for n in names]
    return sorted(options, key=lambda o: o["label"])


def kpi_options(lang: str, kpis: list[str]) -> list[dict]:
    """Dropdown options for KPI ids, labelled with their names and grouped by the export
    they come from (the composite first), each group under a heading that cannot be chosen."""
    from dashboards.i18n import kpi_name, source_name
    from warehouse.kpi_catalogue import catalogue

    entries = catalogue()
    order = ["scorecard", *SOURCE_NAMES]
    groups: dict[str, list[str]] = {}
    for kpi in kpis:
        entry = entries.get(kpi)
        groups.setdefault(entry.source if entry else "", []).append(kpi)
    options: list[dict] = []
    for source in sorted(groups, key=lambda s: order.index(s) if s in order else len(order)):
        if source:
            heading = f"— {source_name(source, lang)} —"
            options.append({"label": heading, "value": f"group:{source}", "disabled": True})
        members = ({"label": kpi_name(k, lang), "value": k} for k in groups[source])
        options.extend(sorted(members, key=lambda o: o["label"]))
    return options


def url_sync(page: str, search: str = "") -> dcc.Store:
    """The store a page's callbacks write its query string to (the app mirrors it in the URL)."""
    return dcc.Store(id={"type": "url-sync", "page": page}, data=search)
