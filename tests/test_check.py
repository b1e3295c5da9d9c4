"""kyluat check and report: recomputation, error rows, exit codes, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kyluat import DataError
from kyluat.check import check_file, check_stream
from kyluat.cli import main

HEADER = "id,received_at,limit,due_date,finished_at,status,unit,pauses\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_file_exits_0(tmp_path, capsys):
    path = write(
        tmp_path,
        "ok.csv",
        HEADER
        + "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-10,đúng hạn,X,\n"
        + "B,2026-03-06 15:00,4 giờ làm việc,2026-03-09,2026-03-06,trước hạn,X,\n",
    )
    assert main(["check", path, "--office-hours", "07:30-12:00,13:00-16:30"]) == 0
    out = capsys.readouterr().out
    assert "2 records — 2 ok, 0 mismatched, 0 erroneous" in out


def test_mismatches_and_errors_exit_1_and_nothing_is_dropped(tmp_path, capsys):
    path = write(
        tmp_path,
        "bad.csv",
        HEADER
        + "A,2025-12-31,5 ngày làm việc,2026-01-08,,,X,\n"  # holidays 0.109's answer
        + "B,2026-02-30,5 ngày làm việc,2026-03-10,,,X,\n"  # impossible date
        + "C,2026-03-03,soon,2026-03-10,,,X,\n"  # unreadable limit
        + "D,2026-03-03,-2 ngày làm việc,2026-03-10,,,X,\n"  # negative limit
        + "E,2026-03-10,5 ngày làm việc,2026-03-17,2026-03-02,,X,\n"  # finished before received
        + "F,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-11,on_time,X,\n"  # wrong status
        + 'G,2026-03-03,10 ngày làm việc,2026-03-17,,,X,"[[""2026-03-06"", ""2026-03-11""]]"\n'
        + "H,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,early,X,\n",
    )
    assert main(["check", path, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == 8
    assert report["checked"] == 4
    assert report["summary"]["ok"] == 1
    assert report["summary"]["mismatched"] == 3
    assert report["summary"]["erroneous"] == 4
    found = {(m["id"], m["field"]): (m["expected"], m["found"]) for m in report["mismatches"]}
    assert found[("A", "due_date")] == ("2026-01-09", "2026-01-08")
    assert found[("F", "status")] == ("late", "on_time")
    assert found[("G", "due_date")] == ("2026-03-20", "2026-03-17")  # the pause moves it
    for mismatch in report["mismatches"]:
        assert {"row", "id", "field", "expected", "found"} <= set(mismatch)
        assert mismatch["trace"]
        assert mismatch["trace"][0]["source"]
    errors = {e["id"]: e["message"] for e in report["errors"]}
    assert "received_at" in errors["B"]
    assert "soon" in errors["C"]
    assert "negative" in errors["D"]
    assert "finished before" in errors["E"]
    assert all(set(e) == {"row", "id", "message"} for e in report["errors"])


def test_out_writes_mismatches_as_csv(tmp_path, capsys):
    path = write(tmp_path, "a.csv", HEADER + "A,2025-12-31,5 ngày làm việc,2026-01-08,,,X,\n")
    out = tmp_path / "mismatches.csv"
    assert main(["check", path, "--out", str(out)]) == 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for spreadsheets
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows == [
        {
            "row": "1",
            "id": "A",
            "field": "due_date",
            "expected": "2026-01-09",
            "found": "2026-01-08",
        }
    ]
    capsys.readouterr()


def test_json_lines(tmp_path, capsys):
    lines = [
        {
            "id": "A",
            "received_at": "2026-03-03",
            "limit": "5 working days",
            "due_date": "2026-03-10",
        },
        {
            "id": "B",
            "received_at": "2026-03-03",
            "limit": "5 working days",
            "due_date": "2026-03-11",
        },
        "not json",
        [1, 2],
    ]
    text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    path = write(tmp_path, "r.jsonl", text)
    assert main(["check", path, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == 4
    assert report["summary"]["ok"] == 1
    assert report["summary"]["mismatched"] == 1
    assert report["summary"]["erroneous"] == 2


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("missing.csv", None, "cannot read"),
        ("empty.csv", "", "empty"),
        ("cols.csv", "id,limit\nA,5 ngày làm việc\n", "received_at"),
        ("data.xlsx", "x", "--format"),
    ],
)
def test_unusable_files_exit_2(tmp_path, capsys, name, text, needle):
    path = str(tmp_path / name) if text is None else write(tmp_path, name, text)
    assert main(["check", path]) == 2
    err = capsys.readouterr().err
    assert needle in err
    assert len(err.strip().splitlines()) == 1


def test_format_option_overrides_the_extension(tmp_path, capsys):
    path = write(tmp_path, "records.txt", HEADER + "A,2026-03-03,5 ngày làm việc,2026-03-10,,,X,\n")
    assert main(["check", path, "--format", "csv"]) == 0
    capsys.readouterr()


def test_streaming_reads_rows_one_at_a_time():
    seen = []
    text = HEADER + "".join(f"R{n},2026-03-03,5 ngày làm việc,2026-03-10,,,X,\n" for n in range(50))
    report = check_stream(io.StringIO(text), "csv", on_row=lambda r: seen.append(r.row))
    assert seen == list(range(1, 51))
    assert report.ok == 50


def test_check_file_errors_are_typed(tmp_path):
    with pytest.raises(DataError):
        check_file(str(tmp_path / "nope.csv"))


def test_report_by_unit(tmp_path, capsys):
    path = write(
        tmp_path,
        "r.csv",
        HEADER
        + "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,,Sở A,\n"
        + "B,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-10,,Sở A,\n"
        + "C,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-12,,Sở A,\n"
        + "D,2026-03-03,5 ngày làm việc,2026-03-10,,,Sở B,\n"
        + "E,2026-03-20,5 ngày làm việc,2026-03-27,,,Sở B,\n",
    )
    assert main(["report", path, "--by", "unit", "--as-of", "2026-03-16T09:00", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    groups = {g["key"]: g for g in data["groups"]}
    a, b = groups["Sở A"], groups["Sở B"]
    assert (a["early"], a["on_time"], a["late"]) == (1, 1, 1)
    assert a["on_time_rate"] == pytest.approx(2 / 3)
    assert a["progress_score_766"] == pytest.approx(13.33)
    assert a["average_working_days"] == pytest.approx((4 + 5 + 7) / 3)
    assert (b["open_within"], b["open_overdue"]) == (1, 1)
    assert data["progress_score_766_unverified"] is True


def test_report_by_month_text(tmp_path, capsys):
    path = write(
        tmp_path, "r.csv", HEADER + "A,2026-03-03,5 ngày làm việc,2026-03-10,2026-03-09,,X,\n"
    )
    assert main(["report", path, "--by", "month"]) == 0
    out = capsys.readouterr().out
    assert "2026-03" in out
    assert "unverified" in out


def test_parallel_check_gives_the_same_report(tmp_path):
    lines = [HEADER]
    for n in range(5_000):
        day = 2 + n % 27
        recorded = "2026-01-08" if n % 997 == 0 else "2026-01-09"
        lines.append(f"R{n},2025-12-31,5 ngày làm việc,{recorded},,,U{n % 3},\n")
        lines.append(f"S{n},2026-03-{day:02d},soon,2026-03-10,,,U,\n" if n % 1_500 == 0 else "")
    path = write(tmp_path, "big.csv", "".join(lines))
    one = check_file(path)
    two = check_file(path, jobs=2)
    assert one.to_dict() == two.to_dict()
    assert one.mismatched == 6
    assert one.erroneous == 4


def test_jobs_must_be_positive(tmp_path, capsys):
    path = write(tmp_path, "a.csv", HEADER + "A,2026-03-03,5 ngày làm việc,2026-03-10,,,X,\n")
    assert main(["check", path, "--jobs", "-1"]) == 2
    assert "jobs" in capsys.readouterr().err


def test_parallel_check_keeps_quoted_line_breaks_inside_one_record(tmp_path):
    rows = [HEADER]
    for n in range(9_000):
        unit = '"Sở\nXây dựng"' if n % 1_000 == 0 else "X"
        rows.append(f"R{n},2026-03-03,5 ngày làm việc,2026-03-10,,,{unit},\n")
    path = write(tmp_path, "quoted.csv", "".join(rows))
    one = check_file(path)
    two = check_file(path, jobs=2)
    assert one.records == two.records == 9_000
    assert one.to_dict() == two.to_dict()
    assert two.ok == 9_000


def test_provisional_rows_are_counted_not_warned_row_by_row(tmp_path, capsys):
    rows = "".join(f"P{n},2026-12-30,5 ngày làm việc,2027-01-07,,,X,\n" for n in range(3))
    path = write(tmp_path, "p.csv", HEADER + rows)
    assert main(["check", path, "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["summary"]["provisional"] == 3
    assert "warning" not in captured.err


def test_pauses_on_a_calendar_period(tmp_path, capsys):
    # 15 days from Mon 02/03/2026 end Tue 17/03; paused 05/03 to 09/03 (4 days: 6, 7, 8, 9)
    # -> Sat 21/03 -> rolls to Mon 23/03 (BLDS 148(5)).
    path = write(
        tmp_path,
        "p.csv",
        HEADER + 'K,2026-03-02,15 ngày,2026-03-23,,,X,"[[""2026-03-05"", ""2026-03-09""]]"\n',
    )
    assert main(["check", path]) == 0
    capsys.readouterr()
