"""Speak Dash's wire protocol without a browser: page loads and callback requests.

A page of this multi-page app is rendered by Dash's own `_pages_content` callback (what the
browser posts after loading `/`), and each page's figures by the page's callbacks, posted
with the values the page's controls start with. ``post`` is any function (path, json body)
-> (HTTP status, response text): the Flask test client or real HTTP to a served app.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

Post = Callable[[str, dict], tuple[int, str]]
CALLBACK = "/_dash-update-component"
PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."


def client_post(client) -> Post:
    def post(path: str, body: dict) -> tuple[int, str]:
        response = client.post(path, json=body)
        return response.status_code, response.get_data(as_text=True)

    return post


def http_post(base: str, timeout: float = 30) -> Post:
    """POST JSON over HTTP to a served app at ``base`` (http://127.0.0.1:PORT)."""

    def post(path: str, body: dict) -> tuple[int, str]:
        request = urllib.request.Request(
            base + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    return post


def http_get(base: str, path: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def _outputs(output: str) -> list[dict]:
    """'..a.children...{"page":"x"}.data..' -> [{'id': 'a', 'property': 'children'}, …]."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    found = []
    for part in parts:
        ident, prop = part.rsplit(".", 1)
        found.append(
            {"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop}
        )
    return found


def callback_body(dependency: dict, values: dict[tuple[str, str], object]) -> dict:
    """The JSON a browser posts for ``dependency`` with the given (id, property) values."""
    outputs = _outputs(dependency["output"])
    inputs = [{**i, "value": values[(i["id"], i["property"])]} for i in dependency["inputs"]]
    state = [{**s, "value": values[(s["id"], s["property"])]} for s in dependency["state"]]
    return {
        "output": dependency["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dependency["inputs"][:1]],
    }


def page_body(pathname: str, search: str = "") -> dict:
    """The body of the page-load callback (what Dash posts for a URL)."""
    return {
        "output": PAGES_OUTPUT,
        "outputs": _outputs(PAGES_OUTPUT),
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }


def _components(node) -> Iterator[dict]:
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
            yield from _components(node["props"])
        else:
            for value in node.values():
                yield from _components(value)
    elif isinstance(node, list):
        for item in node:
            yield from _components(item)


def control_values(page_response: dict) -> dict[tuple[str, str], object]:
    """(id, property) -> value of every component with a string id in a page-load response."""
    values = {}
    for component in _components(page_response):
        props = component["props"]
        ident = props.get("id")
        if isinstance(ident, str):
            for prop, value in props.items():
                values[(ident, prop)] = value
    return values


def page_callbacks(dependencies: list[dict], values: dict) -> list[dict]:
    """Bodies of the server callbacks a page fires on load: those whose inputs and states
    are all present on the page (clientside and prevent-initial-call ones are skipped)."""
    bodies = []
    for dep in dependencies:
        if dep.get("clientside_function") or dep.get("prevent_initial_call"):
            continue
        wanted = [*dep["inputs"], *dep["state"]]
        if not all(isinstance(w["id"], str) and (w["id"], w["property"]) in values for w in wanted):
            continue
        if any(w["id"].startswith("_pages") for w in wanted):
            continue
        bodies.append(callback_body(dep, values))
    return bodies
