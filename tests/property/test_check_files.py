"""Random record files, careless and hostile, read by ``kyluat.check`` (issue 12).

Files are built from quotes, delimiters, CR/LF endings, huge and deeply nested values, bad
bytes and gzip; whatever the file:

* it is either unusable, with a `KyluatError` (nothing else escapes), or checked;
* every physical line is accounted for: the report's ``lines`` is the file's line count, taken
  from the bytes after a byte-order mark (``bytes.splitlines``: ``\\n``, ``\\r\\n`` and a
  lone ``\\r``), not from kyluat;
* one process and two workers (on batches of three rows, so that even small files are split)
  give the same report, and `iter_results` gives one result per row, in order.
"""

from __future__ import annotations

import gzip
import io
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyluat import KyluatError
from kyluat.check import (
    MAX_FIELD,
    MAX_JSON_DEPTH,
    DuplicateId,
    _pool,
    check_file,
    check_stream,
    iter_results,
)

HEADER = ["id", "received_at", "limit", "due_date", "finished_at", "status", "unit", "pauses"]

_HOSTILE = st.one_of(
    st.sampled_from(
        [
            '"',
            '""',
            '"a,b"',
            '"x\ny"',
            '"x\r\ny"',
            ",",
            "\r",
            "\n",
            "\r\n",
            "\x00",
            'Phạm Quốc Dũng (bí danh "Tư)',
            "2026-02-30",
            "soon",
        ]
    ),
    st.integers(MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH + 3).map(lambda d: "[" * d + "]" * d),
    st.text(max_size=8),
)

# Cells of a row that reads: id (a few, so some repeat), receipt, limit, due date, finish,
# status, unit, pauses.
_GOOD_ROW = st.tuples(
    st.sampled_from(["A1", "A2", "A3", "B1", "B2", "C1", "C2", "D1"]),
    st.sampled_from(["2026-03-03", "03/03/2026 09:15", "2025-12-31"]),
    st.sampled_from(["5 ngày làm việc", "8 giờ làm việc", '"Thời hạn: 05 ngày, kể từ ngày nhận"']),
    st.sampled_from(["2026-03-10", "2026-01-09", "2026-03-04"]),
    st.sampled_from(["", "2026-03-09", "2026-03-11"]),
    st.sampled_from(["", "early", "quá hạn", "Đúng hạn"]),
    st.sampled_from(["", "Sở A", '"Sở\nXây dựng"']),
    st.sampled_from(["", "[]", '"[[""2026-03-06"",""2026-03-11""]]"']),
).map(list)


@st.composite
def _row(draw: st.DrawFn) -> str:
    """A row that reads, with up to two cells spoiled, or any cells at all."""
    if draw(st.integers(0, 3)) == 3:
        return ",".join(draw(st.lists(st.one_of(_HOSTILE, _GOOD_ROW.map(",".join)), max_size=6)))
    cells = draw(_GOOD_ROW)
    for _ in range(draw(st.integers(0, 2))):
        cells[draw(st.integers(0, len(cells) - 1))] = draw(_HOSTILE)
    return ",".join(cells)


