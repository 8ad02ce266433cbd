"""Requests to the dashboard's server-side callbacks, made as the browser makes them.

Each request is drawn (seeded) from the callbacks a user triggers -- the pages' blocks, their
period banners, the period pickers and the shell -- with KPIs, grains, periods, districts and
languages taken from the snapshot. The latency benchmark (tests/benchmarks/readers.py) sends
a weighted sample of them; the dashboard tests send every callback a few times.
"""

from __future__ import annotations

import json
import random
from pathlib import Path


def _parse_output_id(part: str):
    return json.loads(part) if part.startswith("{") else part


def _outputs(key: str) -> list[dict] | dict:
    """'..a.children...{"page":"x"}.data..' -> [{'id': 'a', 'property': 'children'}, ...];
    a single output ('a.children') as one dict, as the browser sends it."""
    if not key.startswith(".."):
        ident, prop = key.rsplit(".", 1)
        return {"id": _parse_output_id(ident), "property": prop}
    outs = []
    for part in key.strip(".").split("..."):
        ident, prop = part.rsplit(".", 1)
        outs.append({"id": _parse_output_id(ident), "property": prop})
    return outs


def callback_name(cb: dict) -> str:
    """'district.profile' for update_profile of the district page, 'district.banner' for
    its period banner, 'shell' for the app's own: one name per server-side callback."""
    function = cb["callback"]
    page = cb["inputs"][0]["id"].split("-")[0]
    if page.startswith("_"):
        return "shell"
    if function.__module__ == "dashboards.periods":
        return f"{page}.banner"
    return f"{page}.{function.__name__.removeprefix('update_').removeprefix('update') or page}"


def callback_specs(warehouse: Path) -> dict[str, dict]:
    """The app's server-side callbacks: name -> {output key, inputs, state, outputs}."""
    from dashboards.app import create_app

    app = create_app(warehouse)
    specs = {}
    for key, cb in app.callback_map.items():
        if "callback" not in cb:
            continue  # clientside callbacks never reach the server
        name = callback_name(cb)
        assert name not in specs, f"two callbacks named {name}"
        specs[name] = {
            "output": key,
            "outputs": _outputs(key),
            "inputs": [i["id"] + "." + i["property"] for i in cb["inputs"]],
            "state": [s["id"] + "." + s["property"] for s in cb["state"]],
        }
    return specs


def _choices(warehouse: Path) -> dict:
    from dashboards import data
    from warehouse.districts import district_names, districts

    return {
        "kpis": data.kpi_ids(warehouse),
        "periods": {g: data.periods(warehouse, g)[:12] for g in ("day", "week", "month", "total")},
        "months": data.service_months(warehouse)[:12],
        "districts": district_names(),
        "scorecard": [f"{g}:{p}" for g, p in data.scorecard_choices(warehouse)],
        "divisions": sorted({d.division for d in districts()}),
    }


def _values(name: str, rng: random.Random, c: dict) -> dict[str, object]:
    """Realistic input values for one callback, by component id and property."""
    lang = rng.choice(["en", "en", "en", "hi"])
    page = name.split(".")[0]
    grains = {"explorer": ("month", "week", "day", "total")}.get(page, ("month", "week", "total"))
    grain = rng.choice(grains)
    period = rng.choice(c["periods"][grain] or [None])
    if page == "service":
        period = rng.choice(c["months"] or [None])
    elif page == "scorecard":
        period = rng.choice(c["scorecard"] or [None])
    district = rng.choice(c["districts"])
    kpis = c["kpis"]
    if name == "explorer.control_room":  # the panel draws for the control-room KPIs only
        from dashboards.control_room_panel import is_control_room_kpi

        kpis = [k for k in kpis if is_control_room_kpi(k)] or kpis
    return {
        f"{page}-lang.data": lang,
        f"{page}-grain.value": grain,
        f"{page}-period.value": period,
        f"{page}-division.value": rng.choice([None, *c["divisions"]]),
        f"{page}-kpi.value": rng.choice(kpis),
        f"{page}-districts.value": rng.sample(c["districts"], rng.choice([0, 1, 2, 3])),
        f"{page}-district.value": district if page == "district" or rng.random() < 0.5 else None,
        "_pages_location.pathname": rng.choice(["/", "/explorer", "/district", "/service"]),
        "_pages_location.search": "?lang=hi" if lang == "hi" else "",
    }


def payload(name: str, spec: dict, values: dict) -> dict:
    def item(ref: str) -> dict:
        ident, prop = ref.rsplit(".", 1)
        return {"id": ident, "property": prop, "value": values.get(ref)}

    return {
        "output": spec["output"],
        "outputs": spec["outputs"],
        "inputs": [item(r) for r in spec["inputs"]],
        "state": [item(r) for r in spec["state"]],
        "changedPropIds": [spec["inputs"][0]],
    }


# How often users change each page's filters: every callback of the page fires then (its
# blocks, its period banner); a period picker and the shell fire less often.
PAGE_WEIGHTS = {"overview": 3, "explorer": 4, "district": 3, "service": 3, "scorecard": 1}


def callback_weight(name: str) -> float:
    if name.endswith(".send_file"):
        return 0  # a file download (every case of a district), not a page update
    if name == "shell" or name.endswith(".periods"):
        return 1
    return PAGE_WEIGHTS.get(name.split(".")[0], 1)


def request_plan(warehouse: Path, n: int, seed: int) -> list[tuple[str, bytes]]:
    specs = callback_specs(warehouse)
    choices = _choices(warehouse)
    rng = random.Random(seed)
    names = sorted(specs)
    weights = [callback_weight(m) for m in names]
    plan = []
    for _ in range(n):
        name = rng.choices(names, weights)[0]
        body = payload(name, specs[name], _values(name, rng, choices))
        plan.append((name, json.dumps(body).encode()))
    return plan


def every_callback_plan(warehouse: Path, per_callback: int, seed: int) -> list[tuple[str, bytes]]:
    """``per_callback`` requests for each server-side callback (tests: every one is called)."""
    specs = callback_specs(warehouse)
    choices = _choices(warehouse)
    rng = random.Random(seed)
    return [
        (name, json.dumps(payload(name, specs[name], _values(name, rng, choices))).encode())
        for name in sorted(specs)
        for _ in range(per_callback)
    ]
