"""kyluat.check as a package: merged partial reports, the parallel runner, summarise, values.

Expected figures are derived by hand in the comments (2026 calendar: Fri 02/01 is a swapped day
off made up on Sat 10/01; March 2026 has no holiday), never computed by kyluat.
"""

from __future__ import annotations

import copy
import io
import json
import pickle
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from kyluat import VIETNAM, DataError, InvalidInputError
from kyluat.check import (
    REQUIRED_COLUMNS,
    CheckReport,
    FileFormat,
    Mismatch,
    RowError,
    RowResult,
    check_file,
    check_stream,
    format_of,
    iter_results,
    parse_moment,
    read_records,
)
from kyluat.cli import main
from kyluat.metrics import GroupBy, GroupStats, MetricsTable, summarise
from kyluat.ratings import DisbursementRating, Nd90Rating, Nd335Rating, TaskItem

HEADER = "id,received_at,limit,due_date,finished_at,status,unit,pauses\n"


def _rows(n: int) -> list[str]:
    """Rows with every kind of finding spread over the file."""
    rows = []
    for k in range(n):
        if k % 997 == 0:  # holidays 0.109's answer: 02/01/2026 forgotten -> due_date mismatch
            rows.append(f"R{k},2025-12-31,5 ngày làm việc,2026-01-08,,,U{k % 3},\n")
        elif k % 1_301 == 0:  # finished 11/03, due 10/03: late, recorded on time
            rows.append(f"R{k},2026-03-03,5 ngày làm việc,2026-03-10,2026-03-11,on_time,U,\n")
        elif k % 1_500 == 0:  # unreadable limit
            rows.append(f"R{k},2026-03-03,soon,2026-03-10,,,U,\n")
        elif k % 2_003 == 0:  # provisional: 2027 not yet announced
            rows.append(f"R{k},2026-12-30,5 ngày làm việc,2027-01-07,,,U,\n")
        elif k % 2_500 == 0:  # a quoted line break inside one record
            rows.append(f'R{k},2026-03-03,5 ngày làm việc,2026-03-10,,,"Sở\nXây dựng",\n')
        else:
            rows.append(f"R{k},2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,early,U,\n")
    return rows


def test_merge_of_two_partial_reports_is_the_whole_files_report():
    rows = _rows(3_000)
    # The second part keeps its row numbers: blank lines are skipped but keep their number. Its
    # header and blank lines are lines of its own, so the whole file ends with as many.
    whole = check_stream(io.StringIO(HEADER + "".join(rows) + "\n" * 1_401), "csv")
    first = check_stream(io.StringIO(HEADER + "".join(rows[:1_400])), "csv")
    second = check_stream(io.StringIO(HEADER + "\n" * 1_400 + "".join(rows[1_400:])), "csv")
    merged = first.merge(second)
    assert merged == whole
    assert hash(merged) == hash(whole)
    assert merged.to_dict() == whole.to_dict()
    assert (whole.records, whole.mismatched, whole.erroneous) == (3_000, 6, 1)
    assert whole.provisional == 1
    assert whole.by_field == {"due_date": 4, "status": 2}
    # merge derives a new report and leaves its parts as they were
    assert first.records == 1_400
    assert second.records == 1_600
    assert CheckReport().merge(first, second) == whole
    assert whole.merge() == whole


def test_parallel_runner_gives_the_report_of_one_process(tmp_path):
    # 9,000 rows: three batches of at most 4,000 records for the workers.
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "".join(_rows(9_000)), encoding="utf-8")
    one = check_file(str(path), jobs=1)
    batches: list[int] = []
    two = check_file(str(path), jobs=2, on_batch=batches.append)
    assert batches == [4_000, 4_000, 1_000]
    assert two.to_dict() == one.to_dict()
    assert two == one
    assert one.records == 9_000
    assert [m.row for m in two.mismatches] == sorted(m.row for m in two.mismatches)


def test_the_cli_uses_workers_for_files_of_4_mb_and_more(tmp_path, capsys):
    # kyluat check picks worker processes by itself from 4,000,000 bytes on.
    rows = _rows(2_000)
    text = HEADER + "".join(rows * 30)
    assert len(text.encode("utf-8")) >= 4_000_000
    path = tmp_path / "large.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), "--json"]) == 1
    automatic = capsys.readouterr().out
    assert main(["check", str(path), "--json", "--jobs", "1"]) == 1
    assert capsys.readouterr().out == automatic
    assert json.loads(automatic)["records"] == 60_000


