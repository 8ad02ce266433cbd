"""The `jansewa` command: the one place that wires the pipelines and the dashboard together.

It sits above both (see ``[tool.importlinter]`` in pyproject.toml): `jansewa demo` refreshes
with ``pipelines`` and then serves ``dashboards``, and neither of those two may import the
other, so the code that calls both cannot live in either.
"""
