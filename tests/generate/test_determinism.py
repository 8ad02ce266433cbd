"""Same seed, same bytes (CSV and Excel), and file times that make re-exports the newest."""

from __future__ import annotations

import hashlib
import os


def _files(out):
    return {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_and_times(demo, demo_again):
    a, b = _files(demo[0]), _files(demo_again)
    assert a.keys() == b.keys()
    assert any(name.endswith(".xlsx") for name in a)
    for name in a:
        assert (
            hashlib.sha256(a[name].read_bytes()).digest()
            == hashlib.sha256(b[name].read_bytes()).digest()
        ), name
        assert os.stat(a[name]).st_mtime == os.stat(b[name]).st_mtime, name


def test_reexports_are_newer_than_the_batches_they_correct(demo):
    _, summary = demo
    for f in summary.files:
        if f.kind != "reexport":
            continue
        window_start = f.path.name[len(f.source) + 1 :][:10]
        corrected = [
            g
            for g in summary.files
            if g.source == f.source
            and g.kind == "regular"
            and g.path.name[len(g.source) + 1 :][:10] <= window_start
        ]
        assert corrected
        assert max(os.stat(g.path).st_mtime for g in corrected) < os.stat(f.path).st_mtime
