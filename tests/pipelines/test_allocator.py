"""The refresh's allocator settings (pipelines/allocator.py), each in a fresh interpreter:
what a process has loaded decides whether Polars' setting can still take effect."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Allocates and frees a 40 MiB block 50 times and prints the page faults this took. glibc
# maps a block that large afresh every time by default (its own threshold stops at 32 MiB),
# so every page faults again; with the settings the heap keeps it for the next one.
FAULTS = """
import resource, sys
{prelude}
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    block = bytearray(40 << 20)
    del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _python(code: str, **env: str) -> str:
    drop = ("_RJEM_MALLOC_CONF", "JANSEWA_ALLOCATOR_DEFAULTS")
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_polars_reads_the_setting_when_the_pipeline_is_imported_first():
    # Polars prepends its own defaults to the variable as it loads; ours must come last
    # (jemalloc takes the last value of an option) and reach it at all.
    conf = _python("import pipelines, polars, os; print(os.environ['_RJEM_MALLOC_CONF'])")
    assert conf.startswith("dirty_decay_ms:500,")  # Polars' defaults, so Polars read it
    assert conf.endswith(",dirty_decay_ms:5000,muzzy_decay_ms:0")


def test_polars_defaults_inherited_from_a_parent_do_not_win():
    # A parent that loaded Polars first (the benchmark's runner) hands its children
    # Polars' own defaults in the variable; the refresh's setting must still come last.
    conf = _python(
        "import pipelines, polars, os; print(os.environ['_RJEM_MALLOC_CONF'])",
        _RJEM_MALLOC_CONF="dirty_decay_ms:500,muzzy_decay_ms:1000",
    )
    assert conf.endswith(",dirty_decay_ms:5000,muzzy_decay_ms:0")


def test_the_opt_out_leaves_an_operators_own_setting_as_written():
    conf = _python(
        "import pipelines, polars, os; print(os.environ['_RJEM_MALLOC_CONF'])",
        _RJEM_MALLOC_CONF="dirty_decay_ms:0",
        JANSEWA_ALLOCATOR_DEFAULTS="1",
    )
    assert conf.endswith(",dirty_decay_ms:0") and "5000" not in conf


def test_too_late_for_polars_once_it_is_loaded():
    conf = _python(
        "import polars, os; before = os.environ['_RJEM_MALLOC_CONF']\n"
        "import pipelines; print(os.environ['_RJEM_MALLOC_CONF'] == before)"
    )
    assert conf == "True"


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_glibc_reuses_large_blocks_instead_of_mapping_them_afresh():
    default = int(
        _python(FAULTS.format(prelude="import pipelines"), JANSEWA_ALLOCATOR_DEFAULTS="1")
    )
    tuned = int(_python(FAULTS.format(prelude="import pipelines")))
    # 50 blocks of 10,240 pages each: about 512,000 faults mapped afresh, one block's worth
    # (plus the interpreter's own) when the heap keeps it.
    assert default > 400_000
    assert tuned < 60_000
