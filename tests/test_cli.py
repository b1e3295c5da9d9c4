import json
import subprocess
import sys

import pytest

from kyluat.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_day_json_contract(capsys):
    code, out, err = run(capsys, "day", "2026-01-02", "--json")
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert set(data) == {"date", "working", "provisional", "reasons"}
    assert data["working"] is False
    assert data["reasons"][0]["kind"] == "swapped_day_off"
    assert set(data["reasons"][0]) == {"kind", "name_vi", "name_en", "source"}


def test_day_accepts_vietnamese_date_order(capsys):
    code, out, _ = run(capsys, "day", "10/01/2026", "--json")
    assert code == 0
    assert json.loads(out)["working"] is True


def test_day_text_explains(capsys):
    code, out, _ = run(capsys, "day", "2026-02-17")
    assert code == 0
    assert "Tết Nguyên Đán" in out
    assert "Lunar New Year" in out
    assert "45/2019/QH14" in out


def test_calendar_json_contract(capsys):
    code, out, _ = run(capsys, "calendar", "2026", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"year", "provisional", "days"}
    assert data["year"] == 2026
    assert data["provisional"] is False
    dates = [d["date"] for d in data["days"]]
    assert "2026-01-02" in dates
    assert "2026-01-10" in dates
    assert dates == sorted(dates)


def test_provisional_year(capsys):
    code, out, _ = run(capsys, "calendar", "2027", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["provisional"] is True
    assert all(d["provisional"] for d in data["days"])


def test_private_sector_option(capsys):
    code, out, _ = run(capsys, "day", "2026-01-02", "--sector", "private", "--json")
    assert code == 0
    assert json.loads(out)["working"] is True


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["day", "2026-02-30"], "2026-02-30"),
        (["day", "2017-12-31"], "outside"),
        (["day", "tomorrow"], "YYYY-MM-DD"),
        (["calendar", "x"], "YEAR"),
        (["calendar", "2040"], "outside"),
        (["day", "2026-01-02", "--sector", "army"], "army"),
        (["day"], "DATE"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert needle in err
    assert "Traceback" not in err


def test_console_script_runs():
    done = subprocess.run(
        [sys.executable, "-m", "kyluat", "day", "2026-02-30"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1


def test_deadline_json_contract(capsys):
    code, out, err = run(
        capsys,
        "deadline",
        "2026-03-06T15:00",
        "--working-hours",
        "4",
        "--office-hours",
        "07:30-12:00,13:00-16:30",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    contract = {"received", "counted_from", "due_date", "due_at", "provisional", "regime", "trace"}
    assert contract <= set(data)
    assert data["received"] == "2026-03-06T15:00:00+07:00"  # no offset: Vietnam time
    assert data["due_at"] == "2026-03-09T10:00:00+07:00"
    assert data["due_date"] == "2026-03-09"
    assert data["provisional"] is False
    assert data["regime"] == "nd118_2025"
    for step in data["trace"]:
        assert set(step) == {"rule_vi", "rule_en", "source"}
        assert step["source"]


@pytest.mark.parametrize(
    ("argv", "due"),
    [
        (["2026-03-03", "--working-days", "5"], "2026-03-10T16:30:00+07:00"),
        (["03/03/2026", "--limit", "05 ngày làm việc"], "2026-03-10T16:30:00+07:00"),
        (["2025-03-10", "--days", "5", "--end-of-day", "midnight"], "2025-03-18T00:00:00+07:00"),
        (["2025-01-31", "--months", "1"], "2025-02-28T16:30:00+07:00"),
        (["2025-03-05", "--weeks", "2"], "2025-03-19T16:30:00+07:00"),
        (["2024-02-29", "--years", "1"], "2025-02-28T16:30:00+07:00"),
        (["2026-03-06T15:30", "--same-day"], "2026-03-09T16:30:00+07:00"),
        (
            ["2026-03-03T15:30", "--working-days", "5", "--cutoff", "15:00"],
            "2026-03-11T16:30:00+07:00",
        ),
        (
            ["2026-03-03T10:00", "--working-days", "5", "--count-receipt-day"],
            "2026-03-09T16:30:00+07:00",
        ),
        (["2026-03-06T08:00Z", "--working-hours", "4"], "2026-03-09T10:00:00+07:00"),
    ],
)
def test_deadline_options(capsys, argv, due):
    code, out, err = run(capsys, "deadline", *argv, "--json")
    assert code == 0, err
    assert json.loads(out)["due_at"] == due


def test_deadline_text_is_the_trace(capsys):
    code, out, _ = run(capsys, "deadline", "2026-03-03", "--working-days", "5")
    assert code == 0
    assert "2026-03-10" in out
    assert "Điều 147" in out
    assert "receipt day is not counted" in out


def test_deadline_provisional_warns_on_stderr(capsys):
    code, out, err = run(capsys, "deadline", "2026-12-30", "--working-days", "5", "--json")
    assert code == 0
    assert json.loads(out)["provisional"] is True
    assert "warning" in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["2026-03-03", "--working-days", "-1"], "--working-days"),
        (["2026-03-03", "--days", "1.5"], "--days"),
        (["2026-02-30", "--days", "3"], "START"),
        (["2026-03-03", "--days", "3", "--end-of-day", "noon"], "noon"),
        (["2026-03-03", "--working-hours", "4"], "START"),
        (["2026-03-03T25:00", "--working-hours", "4"], "START"),
        (["2026-03-03", "--days", "3", "--cutoff", "3pm"], "--cutoff"),
        (["2026-03-03", "--days", "3", "--office-hours", "x"], "--office-hours"),
        (["2026-03-03", "--limit", "soon"], "soon"),
        (["2026-03-03"], "one of the arguments"),
        (["2026-03-03", "--days", "3", "--weeks", "1"], "not allowed"),
        (["2017-03-03", "--days", "3"], "outside"),
    ],
)
def test_deadline_bad_input_exits_2(capsys, argv, needle):
    code, out, err = run(capsys, "deadline", *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert needle in err


def test_deadline_limit_text_applies_its_published_cut_off(capsys):
    # Regression: --limit read the text with Duration.parse and dropped the cut-off it states
    # ("nhận hồ sơ sau 14 giờ ..."): a same-day dossier received 14:30 on Fri 06/03/2026 was due
    # the same day; the text moves it to the next working day, Mon 09/03/2026.
    text = "Trong ngày (nhận hồ sơ sau 14 giờ thì trả kết quả trong ngày làm việc tiếp theo)"
    assert main(["deadline", "2026-03-06T14:30", "--limit", text, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["due_date"] == "2026-03-09"
    assert main(["deadline", "2026-03-06T13:30", "--limit", text, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["due_date"] == "2026-03-06"
