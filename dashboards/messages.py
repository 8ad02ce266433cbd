"""The boxed sentence a page or block shows in place of data or beside it: one look and one
screen-reader role for every notice, warning and error."""

from __future__ import annotations

from dash import html


def message(text: str, kind: str = "info", id: str | None = None) -> html.Div:
    """A boxed sentence (kind: info | warning | error)."""
    props = {"id": id} if id else {}
    return html.Div(text, className=f"message message-{kind}", role="status", **props)
