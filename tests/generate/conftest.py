"""Demo-scale exports generated once per test session.

``demo`` keeps the run's summary; the shared ``demo_exports`` fixture (tests/conftest.py,
same scale and seed) is the second, independent run the determinism test compares with.
"""

from __future__ import annotations

import pytest

from pipelines.generate import generate_exports


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports_a")
    return out, generate_exports(out, scale="demo", seed=2020)


@pytest.fixture(scope="session")
def demo_again(demo_exports):
    return demo_exports
