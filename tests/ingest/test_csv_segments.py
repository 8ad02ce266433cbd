"""A CSV file cut into segments is the file after its header, never cut inside a record.

The raw step parses a big export a segment at a time (pipelines/ingest/csv_segments.py); a
cut inside a quoted value would split one record into two broken ones, in a later slice
where no test of the whole file would see it.
"""

from __future__ import annotations

import csv
import io

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.csv_segments import csv_segments, values_span_lines
from pipelines.ingest.read import read_export_slices
from warehouse.sources import HELPLINE_CALLS

from .exportkit import CALL_HEADERS, csv_bytes

_THREE = {"a": pl.String, "b": pl.String, "c": pl.String}
_VALUES = st.text(alphabet=["a", "7", " ", ",", '"', "\n", "é", "ह"], max_size=12)


def _records(text: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))


def _write(tmp_path, records: list[list[str]], newline: str, title: bool) -> tuple:
    out = io.StringIO(newline="")
    if title:
        out.write(f"Helpline 1950 export{newline}")
    csv.writer(out, lineterminator=newline).writerows([["a", "b", "c"], *records])
    data = out.getvalue().encode("utf-8")
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    header_lines = 2 if title else 1
    after_header = data.split(b"\n", header_lines)[-1] if data.count(b"\n") >= header_lines else b""
    return path, header_lines, after_header


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(st.lists(_VALUES, min_size=3, max_size=3), max_size=25),
    rows=st.integers(min_value=1, max_value=6),
    newline=st.sampled_from(["\n", "\r\n"]),
    title=st.booleans(),
)
def test_segments_put_together_are_the_records_after_the_header(
    tmp_path_factory, records, rows, newline, title
):
    path, header_lines, after_header = _write(
        tmp_path_factory.mktemp("csv"), records, newline, title
    )
    segments = list(csv_segments(path, header_lines, rows))

    assert b"".join(segments) == after_header
    # each segment read alone holds whole records: together, the file's records
    assert [r for s in segments for r in _records(s)] == records
    assert all(segments)
    # a segment's values are searched for line feeds exactly when one of them holds one
    for segment in segments:
        parsed = pl.read_csv(segment, has_header=False, schema=_THREE, truncate_ragged_lines=True)
        spans = any("\n" in value for record in _records(segment) for value in record)
        assert values_span_lines(segment, parsed.height) is spans


def test_values_span_lines_counts_a_last_line_without_a_line_feed():
    assert values_span_lines(b'1,"a,b",c', 1) is False
    assert values_span_lines(b'1,"a\nb",c', 1) is True
    assert values_span_lines(b'1,"a",c\n2,b,c', 2) is False
    assert values_span_lines(b'1,"a",c\n\n2,b,c\n', 3) is False  # an empty line is a record
    assert values_span_lines(b"1,a\nb,c\n", 1) is False  # no quote: no value spans lines


def test_segments_hold_about_the_rows_asked(tmp_path):
    path, header_lines, _ = _write(tmp_path, [["x" * 20, "y", "z"]] * 100, "\n", False)
    heights = [len(_records(s)) for s in csv_segments(path, header_lines, 10)]
    assert heights == [10] * 10


def test_a_value_spanning_the_cut_keeps_its_record_whole(tmp_path):
    note = 'line one\nline two, with a comma\nand a "quoted" word'
    records = [["1", "a", "b"], ["2", note, "c"], ["3", "d", "e"], ["4", "f", "g"]]
    path, header_lines, _ = _write(tmp_path, records, "\n", False)
    segments = list(csv_segments(path, header_lines, 1))
    # a record's mean is 2 lines: the first cut falls in the note, and moves past it
    assert segments[0] == b'1,a,b\n2,"' + note.replace('"', '""').encode() + b'",c\n'
    assert [r for s in segments for r in _records(s)] == records


def test_an_unclosed_quote_runs_the_last_segment_to_the_end(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 5 + b'3,"never closed\n4,5\n')
    *before, last = csv_segments(path, 1, 1)
    assert before and b"".join(before) + last == b"1,2\n" * 5 + b'3,"never closed\n4,5\n'
    assert last.endswith(b'3,"never closed\n4,5\n') and b'"' not in b"".join(before)


def test_nothing_after_the_header_is_no_segment(tmp_path):
    path = tmp_path / "x.csv"
    for data in (b"", b"a,b\n", b"a,b"):
        path.write_bytes(data)
        assert list(csv_segments(path, 1, 3)) == []
    path.write_bytes(b"a,b\n1,2")  # a last line without its line feed
    assert list(csv_segments(path, 1, 3)) == [b"1,2"]


def test_a_slice_is_parsed_only_when_asked_for(tmp_path, monkeypatch):
    """The reader holds one slice at a time: Polars' streaming reader parsed the whole
    file ahead of a slower consumer (+400 to 500 MiB for a 242 MiB export)."""
    import polars as pl

    parsed = []
    scan_csv = pl.scan_csv

    def counting_scan(source, **options):
        parsed.append(source)
        return scan_csv(source, **options)

    monkeypatch.setattr(pl, "scan_csv", counting_scan)
    row = [
        "Jhajjar", "2020-05-28 14:03", "1950", "9876543210", "Ration", "Open", "", "OP1", "4", "",
    ]  # fmt: skip
    path = tmp_path / "calls.csv"
    path.write_bytes(csv_bytes([CALL_HEADERS, *[[f"C{n}", *row] for n in range(30)]]))
    frames = read_export_slices(path, HELPLINE_CALLS, slice_rows=5).frames

    first = next(frames)
    assert len(parsed) == 1 and first.height < 30
    rest = list(frames)
    assert first.height + sum(f.height for f in rest) == 30
    assert len(parsed) == 1 + len(rest) > 4


def test_a_file_cut_short_while_read_ends_its_segments(tmp_path):
    """An export overwritten in place while the raw step reads it: the reader sees a short
    file (and the raw step's checks leave it for the next run); a map of the file would
    have killed the process with SIGBUS at the first page past the new end."""
    path, header_lines, after_header = _write(tmp_path, [["x" * 60, "y", "z"]] * 8000, "\n", False)
    segments = csv_segments(path, header_lines, 1000)
    first = next(segments)
    with path.open("r+b") as fh:
        fh.truncate(len(first) // 2)
    rest = b"".join(segments)  # at most what the reader had buffered before the cut
    assert first == after_header[: len(first)]
    assert after_header[len(first) :].startswith(rest)
    assert len(first) + len(rest) < len(after_header) // 2


def test_long_first_lines_do_not_make_a_segment_of_the_whole_file(tmp_path, monkeypatch):
    """The estimate comes from the text after the header; a few very long lines there
    would ask for a segment of hundreds of gigabytes (a MemoryError before the cap)."""
    import pipelines.ingest.csv_segments as segments

    monkeypatch.setattr(segments, "_MAX_SEGMENT_BYTES", 4096)
    records = [["n" * 3000, "y", "z"], *[["1", "2", "3"]] * 5000]
    path, header_lines, after_header = _write(tmp_path, records, "\n", False)
    cut = list(csv_segments(path, header_lines, 245_760))
    assert b"".join(cut) == after_header
    assert len(cut) > 1 and max(len(s) for s in cut) <= 4096 + 3010