_ROWS = st.lists(st.tuples(_row(), st.sampled_from(["\n", "\r\n", "\r", ""])), max_size=12)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A CSV file's bytes: a usual header (or a careless one), rows, maybe bad bytes."""
    header = draw(
        st.one_of(
            st.just(",".join(HEADER)),
            st.just(" ID ,Received At,Thời hạn,due-date,finished_at,Status,Đơn vị,pauses"),
            st.just("id,received_at,limit,due_date,finished_at,status,unit,Ghi chú"),
            st.lists(st.sampled_from([*HEADER, "Status", "Ghi chú", "", '"id']), max_size=10).map(
                ",".join
            ),
        )
    )
    text = header + "\n" + "".join(row + end for row, end in draw(_ROWS))
    if draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()):
        text += "B,2026-03-03,5 ngày làm việc,2026-03-10,,," + "x" * (MAX_FIELD + 1) + ",\n"
    return _spoiled(draw, text.encode("utf-8"))


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    """A JSON Lines file's bytes: objects, arrays, broken and deeply nested lines."""
    lines = draw(
        st.lists(
            st.one_of(
                st.just(
                    '{"id": "A", "received_at": "2026-03-03", "limit": "5 ngày làm việc", '
                    '"due_date": "2026-03-10", "pauses": [["2026-03-06", "2026-03-11"]]}'
                ),
                st.just(
                    '{"Id": "B", "Received At": "2026-03-03", "limit": "5 working days", '
                    '"due_date": "2026-03-10", "finished_at": null, "Note": 1}'
                ),
                st.just('{"ID": "A", "Status": "early", "Note": 1}'),
                st.just('{"id": "B", "id": "C", "status": 1, "Status": 2}'),
                st.integers(MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH + 3).map(
                    lambda d: '{"id": "D", "x": ' + "[" * d + "]" * d + "}"
                ),
                st.sampled_from(["", "[1]", "{", '"x"', "null", "1" * 5_000]),
                st.text(max_size=20),
            ),
            max_size=12,
        )
    )
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines)))
    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    return _spoiled(draw, text.encode("utf-8"))


def _spoiled(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes UTF-8 cannot read put in (mostly after the first line), maybe
    a BOM first."""
    first = data.find(b"\n") + 1 if draw(st.integers(0, 4)) else 0
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(min(first, len(data)), len(data)))
        data = (
            data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe1\xbb", b"\x80"])) + data[at:]
        )
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


def _check_everything(data: bytes, name: str) -> None:
    raw = gzip.decompress(data) if name.endswith(".gz") else data
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark is not text
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / name)
        Path(path).write_bytes(data)
        try:
            serial = check_file(path, jobs=1)
        except KyluatError:
            with mock.patch.object(_pool, "BATCH_ROWS", 3):
                try:
                    check_file(path, jobs=2)
                except KyluatError:
                    return
            raise AssertionError("unusable in one process, usable with workers") from None
        assert serial.lines == len(raw.splitlines())
        assert serial.records == serial.ok + serial.mismatched + serial.erroneous
        with mock.patch.object(_pool, "BATCH_ROWS", 3):
            parallel = check_file(path, jobs=2)
            run = iter_results(path, jobs=2)
            results = list(run)
        assert parallel == serial
        assert parallel.to_dict() == serial.to_dict()
        rows = [result.row for result in results]
        assert rows == sorted(set(rows))
        assert len(rows) == serial.records
        seen: set[str] = set()
        repeats = []
        for result in results:  # duplicate ids, the plain way
            if result.id in seen:
                repeats.append(DuplicateId(result.row, result.id))
            elif result.id:
                seen.add(result.id)
        assert serial.duplicate_ids == len(repeats)
        assert serial.duplicates == tuple(repeats[:1_000])
        assert run.report() == check_file(path, keep_findings=False)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return
        kind = "jsonl" if ".jsonl" in name else "csv"
        for newline in ("", "\n"):  # text as it is, lines split by kyluat or at "\n" only
            assert check_stream(io.StringIO(text, newline=newline), kind) == serial
        # Text whose line endings Python turned into "\n" has the same lines and rows.
        translated = check_stream(io.StringIO(text, newline=None), kind)
        assert (translated.lines, translated.records) == (serial.lines, serial.records)


_SETTINGS = settings(
    max_examples=60,  # each example starts worker processes: bounded for CI
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(csv_files(), st.sampled_from(["records.csv", "records.csv.gz"]))
def test_any_csv_file_is_read_whole_the_same_way_serial_or_parallel(data: bytes, name: str) -> None:
    _check_everything(gzip.compress(data) if name.endswith(".gz") else data, name)


@_SETTINGS
@given(jsonl_files())
def test_any_json_lines_file_is_read_whole_the_same_way_serial_or_parallel(data: bytes) -> None:
    _check_everything(data, "records.jsonl")
