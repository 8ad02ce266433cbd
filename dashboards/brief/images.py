"""The brief's charts as PNG images, drawn by Kaleido (Plotly's own exporter) in headless
Chromium: the dashboard's figures exactly, with Devanagari shaped as the browser shapes it
(an SVG handed to the PDF renderer loses the conjuncts), and no network needed.

One Chromium serves every chart of a run (start it with ``chart_renderer``); it is closed
when the block ends.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import plotly.graph_objects as go

PAGE_WIDTH_PX = 900  # an A4 page's text width at the scale the PDF renders it
NO_CHROMIUM = (
    "the brief's charts are drawn by Chromium, which is not installed here "
    "(Debian: apt-get install chromium)"
)


class ChartsUnavailableError(RuntimeError):
    """Chromium, which draws the charts, is not installed."""


@contextmanager
def chart_renderer() -> Iterator[Callable[[dict], str]]:
    """Yield ``draw(fig) -> 'data:image/png;base64,…'``; raises ChartsUnavailableError, one
    line, when Chromium cannot be started."""
    import kaleido
    from choreographer.errors import ChromeNotFoundError

    try:
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    except ChromeNotFoundError as exc:
        raise ChartsUnavailableError(NO_CHROMIUM) from exc

    def draw(fig: dict) -> str:
        height = int(fig["layout"].get("height") or 420)
        opts = {"format": "png", "width": PAGE_WIDTH_PX, "height": height, "scale": 2}
        figure = go.Figure(fig)
        figure.update_layout(modebar={"remove": ["toImage"]})
        try:
            png = kaleido.calc_fig_sync(figure, opts=opts)
        except ChromeNotFoundError as exc:
            raise ChartsUnavailableError(NO_CHROMIUM) from exc
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

    try:
        yield draw
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
