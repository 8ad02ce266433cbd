"""An export read in slices is the export read whole, slice after slice.

The raw step reads, hashes and inserts a big file a slice of records at a time
(pipelines/load/raw.py), so every reading path must give the same records, lines and values
whether the file comes as one frame or as many: clean UTF-8 parsed from disk, files
rewritten first (Windows-1252, UTF-16, CR-only endings, NUL bytes, a BOM inside the text),
quoted values spanning lines in earlier slices, blank lines, lines with a surplus field.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from pipelines.ingest.read import read_export, read_export_slices
from warehouse.sources import HELPLINE_CALLS

from .exportkit import CALL_HEADERS, csv_bytes


def _row(n: int, operator: str = "OP1") -> list[str]:
    return [
        f"C{n}", "Jhajjar", "2020-05-28 14:03", "1950", "9876543210", "Ration", "Open", "",
        operator, "4", "",
    ]  # fmt: skip


def _messy_rows() -> list[list[str]]:
    rows = [_row(n) for n in range(1, 30)]
    rows[2] = _row(3, operator="two\nlines")  # a quoted newline in the first slice
    rows[7] = _row(8, operator="three\nlines\nhere")  # and in a later one
    rows[11] = [*_row(12), "surplus"]  # a line with a field more than the header
    rows[15] = _row(16, operator="Rohtak, east")  # quoted, on one line
    rows[20] = _row(21, operator="Café")  # not ASCII: tells the encodings apart
    return rows


def _sliced(path, rows=3) -> tuple[list[pl.DataFrame], pl.DataFrame]:
    frames = list(read_export_slices(path, HELPLINE_CALLS, slice_rows=rows).frames)
    return frames, pl.concat(frames, how="vertical")


def _without_empty_unnamed(extra: str | None) -> dict | None:
    """``_extra`` less the keys of unnamed columns left empty (the one documented way a
    slice may differ: such a key is kept only where its slice has a value, and a line whose
    ``_extra`` would hold nothing else has none)."""
    if extra is None:
        return None
    kept = {k: v for k, v in json.loads(extra).items() if not (k == "_overflow" and v is None)}
    return kept or None


def _assert_same(whole: pl.DataFrame, sliced: pl.DataFrame) -> None:
    assert sliced.drop("_extra").equals(whole.drop("_extra"))
    assert [_without_empty_unnamed(v) for v in sliced["_extra"]] == [
        _without_empty_unnamed(v) for v in whole["_extra"]
    ]


@pytest.mark.parametrize(
    ("encoding", "newline", "mangle"),
    [
        ("utf-8", "\n", None),  # parsed by Polars straight from disk
        ("utf-8-sig", "\r\n", None),
        ("cp1252", "\r\n", None),  # rewritten as UTF-8 first
        ("utf-16", "\r\n", None),
        ("utf-8", "\r", None),  # old-Mac line endings
        ("utf-8", "\n", "nul"),
        ("utf-8", "\n", "bom"),  # two exports pasted into one file
    ],
)
def test_slices_put_together_are_the_whole_file(tmp_path, encoding, newline, mangle):
    rows = _messy_rows()
    if newline == "\r":  # Python's csv quotes a value holding "\n" only if it ends lines
        rows = [[v.replace("\n", " ") for v in row] for row in rows]
    data = csv_bytes([CALL_HEADERS, *rows], encoding=encoding, newline=newline)
    if mangle == "nul":
        data = data.replace(b"Jhajjar", b"Jhaj\x00jar")
    if mangle == "bom":
        data = data.replace(b"\nC15,", b"\n\xef\xbb\xbfC15,")
    path = tmp_path / "calls.csv"
    path.write_bytes(data)

    whole = read_export(path, HELPLINE_CALLS)
    frames, sliced = _sliced(path)

    assert len(frames) > 5  # really read in slices
    # about the size asked: a CSV is cut by bytes, at the first record end past the mean
    # length of 3 lines (pipelines/ingest/csv_segments.py); an .xlsx sheet by rows
    assert all(1 <= f.height <= 6 for f in frames), [f.height for f in frames]
    assert whole.rows_read == 29
    _assert_same(whole.frame, sliced)
    assert whole.frame["operator_id"][20] == "Café"
    spanned = 0 if newline == "\r" else 3  # the values spanning 2 and 3 lines
    assert whole.frame["_line"][8] == 10 + spanned
    assert whole.frame["_line"][28] == 30 + spanned


def test_a_slice_without_a_surplus_field_has_no_overflow_key(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_bytes(csv_bytes([CALL_HEADERS, *_messy_rows()]))
    frames, _ = _sliced(path)
    keys = [{k for v in f["_extra"].drop_nulls() for k in json.loads(v)} for f in frames]
    assert keys.count({"_overflow"}) == 1  # the slice of line 13, with the surplus field
    assert keys.count(set()) == len(frames) - 1  # the others have no _extra at all


def test_an_unclosed_quote_in_a_later_slice_refuses_the_file(tmp_path):
    from pipelines.ingest.read import ExportRejected

    path = tmp_path / "calls.csv"
    path.write_bytes(csv_bytes([CALL_HEADERS, *_messy_rows()]) + b'C99,Jind,"never closed\n')
    read = read_export_slices(path, HELPLINE_CALLS, slice_rows=3)
    with pytest.raises(ExportRejected, match="a quoted value is never closed"):
        list(read.frames)


def test_an_xlsx_file_comes_in_slices_too(tmp_path):
    from .exportkit import write_xlsx

    path = write_xlsx(tmp_path / "calls.xlsx", [CALL_HEADERS, *[_row(n) for n in range(1, 11)]])
    frames, sliced = _sliced(path, rows=4)
    assert [f.height for f in frames] == [4, 4, 2]
    assert sliced.equals(read_export(path, HELPLINE_CALLS).frame)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a,b\r\nc,d\r\ne,f\r\n", (True, False)),  # CRLF pairs split between blocks
        (b"a,b\r\nc,d\re,f\r\n", (True, True)),  # one lone CR
        (b"a,b\nc,d\n\xef\xbb\xbfe,f\n", (True, True)),  # a BOM straddling two blocks
        (b"\xef\xbb\xbfa,b\nc,d\n", (True, False)),  # a BOM at the start is no fault
        (b"a,b\nc,d\nCaf\xc3\xa9,\xe0\xa4\xb9\n", (True, False)),  # characters split
        (b"a,b\nc,d\nCaf\xe9,x\n", (False, True)),  # Windows-1252, late in the file
        (b"a,b\nc,\x00d\n", (True, True)),  # a NUL byte
        (b"a,b\n\xf0\x9f\x99\x8f,\xe0\xa4\xb9\xe0\xa4\xbe\n", (True, False)),  # 4 and 3 bytes
        (b"a,b\nc,\xed\xa0\x80\n", (False, True)),  # a surrogate is not UTF-8
        (b"a,b\nc,\xc0\xaf\n", (False, True)),  # nor an overlong form
        (b"a,b\nc,d\xe0\xa4", (False, True)),  # a character the file's end cuts short
        (b"a,b\nc,d\xa4\xb9\n", (False, True)),  # continuation bytes without a lead
    ],
)
def test_the_byte_scan_sees_across_its_blocks(tmp_path, monkeypatch, data, expected):
    """The scan that decides how a file is read goes by blocks (4 MiB); here of 4 bytes,
    so that every pair, BOM and character above is cut by a block's end somewhere."""
    import pipelines.ingest.read_csv as read_csv

    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert read_csv._inspect_utf8(path) == expected
    for block in (2, 3, 4, 5):
        monkeypatch.setattr(read_csv, "_SCAN_BYTES", block)
        assert read_csv._inspect_utf8(path) == expected, block


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (
            b"\xef\xbb\xbfa,b\r\nc,\x00d\re,f\r\n\xef\xbb\xbfg,\xe0\xa4\xb9\xe0\xa4\xbf\r",
            "utf-8",
            "a,b\nc,d\ne,f\ng,हि\n",
        ),
        (b"a,Caf\xe9\r\nb,\x93q\x94\rc,d\r\n", "cp1252", "a,Café\nb,“q”\nc,d\n"),
    ],
    ids=["utf-8", "cp1252"],
)
def test_the_rewrite_is_the_same_whatever_its_blocks(
    tmp_path, monkeypatch, data, encoding, expected
):
    """The clean copy of a file that needs one is written block by block (1 MiB); here of a
    few bytes, so that CRLF pairs, BOMs and characters are cut by a block's end somewhere."""
    import pipelines.ingest.read_csv as read_csv

    path = tmp_path / "x.csv"
    path.write_bytes(data)
    for block in (1, 2, 3, 5, 1 << 20):
        monkeypatch.setattr(read_csv, "_REWRITE_BYTES", block)
        read_csv._clean_copy(path, encoding, tmp_path / "clean.csv", "x.csv")
        assert (tmp_path / "clean.csv").read_bytes().decode("utf-8") == expected, block
