"""Per person and unit performance: golden figures worked by hand (see tests/data/followup)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from kyluat.check import iter_results
from kyluat.cli import main
from kyluat.errors import InvalidInputError
from kyluat.followup import EscalationPolicy, objective_cause, performance

FILE = Path(__file__).resolve().parent.parent / "data" / "followup" / "performance_2026.csv"
MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31), "as_of": date(2026, 3, 25)}


def _rows(**options):
    table = performance(iter_results(str(FILE)), by="person", **options)
    return table, {row.key: row for row in table.rows}


def test_golden_figures_per_person():
    table, rows = _rows(**MARCH)
    lan, minh = rows["Lan"], rows["Minh"]
    assert (lan.early, lan.on_time, lan.late, lan.overdue, lan.open) == (1, 1, 2, 1, 1)
    assert (lan.excused, lan.late_without_cause, lan.rated) == (1, 2, 5)
    assert (lan.progress_share, lan.progress_points, lan.repeatedly_late) == (0.9, 63.0, True)
    assert (minh.on_time, minh.late, minh.excused, minh.late_without_cause) == (1, 1, 1, 0)
    assert (minh.progress_points, minh.repeatedly_late) == (70.0, False)
    assert (table.records, table.erroneous, table.outside) == (10, 1, 1)  # M4 unreadable; M3


def test_the_threshold_is_configurable():
    _, rows = _rows(**MARCH, policy=EscalationPolicy(repeatedly_late=3))
    assert rows["Lan"].repeatedly_late is False


def test_without_as_of_the_day_after_the_period_judges_open_records():
    _, rows = _rows(start=date(2026, 3, 1), end=date(2026, 3, 31))  # judged on 01/04
    assert (rows["Lan"].overdue, rows["Lan"].open) == (2, 0)  # P6 (30/03) is overdue too


def test_by_unit():
    table = performance(iter_results(str(FILE)), by="unit", **MARCH)
    assert [r.key for r in table.rows] == ["Phòng Kinh tế", "Phòng Tư pháp"]
    assert table.rows[1].progress_points == 63.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("có", True), ("Có", True), ("co", True), ("x", True), ("Đã xác nhận", True),
     ("", False), ("không", False), ("KHÔNG", False), ("chưa xác nhận", False), ("0", False)],
)  # fmt: skip
def test_objective_cause_words(text, expected):
    assert objective_cause(text) is expected


def test_a_written_reason_is_not_a_confirmation():
    with pytest.raises(InvalidInputError) as caught:
        objective_cause("vì mất điện")
    assert caught.value.field == "objective_cause"


@pytest.mark.parametrize(
    ("options", "field"),
    [({"by": "procedure"}, "by"),
     ({"start": date(2026, 3, 5), "end": date(2026, 3, 1)}, "end"),
     ({"start": "2026-03-01"}, "start")],
)  # fmt: skip
def test_bad_arguments_name_their_field(options, field):
    with pytest.raises(InvalidInputError) as caught:
        performance(iter_results(io.StringIO("id,received_at,limit,due_date\n"), file_format="csv"),
                    **options)  # fmt: skip
    assert caught.value.field == field


def test_cli_performance_json(capsys):
    code = main(["report", str(FILE), "--performance", "person", "--start", "2026-03-01",
                 "--end", "31/03/2026", "--as-of", "2026-03-25", "--json"])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    lan = next(row for row in out["rows"] if row["key"] == "Lan")
    assert (lan["progress_points"], lan["repeatedly_late"], lan["late_without_cause"]) == (
        63.0, True, 2)  # fmt: skip
    assert "NĐ 335/2025/NĐ-CP" in out["progress_points_source"]


def test_cli_period_options_need_performance(capsys):
    assert main(["report", str(FILE), "--start", "2026-03-01"]) == 2
    assert "--start/--end" in capsys.readouterr().err
