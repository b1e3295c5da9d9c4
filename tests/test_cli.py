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
