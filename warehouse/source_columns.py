"""The shorthand the per-source contract tables are written in, shared so that the three
tables spell a column and a rating scale the same way."""

from __future__ import annotations

from warehouse.contract import Column, Kind


def column(name: str, header: str, kind: Kind, required: bool = False, **kw) -> Column:
    """A contract column, with ``required`` positional so that a table row stays one line."""
    return Column(name=name, header=header, kind=kind, required=required, **kw)


# The 1-5 scale citizens rate a call, a service or a grievance's handling on.
RATING = (1, 5)