def test_parallel_header_is_read_like_the_serial_one(tmp_path):
    path = tmp_path / "blank-first.csv"
    path.write_text("\n" + HEADER, encoding="utf-8")
    messages = []
    for jobs in (1, 2):
        with pytest.raises(DataError) as err:
            check_file(str(path), jobs=jobs)
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert "required columns missing" in messages[0]


# --- summarise -----------------------------------------------------------------------------

REPORT_ROWS = (
    HEADER
    # Tue 03/03/2026 + 5 working days -> Tue 10/03/2026.
    + "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,,Sở A,\n"  # early: 4, 5, 6, 9 -> 4 wd
    + "B,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-10,,Sở A,\n"  # on time: 5 wd
    + "C,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-12,,Sở A,\n"  # late: 7 wd
    + "D,2026-03-03,5 ngày làm việc,2026-03-10,,,Sở B,\n"  # open, due 10/03
    # Fri 20/03 + 5 working days -> Fri 27/03.
    + "E,2026-03-20,5 ngày làm việc,2026-03-27,,,Sở B,\n"  # open, due 27/03
    # Mon 05/01 + 5 working days -> Sat 10/01, the make-up working day for the swapped day
    # off Fri 02/01 (6, 7, 8, 9, 10); finished that Saturday: on time, 5 wd.
    + "F,2026-01-05,5 ngày làm việc,2026-01-10,2026-01-10,,,\n"
    + "G,2026-02-30,5 ngày làm việc,2026-03-10,,,Sở A,\n"  # no such date: erroneous
    # 23:30 UTC on 31/03 is 06:30 on Wed 01/04 in Vietnam: received in April.
    + "H,2026-03-31T23:30Z,5 ngày làm việc,2026-04-08,,,Sở B,\n"
)


def _report_rows() -> list[RowResult]:
    seen: list[RowResult] = []
    check_stream(io.StringIO(REPORT_ROWS), "csv", on_row=seen.append)
    return seen


def test_summarise_by_unit_classifies_open_records_at_a_moment():
    as_of = datetime(2026, 3, 16, 9, 0, tzinfo=VIETNAM)
    table = summarise(_report_rows(), by="unit", as_of=as_of)
    assert (table.records, table.erroneous) == (8, 1)
    assert table.by == GroupBy.UNIT
    assert list(table.groups) == ["(none)", "Sở A", "Sở B"]
    a, b, none = table.groups["Sở A"], table.groups["Sở B"], table.groups["(none)"]
    assert (a.early, a.on_time, a.late, a.working_days_total) == (1, 1, 1, 4 + 5 + 7)
    assert a.open_within + a.open_overdue + a.open_unknown == 0
    assert a.on_time_rate == pytest.approx(2 / 3)
    assert a.average_working_days == pytest.approx(16 / 3)
    # D is due 10/03 (overdue on 16/03); E (due 27/03) and H (received in April) are within.
    assert (b.finished, b.open_within, b.open_overdue, b.open_unknown) == (0, 2, 1, 0)
    assert (none.on_time, none.working_days_total) == (1, 5)
    payload = table.to_dict()
    assert list(payload) == [
        "by",
        "groups",
        "progress_score_766_source",
        "progress_score_766_unverified",
        "as_of",
        "records",
        "erroneous",
    ]
    assert payload["as_of"] == "2026-03-16T09:00:00+07:00"
    assert payload["by"] == "unit"


