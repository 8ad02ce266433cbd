"""A chart as every page shows it: the figure, the sentence that says what it shows, and
the numbers it draws as a table for screen readers and exact values."""

from __future__ import annotations

from dash import dcc, html

from dashboards.figure_data import figure_table
from dashboards.i18n import DEFAULT_LANG, t

GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"scale": 2}}


def graph_config(lang: str) -> dict:
    """Plotly's settings for a chart on a page in ``lang`` (its toolbar's tooltips)."""
    return {**GRAPH_CONFIG, "locale": "hi"} if lang == "hi" else GRAPH_CONFIG


def figure_block(
    graph_id: str,
    figure: dict,
    caption: str,
    caption_id: str | None = None,
    lang: str = DEFAULT_LANG,
    min_width: int | None = None,
    table_beside: bool = False,
):
    """A chart, the plain-language sentence that says what it shows, and the numbers it
    draws as a table behind a 'Show the numbers' switch (figure_data.py: for screen readers
    and exact values); the chart's toolbar speaks ``lang`` (Plotly's locale, registered by
    assets/plotly-locale-hi.js).

    ``min_width`` (pixels): the chart is never drawn narrower, and scrolls sideways inside
    its own box on a narrower screen (a heatmap whose 24 hour columns carry text), as a wide
    table does; the page itself never scrolls sideways.

    ``table_beside``: the block shows the chart's numbers in a table of its own right below
    (with its download), so the switch would only repeat them: a 22 x 24 heatmap's hidden
    copy was 5,000 elements, most of the explorer panel's answer time."""
    # A figure that sets its own height gets a box of that height: a responsive graph in a
    # grid cell otherwise takes the cell's height, which can be a few pixels while the page
    # lays out (the funnels were drawn as 30-pixel strips after a window resize).
    height = figure.get("layout", {}).get("height")
    style = {"height": f"{int(height)}px"} if height else None
    graph = dcc.Graph(id=graph_id, figure=figure, config=graph_config(lang), style=style)
    if min_width:
        graph.style = {**(style or {}), "minWidth": f"{int(min_width)}px"}
        graph = html.Div(graph, className="figure-scroll")
    return html.Figure(
        [
            graph,
            html.Figcaption(caption, id=caption_id or f"{graph_id}-caption", className="caption"),
            None if table_beside else _numbers_behind(graph_id, figure, lang),
        ],
        className="figure-block",
    )


def _numbers_behind(graph_id: str, figure: dict, lang: str):
    header, rows = figure_table(figure, t("fig.category", lang))
    if not rows:
        return None
    return html.Details(
        [
            html.Summary(t("fig.show_numbers", lang)),
            html.Div(
                html.Table(
                    [
                        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                        html.Tbody(
                            [
                                html.Tr([html.Th(row[0], scope="row"), *map(html.Td, row[1:])])
                                for row in rows
                            ]
                        ),
                    ],
                    className="figure-numbers",
                ),
                className="figure-numbers-box",
            ),
        ],
        id=f"{graph_id}-numbers",
        className="figure-data",
    )
