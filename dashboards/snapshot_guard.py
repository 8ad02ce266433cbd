"""Every page and callback reads one published snapshot: the guard that renders its blocks
from one snapshot, and turns 'no snapshot yet', 'mart missing' or 'being refreshed' into a
sentence on the page instead of an error."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from dash import html
from flask import current_app

from dashboards.data import MartMissingError, SnapshotUnsettled, render_consistently
from dashboards.i18n import lang_or_default, t
from dashboards.messages import message
from warehouse.snapshot import SnapshotMissingError


def current_warehouse() -> Path:
    """The warehouse this app serves (set by create_app on the Flask config)."""
    return Path(current_app.config["JANSEWA_WAREHOUSE"])


def refreshing(lang: str, id: str | None = None) -> html.Div:
    """What a render says when a refresh swapped the snapshot under every one of its tries:
    the next request will almost surely succeed, so the page answers (HTTP 200) and says so."""
    return message(t("msg.refreshing", lang), "warning", id=id)


def consistent_page(layout: Callable[..., object]) -> Callable[..., object]:
    """A page layout whose every block reads one snapshot: a refresh swapping the snapshot
    mid-render re-renders the whole page on the new one (see data.render_consistently); when
    every try saw a swap, the page says "being refreshed" instead of failing."""

    @functools.wraps(layout)
    def render(**query):
        try:
            return render_consistently(current_warehouse(), lambda: layout(**query))
        except SnapshotMissingError:
            return layout(**query)  # the page's own blocks say there is no snapshot yet
        except SnapshotUnsettled:
            lang = lang_or_default(query.get("lang"))
            return html.Div([refreshing(lang, id="snapshot-refreshing")], className="page")

    return render


def guarded(render: Callable[[], object], lang: str) -> object:
    """``render()`` with every query from one snapshot, or a clear message when the snapshot
    or one of its marts is missing, or when refreshes kept swapping it under every try.

    Inside a page layout (`consistent_page`) a swap is not caught here: it re-renders the
    whole page, so the page's blocks stay from one snapshot."""
    try:
        return render_consistently(current_warehouse(), render)
    except SnapshotMissingError:
        return message(t("msg.no_snapshot", lang), "warning", id="no-snapshot")
    except MartMissingError as exc:
        return message(t("msg.no_mart", lang, table=exc.table), "warning")
    except SnapshotUnsettled:
        return refreshing(lang)
