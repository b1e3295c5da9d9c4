"""Quoted fields (a unit named "Phòng Kinh tế, Hạ tầng và Đô thị") stay in the columnar kernel.

Regression: a line holding a quoted field went to the row engine one row at a time, so a file
whose units have commas in their names (quoted, as every CSV writer does) was checked at the
row engine's speed. The kernel now takes the fields the csv module reads, and the report is the
row engine's, byte for byte.
"""

from __future__ import annotations

import io
import json

import pytest

pytest.importorskip("pyarrow")

from kyluat.check import _rows, check_stream
from kyluat.check._report import CheckReport

ROWS = [
    "A{k},2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,trước hạn,"
    '"Phòng Kinh tế, Hạ tầng và Đô thị"',
    'B{k},2026-03-03,"5 ngày làm việc",2026-03-10,,,Sở Công Thương',
    'C{k},2025-12-31,5 ngày làm việc,2026-01-08,,,"Phòng ""Một cửa"", phường"',  # mismatched
]
HEADER = "id,received_at,limit,due_date,finished_at,status,unit\n"


def _text(n: int) -> bytes:
    return (HEADER + "".join(row.format(k=k) + "\n" for k in range(n) for row in ROWS)).encode()


def _json(report: CheckReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True)


def test_quoted_rows_are_checked_by_the_kernel(monkeypatch):
    calls = []
    original = _rows.RowChecker.check

    def counting(self, number, record):
        calls.append(number)
        return original(self, number, record)

    monkeypatch.setattr(_rows.RowChecker, "check", counting)
    report = check_stream(io.BytesIO(_text(200)), "csv", engine="columnar")
    assert (report.records, report.mismatched) == (600, 200)
    assert calls == []  # no row went to the row engine


def test_quoted_rows_give_the_row_engines_report():
    text = _text(50)
    columnar = check_stream(io.BytesIO(text), "csv", engine="columnar")
    row = check_stream(io.BytesIO(text), "csv", engine="row")
    assert _json(columnar) == _json(row)
    assert columnar.mismatches[0].found == "2026-01-08"


@pytest.mark.parametrize(
    "unit",
    ['"Sở A, B"', '""', '"a""b"', 'ab"c', ' "x, y"', '"x" ', '"x"y', '"",""', '"Sở ""A"", B"'],
)
def test_every_way_of_quoting_gives_the_row_engines_report(unit):
    # Arrow's CSV reader takes the lines whose fields are plain or wholly quoted; the csv module
    # the others; a line the header's width does not fit goes to the row engine.
    row = "Q{k},2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,trước hạn,{unit}\n"
    text = (HEADER + "".join(row.format(k=k, unit=unit) for k in range(20))).encode()
    columnar = check_stream(io.BytesIO(text), "csv", engine="columnar")
    by_rows = check_stream(io.BytesIO(text), "csv", engine="row")
    assert _json(columnar) == _json(by_rows)


@pytest.mark.parametrize(
    "due",
    ['"2026-03-10"', '"2026-03-09"', '"2026-03-0""9"', '2026"-03-09', ' "2026-03-10"', '""',
     '"2026-03-10" ', '"2026-03-10"x'],
)  # fmt: skip
def test_a_quoted_deadline_is_read_as_the_row_engine_reads_it(due):
    row = 'D{k},2026-03-03,"5 ngày làm việc",{due},2026-03-09,trước hạn,"Sở A, B"\n'
    text = (HEADER + "".join(row.format(k=k, due=due) for k in range(20))).encode()
    columnar = check_stream(io.BytesIO(text), "csv", engine="columnar")
    by_rows = check_stream(io.BytesIO(text), "csv", engine="row")
    assert _json(columnar) == _json(by_rows)
