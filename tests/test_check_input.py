"""kyluat.check's input side on careless and hostile files (issue 12, items 1, 6, 7, 8, 12, 13).

Every file here is accounted for line by line: ``lines`` is the file's physical line count and
every data row ends up ok, mismatched or erroneous. Expected figures are derived by hand
(Tue 03/03/2026 + 5 working days is Tue 10/03/2026; March 2026 has no holiday).
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from unittest import mock

import pytest

from kyluat import DataError, KyluatError
from kyluat.check import (
    COLUMNS,
    MAX_FIELD,
    MAX_JSON_DEPTH,
    MAX_RECORD,
    CheckReport,
    DuplicateId,
    RowResult,
    _pool,
    check_file,
    check_stream,
    iter_results,
)
from kyluat.cli import main

HEADER = "id,received_at,limit,due_date,finished_at,status,unit,pauses\n"
GOOD = "R{},2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,early,U,\n"


def _good(n: int, start: int = 1) -> list[str]:
    return [GOOD.format(k) for k in range(start, start + n)]


def _write(tmp_path: Path, name: str, data: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return str(path)


def _both(path: str, **options: object) -> CheckReport:
    """The report of one process, checked equal to that of two workers on batches of 2 rows."""
    serial = check_file(path, jobs=1, **options)  # type: ignore[arg-type]
    with mock.patch.object(_pool, "BATCH_ROWS", 2):
        parallel = check_file(path, jobs=2, **options)  # type: ignore[arg-type]
    assert parallel == serial
    assert parallel.to_dict() == serial.to_dict()
    return serial


# --- 1. nothing dropped: an unclosed quote -------------------------------------------------


def test_an_unclosed_quote_loses_only_its_own_line(tmp_path):
    # Row 3 (line 4) opens a quote it never closes; the 17 rows after it are still checked.
    rows = _good(20)
    rows[2] = 'R3,2026-03-03,5 ngày làm việc,2026-03-10,,,"Phòng A,\n'
    path = _write(tmp_path, "open-quote.csv", HEADER + "".join(rows))
    report = _both(path)
    assert (report.records, report.ok, report.erroneous) == (20, 19, 1)
    assert report.lines == 21
    (error,) = report.errors
    assert error.row == 3
    assert error.message.startswith("line 4: ")
    assert "never closed" in error.message
    assert report.to_dict()["summary"]["lines"] == 21


def test_a_stray_quote_closed_rows_later_is_not_one_giant_record(tmp_path):
    # Line 3 opens a quote that line 6's quoted field closes: the "record" over lines 3-6 has
    # too many fields, so line 3 alone is erroneous and lines 4-6 are read as rows of their own.
    rows = _good(6)
    rows[1] = 'R2,2026-03-03,5 ngày làm việc,2026-03-10,,,"Phòng A,\n'
    rows[4] = 'R5,2026-03-03,5 ngày làm việc,2026-03-10,,,"Sở, Xây dựng",\n'
    path = _write(tmp_path, "stray.csv", HEADER + "".join(rows))
    report = _both(path)
    assert (report.records, report.ok, report.erroneous, report.lines) == (6, 5, 1, 7)
    assert report.errors[0].row == 2
    assert report.errors[0].message.startswith("line 3: ")


def test_a_quoted_line_break_is_still_one_record(tmp_path):
    rows = [*_good(2), 'R3,2026-03-03,5 ngày làm việc,2026-03-10,,,"Sở\nXây dựng",\n', *_good(2, 4)]
    path = _write(tmp_path, "multiline.csv", HEADER + "".join(rows))
    report = _both(path)
    assert (report.records, report.ok, report.lines) == (5, 5, 7)
    results = list(iter_results(path))
    assert results[2].record["unit"] == "Sở\nXây dựng"
    assert [r.row for r in results] == [1, 2, 3, 4, 5]


def test_line_endings_of_every_kind_count_as_lines(tmp_path):
    # Windows (CRLF), old Mac (CR) and Unix (LF) endings mixed; a blank line keeps its number.
    text = HEADER.replace("\n", "\r\n") + GOOD.format(1).replace("\n", "\r") + "\r\n"
    text += GOOD.format(3)
    assert len(text.encode().splitlines()) == 4
    path = _write(tmp_path, "endings.csv", text)
    report = _both(path)
    assert (report.records, report.ok, report.lines) == (2, 2, 4)
    assert [r.row for r in iter_results(path)] == [1, 3]


def test_a_line_longer_than_the_maximum_is_one_erroneous_row(tmp_path):
    long_row = "R2,2026-03-03,5 ngày làm việc,2026-03-10,,," + "x" * (MAX_RECORD + 10) + ",\r\n"
    rows = [GOOD.format(1), long_row, GOOD.format(3)]
    path = _write(tmp_path, "long.csv", HEADER + "".join(rows))
    report = check_file(path)
    assert (report.records, report.ok, report.erroneous, report.lines) == (3, 2, 1, 4)
    assert report.errors[0].row == 2
    assert "line 3" in report.errors[0].message
    assert f"{MAX_RECORD:,}" in report.errors[0].message


# --- 6. field size -------------------------------------------------------------------------


def test_a_field_over_the_csv_modules_default_limit_is_read(tmp_path):
    # 200,000 characters: past csv's 131,072 default (the crash), within MAX_FIELD.
    big = "Sở " + "x" * 200_000
    rows = [GOOD.format(1), f'R2,2026-03-03,5 ngày làm việc,2026-03-10,,,"{big}",\n']
    path = _write(tmp_path, "big.csv", HEADER + "".join(rows))
    report = check_file(path)
    assert (report.records, report.ok) == (2, 2)


def test_a_field_over_the_maximum_is_a_row_error_naming_the_column_and_its_size(tmp_path):
    assert MAX_FIELD == 1_000_000
    huge = "x" * (MAX_FIELD + 1)
    rows = [
        GOOD.format(1),
        f"R2,2026-03-03,5 ngày làm việc,2026-03-10,,,{huge},\n",
        f'R3,2026-03-03,5 ngày làm việc,2026-03-10,,,"{huge}\n{huge}",\n',
        GOOD.format(4),
    ]
    path = _write(tmp_path, "huge.csv", HEADER + "".join(rows))
    report = check_file(path)
    assert (report.records, report.ok, report.erroneous, report.lines) == (4, 2, 2, 6)
    for error, row in zip(report.errors, (2, 3), strict=True):
        assert error.row == row
        assert error.id == f"R{row}"
        assert "unit" in error.message
        assert "1,000,001 characters" in error.message or "2,000,003 characters" in error.message
        assert len(error.message) < 200


# --- 7. JSON depth and JSONL pauses --------------------------------------------------------


def test_deeply_nested_pauses_are_a_row_error(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    rows = [GOOD.format(1), f"R2,2026-03-03,5 ngày làm việc,2026-03-10,,,U,{deep}\n"]
    path = _write(tmp_path, "deep.csv", HEADER + "".join(rows))
    report = _both(path)
    assert (report.records, report.ok, report.erroneous) == (2, 1, 1)
    assert "pauses" in report.errors[0].message
    assert f"deeper than {MAX_JSON_DEPTH}" in report.errors[0].message


def test_deeply_nested_json_lines_are_row_errors(tmp_path):
    record = {
        "id": "A",
        "received_at": "2026-03-03",
        "limit": "5 ngày làm việc",
        "due_date": "2026-03-10",
    }
    good = json.dumps(record)
    deep = '{"id": "B", "x": ' + "[" * 50_000 + "]" * 50_000 + "}"
    deep_pauses = json.dumps(dict(record, id="C", pauses="[" * 5_000 + "]" * 5_000))
    text = "\n".join([good, deep, deep_pauses, good]) + "\n"
    path = _write(tmp_path, "deep.jsonl", text)
    report = _both(path)
    assert (report.records, report.ok, report.erroneous, report.lines) == (4, 2, 2, 4)
    assert [e.row for e in report.errors] == [2, 3]
    assert all(f"deeper than {MAX_JSON_DEPTH}" in e.message for e in report.errors)


def test_json_lines_pauses_may_be_an_array(tmp_path):
    # The same pauses, as an array or as a string holding JSON, give the same deadline.
    record = {
        "id": "A",
        "received_at": "2026-03-03",
        "limit": "5 ngày làm việc",
        "due_date": "2026-03-13",
    }
    as_array = dict(record, pauses=[["2026-03-06", "2026-03-11"]])
    as_text = dict(record, id="B", pauses=json.dumps([["2026-03-06", "2026-03-11"]]))
    path = _write(tmp_path, "p.jsonl", json.dumps(as_array) + "\n" + json.dumps(as_text) + "\n")
    report = check_file(path)
    assert report.erroneous == 0
    first, second = iter_results(path)
    assert first.deadline is not None
    assert second.deadline is not None
    assert first.deadline.due_date == second.deadline.due_date


# --- 8. the parallel reader splits records as the serial one does ---------------------------


def test_a_quote_inside_an_unquoted_field_in_parallel(tmp_path):
    rows = _good(30)
    rows[4] = 'R5,2026-03-03,5 ngày làm việc,2026-03-10,,,Phạm Quốc Dũng (bí danh "Tư),\n'
    path = _write(tmp_path, "alias.csv", HEADER + "".join(rows))
    report = _both(path)
    assert (report.records, report.ok, report.lines) == (30, 30, 31)


def test_the_cli_reads_a_large_file_with_a_stray_quote_like_one_process(tmp_path, capsys):
    rows = _good(60_000)
    rows[10] = 'R11,2026-03-03,5 ngày làm việc,2026-03-10,,,Phạm Quốc Dũng (bí danh "Tư),\n'
    text = HEADER + "".join(rows)
    assert len(text.encode("utf-8")) >= 4_000_000
    path = _write(tmp_path, "large.csv", text)
    assert main(["check", path, "--json"]) == 0
    automatic = json.loads(capsys.readouterr().out)
    assert automatic["summary"]["records"] == 60_000
    assert automatic["summary"]["ok"] == 60_000


# --- 12. headers, unknown columns, duplicates -----------------------------------------------


def test_headers_match_whatever_their_case_spaces_and_marks(tmp_path):
    # "Status" used to be skipped silently and the wrong status counted as ok.
    header = "\ufeff ID ,Received At,LIMIT,due-date,Finished_At,Status\n"
    row = "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-11,early\n"  # finished late
    path = _write(tmp_path, "case.csv", header + row)
    report = _both(path)
    assert (report.records, report.mismatched, report.by_field) == (1, 1, {"status": 1})
    assert report.warnings == ()


def test_vietnamese_headers_with_or_without_marks(tmp_path):
    header = "Mã hồ sơ,Ngay tiep nhan,Thời hạn,Hạn giải quyết,Ngày hoàn thành,Trạng thái,Đơn vị\n"
    row = "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-11,đúng hạn,Sở A\n"
    path = _write(tmp_path, "vi.csv", header + row)
    (result,) = iter_results(path)
    assert result.id == "A"
    assert result.record["unit"] == "Sở A"
    assert [m.field for m in result.mismatches] == ["status"]
    assert COLUMNS["status"][0] == "status"
    assert "trạng thái" in COLUMNS["status"]


def test_unknown_columns_are_listed_once_as_a_warning(tmp_path):
    header = "id,received_at,limit,due_date,Ghi chú,Statsu\n"
    rows = "".join(f"R{k},2026-03-03,5 ngày làm việc,2026-03-10,x,y\n" for k in range(5))
    path = _write(tmp_path, "unknown.csv", header + rows)
    report = _both(path)
    assert report.ok == 5
    (warning,) = report.warnings
    assert "'Ghi chú'" in warning
    assert "'Statsu'" in warning
    assert report.to_dict()["warnings"] == [warning]


def test_unknown_json_keys_are_listed_once(tmp_path):
    line = '{"id": "A%d", "received_at": "2026-03-03", "limit": "5 ngày làm việc", '
    line += '"due_date": "2026-03-10", "Note": 1}\n'
    path = _write(tmp_path, "k.jsonl", "".join(line % k for k in range(5)))
    report = _both(path)
    assert report.ok == 5
    assert len(report.warnings) == 1
    assert "'Note'" in report.warnings[0]


@pytest.mark.parametrize(
    "header",
    [
        "id,received_at,limit,due_date,status,status\n",
        "id,received_at,limit,due_date,status,Status \n",
        "id,received_at,limit,due_date,unit,Đơn vị\n",
        "id,received_at,limit,due_date,Ghi chú,ghi chu\n",
    ],
)
def test_a_duplicated_header_makes_the_file_unusable(tmp_path, capsys, header):
    path = _write(tmp_path, "dup.csv", header + "A,2026-03-03,5 ngày làm việc,2026-03-10,x,y\n")
    for jobs in (1, 2):
        with pytest.raises(DataError, match="appears twice"):
            check_file(path, jobs=jobs)
    assert main(["check", path]) == 2
    assert "appears twice" in capsys.readouterr().err


def test_duplicate_ids_are_counted_and_listed(tmp_path):
    rows = _good(6)
    rows[3] = GOOD.format(1)  # row 4 repeats R1
    rows[5] = GOOD.format(1)  # row 6 too
    rows.append("R2,2026-02-30,5 ngày làm việc,2026-03-10,,,U,\n")  # row 7, erroneous
    path = _write(tmp_path, "dup-ids.csv", HEADER + "".join(rows))
    report = _both(path)
    assert report.duplicate_ids == 3
    assert report.duplicates == (DuplicateId(4, "R1"), DuplicateId(6, "R1"), DuplicateId(7, "R2"))
    data = report.to_dict()
    assert data["summary"]["duplicate_ids"] == 3
    assert data["duplicates"][0] == {"row": 4, "id": "R1"}


def test_duplicate_ids_in_order_then_out_of_order(tmp_path):
    # Ids in increasing order (as many exports are), then one repeating an early id, then ids
    # in any order: every repeat is found, by one process and by workers on batches of 2.
    ids = [f"R{k:02d}" for k in range(1, 21)] + ["R05", "R30", "R30", "R21", "R20", "Q1", "Q1"]
    rows = "".join(GOOD.replace("R{}", "{}").format(row_id) for row_id in ids)
    path = _write(tmp_path, "order.csv", HEADER + rows)
    report = _both(path)
    assert report.duplicates == (
        DuplicateId(21, "R05"),
        DuplicateId(23, "R30"),
        DuplicateId(25, "R20"),
        DuplicateId(27, "Q1"),
    )


def test_only_the_first_duplicates_are_listed(tmp_path):
    rows = "".join(GOOD.format(k % 3) for k in range(1_200))
    path = _write(tmp_path, "many.csv", HEADER + rows)
    report = check_file(path)
    assert report.duplicate_ids == 1_197
    assert len(report.duplicates) == 1_000


def test_the_json_contract_only_gains_keys():
    summary = CheckReport().to_dict()
    assert set(summary) == {
        "records",
        "checked",
        "mismatches",
        "errors",
        "summary",
        "warnings",
        "duplicates",
    }
    assert set(summary["summary"]) == {  # type: ignore[call-overload]
        "records",
        "ok",
        "mismatched",
        "erroneous",
        "provisional",
        "mismatches_by_field",
        "lines",
        "duplicate_ids",
    }


# --- 13. encodings and sources --------------------------------------------------------------


def test_one_bad_byte_spoils_only_its_row(tmp_path):
    text = HEADER + "".join(_good(3))
    data = text.encode("utf-8")
    cut = data.rindex(b"U")  # the unit of the last row, line 4
    data = data[:cut] + b"\xff" + data[cut + 1 :]
    path = _write(tmp_path, "bad-byte.csv", data)
    report = _both(path)
    assert (report.records, report.ok, report.erroneous, report.lines) == (3, 2, 1, 4)
    message = report.errors[0].message
    assert message.startswith("line 4, byte ")
    assert "0xff" in message
    assert "UTF-8" in message
    offset = int(message.split("byte ")[1].split(":")[0])
    assert data.split(b"\n")[3][offset] == 0xFF


def test_a_bad_byte_in_a_json_line(tmp_path):
    good = b'{"id": "A", "received_at": "2026-03-03", "limit": "5 working days", '
    good += b'"due_date": "2026-03-10"}'
    path = _write(tmp_path, "b.jsonl", good + b"\n" + good.replace(b"A", b"\xc3(") + b"\n")
    report = _both(path)
    assert (report.records, report.ok, report.erroneous) == (2, 1, 1)
    assert report.errors[0].message.startswith("line 2, byte 8:")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-8"])
def test_unicode_encodings(tmp_path, encoding):
    text = HEADER + "A,2026-03-03,5 ngày làm việc,2026-03-10,,,Sở Xây dựng,\n"
    path = _write(tmp_path, f"{encoding}.csv", text.encode(encoding))
    report = _both(path, encoding=encoding)
    assert (report.records, report.ok, report.lines) == (1, 1, 2)
    (result,) = iter_results(path, encoding=encoding)
    assert result.record["unit"] == "Sở Xây dựng"


def test_utf16_with_its_byte_order_mark_needs_no_encoding(tmp_path):
    for codec in ("utf-16", "utf-16-be"):
        bom = b"\xff\xfe" if codec == "utf-16" else b"\xfe\xff"
        data = (HEADER + "".join(_good(2))).encode(codec)
        path = _write(tmp_path, f"{codec}.csv", data if data[:2] == bom else bom + data)
        assert (check_file(path).ok, check_file(path).lines) == (2, 3)
    # Other text that is not UTF-8 is refused with a hint.
    path = _write(tmp_path, "latin.csv", "id,réçu\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"line 1, byte 4: not valid UTF-8.*another encoding"):
        check_file(path)


def test_windows_1258_with_its_combining_tone_marks(tmp_path):
    # cp1258 writes "ệ" as "ê" (0xEA) + combining dot below (0xF2), "ở" as "ơ" (0xF5) + hook
    # (0xD2), "ự" as "ư" (0xFD) + dot below; read back, the text is composed (NFC).
    header = HEADER.encode("ascii")
    row = b"A,2026-03-03,5 ng\xe0y l\xe0m vi\xea\xf2c,2026-03-10,,,S\xf5\xd2 X\xe2y d\xfd\xf2ng,\n"
    path = _write(tmp_path, "legacy.csv", header + row)
    (result,) = iter_results(path, encoding="cp1258")
    assert result.error is None
    assert result.record["unit"] == "Sở Xây dựng"
    assert result.record["limit"] == "5 ngày làm việc"
    assert check_file(path, encoding="cp1258").ok == 1
    # Read as UTF-8, the same bytes are bad bytes: an erroneous row, not an unusable file.
    assert check_file(path).erroneous == 1


def test_an_unknown_encoding_is_refused():
    with pytest.raises(DataError, match="encoding"):
        check_stream(io.BytesIO(b""), "csv", encoding="klingon")
    with pytest.raises(DataError, match="encoding"):
        check_stream(io.BytesIO(b""), "csv", encoding="rot13")


def test_gzip_files_are_read_transparently(tmp_path):
    text = HEADER + "".join(_good(3))
    for name in ("records.csv.gz", "records.csv"):  # by content, whatever the name
        path = _write(tmp_path, name, gzip.compress(text.encode("utf-8")))
        report = _both(path)
        assert (report.records, report.ok, report.lines) == (3, 3, 4)
    path = _write(tmp_path, "records.jsonl.gz", gzip.compress(b'{"id": "A"}\n'))
    assert check_file(path).erroneous == 1


def test_a_truncated_gzip_file_is_unusable_and_says_so(tmp_path):
    data = gzip.compress((HEADER + "".join(_good(500))).encode("utf-8"))
    path = _write(tmp_path, "cut.csv.gz", data[: len(data) // 2])
    with pytest.raises(DataError, match="gzip") as err:
        check_file(path)
    assert "UTF-8" not in str(err.value)


def test_binary_streams_such_as_standard_input(tmp_path):
    data = (HEADER + "".join(_good(3))).encode("utf-16")
    report = check_stream(io.BytesIO(data), "csv", encoding="utf-16")
    assert (report.records, report.ok, report.lines) == (3, 3, 4)
    run = iter_results(io.BytesIO(gzip.compress(data)), file_format="csv", encoding="utf-16")
    assert [r.row for r in run] == [1, 2, 3]
    with pytest.raises(DataError, match="file_format"):
        iter_results(io.BytesIO(data))


def test_text_streams_still_work_and_count_lines():
    report = check_stream(io.StringIO(HEADER + "".join(_good(2)) + "\n"), "csv")
    assert (report.records, report.ok, report.lines) == (2, 2, 4)


# --- streaming: counts without findings, results in order with workers ----------------------


def _findings_file(tmp_path: Path, n: int) -> str:
    rows = [
        # 31/12/2025 + 5 working days is 09/01/2026 (02/01 is a swapped day off): mismatched.
        f"R{k},2025-12-31,5 ngày làm việc,2026-01-08,,,U,\n" if k % 3 == 0 else GOOD.format(k)
        for k in range(n)
    ]
    return _write(tmp_path, "findings.csv", HEADER + "".join(rows))


def test_a_report_of_counts_only(tmp_path):
    path = _findings_file(tmp_path, 30)
    full = check_file(path)
    for jobs in (1, 2):
        counts = check_file(path, keep_findings=False, jobs=jobs)
        assert (counts.records, counts.mismatched, counts.lines) == (30, 10, 31)
        assert counts.mismatches == ()
        assert counts.by_field == full.by_field


def test_findings_are_streamed_in_row_order_whatever_the_workers(tmp_path):
    rows = _findings_file(tmp_path, 40)
    text = Path(rows).read_text(encoding="utf-8").replace("R5,", "R5,2026-02-30,x,y\nR5b,", 1)
    path = _write(tmp_path, "mixed.csv", text)
    full = check_file(path)
    expected = sorted([*full.mismatches, *full.errors], key=lambda finding: finding.row)
    for jobs in (1, 2):
        streamed: list[object] = []
        with mock.patch.object(_pool, "BATCH_ROWS", 3):
            counts = check_file(path, jobs=jobs, keep_findings=False, on_finding=streamed.append)
        assert streamed == expected
        assert (counts.mismatches, counts.errors) == ((), ())
        assert counts.summary() == full.summary()


def test_iter_results_with_workers_yields_every_row_in_order(tmp_path):
    path = _findings_file(tmp_path, 25)
    serial = list(iter_results(path))
    with mock.patch.object(_pool, "BATCH_ROWS", 4):
        run = iter_results(path, jobs=2)
        parallel = list(run)
    assert parallel == serial
    assert [r.row for r in parallel] == list(range(1, 26))
    assert all(isinstance(r, RowResult) for r in parallel)
    report = run.report()
    assert (report.records, report.mismatched, report.lines) == (25, 9, 26)
    assert report.mismatches == ()  # the results carried them
    assert report == check_file(path, keep_findings=False)


def test_a_run_stopped_early_leaves_no_workers(tmp_path):
    path = _findings_file(tmp_path, 50)
    with mock.patch.object(_pool, "BATCH_ROWS", 2):
        run = iter_results(path, jobs=2)
        first = next(run)
        run.close()
    assert first.row == 1
    with pytest.raises(StopIteration):
        next(run)


def test_unusable_files_raise_kyluat_errors_only(tmp_path):
    cases = {
        "empty.csv": b"",
        "no-header.csv": b"\n",
        "open-header.csv": b'id,"received_at,limit,due_date\nA,1,2,3\n',
        "bad-header.csv": b"id,received_\xffat,limit,due_date\n",
    }
    for name, data in cases.items():
        path = _write(tmp_path, name, data)
        for jobs in (1, 2):
            with pytest.raises(KyluatError):
                check_file(path, jobs=jobs)


# --- physical lines at the limits ------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"abcdefghi\rx\n",  # the limit falls just after a lone CR: the line ends there
        b"abcdefghi\r\nx\n",  # ... or between the CR and the LF of one line ending
        b"abcdefghi\r\rx",
        b"a" * 25 + b"\nb\r\n" + b"c" * 9 + b"\r",
        b"short\n" + b"d" * 30,
        b"\r\r\n\n",
    ],
)
def test_over_long_lines_end_where_the_bytes_say(data):
    from kyluat.check import _source

    with mock.patch.object(_source, "_LIMIT", 10):  # lines of at most 8 characters
        for lines in (
            _source.Lines(_source.text_of(io.BytesIO(data), "utf-8")[0], "utf-8"),
            _source.Lines(io.StringIO(data.decode(), newline=""), None),
            _source.Lines(io.StringIO(data.decode()), None),  # keeps a lone CR inside lines
        ):
            read = list(lines)
            assert len(read) == len(data.splitlines()) == lines.number
            long_lines = [n for n, part in enumerate(data.splitlines(), 1) if len(part) > 8]
            assert sorted(lines.bad) == long_lines


def test_a_json_value_written_out_past_the_maximum_is_refused_though_its_line_is_shorter():
    # "1e15" is written out as "1000000000000000.0": a line under MAX_FIELD may give a value
    # over it; the row is erroneous, as for a long line (regression: a shortcut by line length).
    from kyluat.check import MAX_FIELD

    count = MAX_FIELD // 18 + 10
    line = '{"id": "A", "x": [' + ",".join(["1e15"] * count) + "]}\n"
    assert len(line) < MAX_FIELD
    for engine in ("row", "columnar"):
        report = check_stream(io.StringIO(line), "jsonl", engine=engine)
        assert report.erroneous == 1
        assert "over the maximum" in report.errors[0].message


def test_unknown_json_keys_are_listed_with_the_first_line_they_are_met_on():
    text = (
        '{"id": "A", "Ghi chú": 1, "received_at": "2026-03-03"}\n'
        '{"id": "B", "Ghi chú": 2, "received_at": "2026-03-03"}\n'
        '{"id": "C", "Khác": 3, "received_at": "2026-03-03"}\n'
    )
    for engine in ("row", "columnar"):
        report = check_stream(io.StringIO(text), "jsonl", engine=engine)
        assert report.warnings == ("unknown keys ignored: 'Ghi chú' (line 1), 'Khác' (line 3)",)


@pytest.mark.parametrize(
    ("setting", "value"), [("calendar", "x"), ("office_hours", 3), ("policy", "p")]
)
@pytest.mark.parametrize("engine", ["row", "columnar"])
def test_a_setting_of_the_wrong_type_is_refused_before_reading(setting, value, engine):
    # Regression: the row engine made every row erroneous, the columnar one crashed.
    import pyarrow as pa

    from kyluat import InvalidInputError
    from kyluat.check import iter_results
    from kyluat.columnar import check_table

    data = b"id,received_at,limit,due_date\nA,2026-03-03,5 ngay lam viec,2026-03-10\n"
    with pytest.raises(InvalidInputError) as caught:
        check_stream(io.BytesIO(data), "csv", engine=engine, **{setting: value})
    assert caught.value.field == setting
    with pytest.raises(InvalidInputError):
        iter_results(io.BytesIO(data), file_format="csv", **{setting: value})
    table = pa.table(
        {
            "id": ["A"],
            "received_at": ["2026-03-03"],
            "limit": ["5 ngày"],
            "due_date": ["2026-04-02"],
        }
    )
    with pytest.raises(InvalidInputError):
        check_table(table, **{setting: value})


def test_a_pathlib_path_is_a_path_not_a_stream(tmp_path):
    # Regression: iter_results(Path(...)) asked for a file_format as if it were a stream.
    path = Path(
        _write(tmp_path, "records.csv", "\n".join(["id,received_at,limit,due_date", *_good(3)]))
    )
    assert [r.id for r in iter_results(path)] == [r.id for r in iter_results(str(path))]
    assert check_file(path).records == 3
