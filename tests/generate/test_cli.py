"""`jansewa generate`: documented options, one-line errors with exit status 2."""

from __future__ import annotations

import pytest

from jansewa.cli import main


def test_help_documents_every_option(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["generate", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for option in ("--out", "--scale", "--seed", "demo", "state-year"):
        assert option in text


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "--out", "x", "--scale", "huge"],
        ["generate", "--out", "x", "--seed", "x"],
        ["generate"],
    ],
)
def test_bad_option_is_one_line_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "error" in err