def test_an_open_record_with_a_pause_is_overdue_after_its_moved_deadline_only():
    # Tue 03/03/2026 + 10 working days -> Tue 17/03; paused Fri 06/03 to Wed 11/03 (the clock
    # counts whole days: 06, 09, 10 paused, counting resumes after 11/03): due Fri 20/03.
    # Regression: the overdue test used the deadline at receipt, 17/03.
    text = (
        HEADER
        + "P,2026-03-03 08:00,10 ngày làm việc,2026-03-20,,,Sở C,"
        + '"[[""2026-03-06"", ""2026-03-11""]]"\n'
    )
    rows: list[RowResult] = []
    check_stream(io.StringIO(text), "csv", on_row=rows.append)
    assert rows[0].deadline is not None
    assert (rows[0].deadline.due_date, rows[0].due_date) == (date(2026, 3, 17), date(2026, 3, 20))
    for as_of, overdue in (
        (datetime(2026, 3, 18, 9, 0, tzinfo=VIETNAM), 0),
        (date(2026, 3, 23), 1),
    ):
        group = summarise(rows, by="unit", as_of=as_of).groups["Sở C"]
        assert (group.open_within, group.open_overdue) == (1 - overdue, overdue)


def test_summarise_by_month_of_receipt_in_vietnam_time():
    table = summarise(_report_rows(), by=GroupBy.MONTH)
    assert list(table.groups) == ["2026-01", "2026-03", "2026-04"]
    jan, mar, apr = (table.groups[k] for k in ("2026-01", "2026-03", "2026-04"))
    assert (jan.on_time, jan.finished) == (1, 1)
    assert (mar.early, mar.on_time, mar.late) == (1, 1, 1)
    assert (mar.open_unknown, mar.open_within, mar.open_overdue) == (2, 0, 0)  # no as_of
    assert (apr.finished, apr.open_unknown) == (0, 1)
    assert table.to_dict()["as_of"] is None


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        (date(2026, 3, 10), 0),  # the deadline day itself: within
        (datetime(2026, 3, 10, 23, 59, tzinfo=VIETNAM), 0),
        (datetime(2026, 3, 11, 0, 30, tzinfo=VIETNAM), 1),  # the day after: overdue
        (datetime(2026, 3, 10, 20, 0, tzinfo=UTC), 1),  # 03:00 on 11/03 in Vietnam
        (date(2026, 3, 11), 1),
    ],
)
def test_overdue_means_a_day_after_the_deadline_day_in_vietnam(as_of, overdue):
    rows = [r for r in _report_rows() if r.id == "D"]  # open, due Tue 10/03/2026
    stats = summarise(rows, by="unit", as_of=as_of).groups["Sở B"]
    assert (stats.open_overdue, stats.open_within) == (overdue, 1 - overdue)


