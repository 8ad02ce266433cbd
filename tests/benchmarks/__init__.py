"""`make bench`: the state-year benchmark of the refresh, the readers and the dashboard.

Not collected by pytest (no test_*.py files). Entry point: ``python -m tests.benchmarks.run``.
"""
