"""Running `jansewa` in the test's own process, its output captured: for tests of commands
whose work is in-process (reports, briefs), where a subprocess would only add start-up time."""

from __future__ import annotations

import contextlib
import io

from jansewa import cli


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `jansewa <argv>`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()