def test_summarise_reads_results_lazily_from_a_file(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(REPORT_ROWS, encoding="utf-8")
    lazy = summarise(iter_results(str(path)), by="unit")
    assert lazy == summarise(_report_rows(), by="unit")
    assert [r.row for r in iter_results(str(path))] == list(range(1, 9))
    with pytest.raises(DataError):
        next(iter_results(str(tmp_path / "missing.csv")))


def test_summarise_refuses_bad_options():
    with pytest.raises(InvalidInputError) as err:
        summarise([], by="region")
    assert err.value.field == "by"
    with pytest.raises(InvalidInputError) as err:
        summarise([], by="unit", as_of=datetime(2026, 3, 16, 9))
    assert err.value.field == "as_of"
    empty = summarise([], by="person")
    assert (empty.records, empty.groups) == (0, {})


def test_row_results_carry_outcomes_and_finishes():
    rows = {r.id: r for r in _report_rows()}
    assert rows["A"].expected_status == "early"
    assert rows["C"].expected_status.value == "late"
    assert rows["C"].finished == date(2026, 3, 12)
    assert rows["D"].expected_status is None
    assert rows["G"].deadline is None
    assert rows["G"].error is not None
    assert "received_at" in rows["G"].error.message


# --- values ---------------------------------------------------------------------------------


def _values() -> dict[str, object]:
    rows = _report_rows()
    report = check_stream(io.StringIO(REPORT_ROWS), "csv")
    mismatched = check_stream(
        io.StringIO(HEADER + "A,2025-12-31,5 ngày làm việc,2026-01-08,,,X,\n"), "csv"
    )
    return {
        "RowResult ok": rows[0],
        "RowResult erroneous": rows[6],
        "CheckReport": report,
        "CheckReport mismatched": mismatched,
        "Mismatch": mismatched.mismatches[0],
        "RowError": report.errors[0],
        "GroupStats": GroupStats("x", early=1, late=2, working_days_total=9),
        "MetricsTable": summarise(rows, by="unit", as_of=date(2026, 3, 16)),
        "Rating": Nd90Rating().rate(tasks=10, not_on_schedule=1),
        "Rating with points": Nd335Rating().rate(general_points=28, items=[TaskItem(delays=1)]),
        "DisbursementRating": DisbursementRating(),
        "TaskItem": TaskItem(delays=2),
    }


@pytest.mark.parametrize("name", sorted(_values()))
def test_values_round_trip_hash_and_refuse_mutation(name):
    value = _values()[name]
    again = _values()[name]
    assert again == value
    assert hash(again) == hash(value)
    for copied in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
        assert type(copied) is type(value)
        assert copied == value
        assert hash(copied) == hash(value)
    for field in type(value)._fields:
        with pytest.raises(AttributeError):
            setattr(value, field, None)
    with pytest.raises((AttributeError, TypeError)):
        value.extra = 1
    assert repr(value).startswith(type(value).__name__)
    assert " object at 0x" not in repr(value)
    fields = tuple(getattr(value, f) for f in type(value)._fields)
    assert value != fields
    assert not isinstance(value, tuple)


def test_row_result_reads_like_the_named_tuple_it_was():
    result = _report_rows()[0]
    assert (result.row, result.id, result.record["unit"]) == (1, "A", "Sở A")
    assert result.deadline is not None
    assert result.deadline.due_date == date(2026, 3, 10)
    assert result.mismatches == ()
    assert result.error is None
    fields = (1, "A", result.record, result.deadline, result.expected_status, (), None)
    assert RowResult(*fields, result.finished) == result
    assert RowResult(*fields) != result  # A was finished on 09/03; finished defaults to None
    assert "row=1" in repr(result)


def test_reports_and_their_findings_are_values_built_without_add():
    report = check_stream(
        io.StringIO(HEADER + "A,2025-12-31,5 ngày làm việc,2026-01-08,,,X,\n"), "csv"
    )
    assert not hasattr(report, "add")
    assert isinstance(report.mismatches, tuple)
    report.by_field["status"] = 9  # a copy: the report does not change
    assert report.by_field == {"due_date": 1}
    same = CheckReport(
        records=1,
        ok=0,
        mismatched=1,
        erroneous=0,
        mismatches=[report.mismatches[0]],
        errors=[],
        by_field={"due_date": 1},
        provisional=0,
        lines=2,
    )
    assert same == report
    assert Mismatch(1, "A", "due_date", "2026-01-09", "2026-01-08") != report.mismatches[0]
    assert RowError(3, "C", "bad") == RowError(3, "C", "bad")
    assert MetricsTable("unit", {"x": GroupStats("x")}) == MetricsTable("unit", [GroupStats("x")])


def test_public_names_stay_importable():
    assert REQUIRED_COLUMNS == ("id", "received_at", "limit", "due_date")
    assert format_of("a.csv") is FileFormat.CSV
    assert parse_moment("2026-03-03", "received_at") == date(2026, 3, 3)
    moment = parse_moment("03/03/2026 09:15", "received_at")
    assert moment - datetime(2026, 3, 3, 2, 15, tzinfo=UTC) == timedelta(0)
    with pytest.raises(DataError):  # the header is checked when reading starts
        list(read_records(io.StringIO("id\nA\n"), "csv"))


def test_checking_loads_no_pydantic_until_a_row_has_pauses():
    code = (
        "import io, sys, kyluat.cli, kyluat.check, kyluat.metrics; "
        "from kyluat.check import check_stream; "
        "check_stream(io.StringIO('id,received_at,limit,due_date\\n"
        "A,2026-03-03,5 ngày làm việc,2026-03-10\\n'), 'csv'); "
        "print('pydantic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_report_cli_text_and_json_agree(tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text(REPORT_ROWS, encoding="utf-8")
    assert main(["report", str(path), "--by", "unit", "--as-of", "2026-03-16T09:00"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Báo cáo theo / Report by unit: 8 records (1 unreadable, left out)")
    assert "open records as of 2026-03-16 09:00:00+07:00" in text
    assert main(["report", str(path), "--by", "unit", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["records"], data["erroneous"], data["as_of"]) == (8, 1, None)
