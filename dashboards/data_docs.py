"""Serve GX Data Docs so that they work with no network.

Great Expectations writes Data Docs that link their stylesheets and scripts (Bootstrap,
jQuery, bootstrap-table, Font Awesome, Vega, ...) to public CDNs, and its logo to a cloud
bucket. Government networks often have no outside access, and then the docs open as
unstyled, empty pages. The dashboard serves the same packages itself, from
``dashboards/vendor/node_modules`` (installed by `make` from ``dashboards/vendor/package.json``
at the versions the docs ask for), and rewrites each page's links to them as it serves it:
every stylesheet, script or image the page would fetch from outside is either served here or
dropped (the logos), so a page makes no outside request. Links a person clicks (GX's own
documentation) are left alone.

The rules match a link by the path after its host, so a rule names a package and version,
never a CDN: GX 1.24's pages are covered (a test fails when a new GX release links something
that no rule serves).
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Response, abort, send_from_directory

VENDOR = Path(__file__).parent / "vendor" / "node_modules"
ASSETS_ROUTE = "/data-docs-assets/"

# (the link's path after its host, the file under node_modules)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), target)
    for pattern, target in (
        (r"^/bootstrap-table@1\.19\.\d+/dist/(?P<rest>.+)$", "bootstrap-table/dist/{rest}"),
        (r"^/bootstrap/4\.3\.1/(?P<rest>.+)$", "bootstrap/dist/{rest}"),
        (r"^/jquery-3\.7\.1\.min\.js$", "jquery/dist/jquery.min.js"),
        (r"^/ajax/libs/popper\.js/1\.12\.9/(?P<rest>.+)$", "popper.js/dist/{rest}"),
        (
            r"^/ajax/libs/bootstrap-datepicker/1\.9\.0/(?P<rest>.+)$",
            "bootstrap-datepicker/dist/{rest}",
        ),
        (r"^/ajax/libs/font-awesome/6\.6\.0/(?P<rest>.+)$", "@fortawesome/fontawesome-free/{rest}"),
        (r"^/npm/vega@5$", "vega/build/vega.min.js"),
        (r"^/npm/vega-lite@5$", "vega-lite/build/vega-lite.min.js"),
        (r"^/npm/vega-embed@6$", "vega-embed/build/vega-embed.min.js"),
        (
            r"^/npm/@forevolve/bootstrap-dark@1\.1\.0/(?P<rest>.+)$",
            "@forevolve/bootstrap-dark/{rest}",
        ),
    )
)
# A resource the page would fetch: the src or href of a link, script or img tag.
_FETCHED = re.compile(r'(<(?:link|script|img)\b[^>]*?\b(?:src|href)=")(https?://[^"]+)(")')
_CSS_URL = re.compile(r"url\(\s*['\"]?https?://[^)'\"]+['\"]?\s*\)")
_HOST_AND_PATH = re.compile(r"^https?://[^/]+(?P<path>/[^?#]*)")


def local_asset(url: str) -> str | None:
    """The file under node_modules that serves ``url``; None when no rule covers it."""
    match = _HOST_AND_PATH.match(url)
    if match is None:
        return None
    for pattern, target in _RULES:
        found = pattern.match(match["path"])
        if found:
            return target.format(**found.groupdict())
    return None


def localise(page: str) -> str:
    """``page`` with every outside stylesheet, script and image served here or dropped."""

    def swap(match: re.Match[str]) -> str:
        asset = local_asset(match[2])
        return f"{match[1]}{ASSETS_ROUTE + asset if asset else ''}{match[3]}"

    return _CSS_URL.sub("none", _FETCHED.sub(swap, page))


def register(server, docs_link: Path, docs_route: str) -> None:
    """Routes for the docs published beside the warehouse (``docs_link``, a link each
    publication swaps to a new folder, so resolved on every request) and for their assets."""

    @server.route(docs_route, defaults={"filename": "index.html"})
    @server.route(docs_route + "<path:filename>")
    def _serve_data_docs(filename: str):
        root = docs_link.resolve()
        if not root.is_dir():
            abort(404)
        if not filename.endswith((".html", ".css")):
            return send_from_directory(root, filename)  # safe_join: no way out of root
        response = send_from_directory(root, filename)
        response.direct_passthrough = False
        text = localise(response.get_data(as_text=True))
        return Response(text, status=response.status_code, mimetype=response.mimetype)

    @server.route(ASSETS_ROUTE + "<path:filename>")
    def _serve_data_docs_asset(filename: str):
        if not VENDOR.is_dir():
            abort(404)
        return send_from_directory(VENDOR, filename)
