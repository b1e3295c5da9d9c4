"""Golden reminder lists over the 2026 calendar, worked by hand (tests/data/followup/README.md).

The expected ids, levels, deadlines, working time left, people and heads below come from the
table in that README, computed by hand from the official calendar (the 02/01 ↔ 10/01/2026 swap,
Tết 16–20/02/2026), never by kyluat.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kyluat import VIETNAM
from kyluat.check import iter_results
from kyluat.cli import main
from kyluat.followup import EscalationPolicy, Level, remind

DATA = Path(__file__).resolve().parent.parent / "data" / "followup"
JANUARY = DATA / "open_work_january.csv"
TET = DATA / "open_work_tet.csv"
JAN_9 = datetime(2026, 1, 9, 9, 0, tzinfo=VIETNAM)
FEB_23 = datetime(2026, 2, 23, 8, 0, tzinfo=VIETNAM)
H = 3600

# id, level, deadline moment, working seconds left, working days left, person, escalated
JANUARY_LIST = [
    ("A3", "overdue", datetime(2026, 1, 7, 16, 30), -(8 * H + 90 * 60), -2, "Nguyễn Văn An", True),
    ("A5", "overdue", datetime(2026, 1, 8, 14, 0), -4 * H, -1, "Trần Thị Bình", False),
    ("A4", "overdue", datetime(2026, 1, 8, 16, 30), -90 * 60, -1, "Lê Minh Châu", False),
    ("A1", "due_soon", datetime(2026, 1, 9, 16, 30), 6 * H + 1800, 0, "Trần Thị Bình", False),
    ("A8", "due_soon", datetime(2026, 1, 9, 16, 30), 6 * H + 1800, 0, "Lê Minh Châu", False),
    # due on the make-up Saturday 10/01/2026
    ("A2", "due_soon", datetime(2026, 1, 10, 16, 30), 14 * H + 1800, 1, "Nguyễn Văn An", False),
]
TET_LIST = [
    ("B3", "overdue", datetime(2026, 2, 11, 16, 30), -(16 * H + 1800), -3, "Hoàng Thu Hà", True),
    ("B2", "overdue", datetime(2026, 2, 13, 16, 30), -1800, -1, "Nguyễn Văn An", False),
    # due across Tết: 12/02, 13/02, then 23/02
    ("B1", "due_soon", datetime(2026, 2, 23, 16, 30), 7 * H + 1800, 0, "Hoàng Thu Hà", False),
    ("B4", "due_soon", datetime(2026, 2, 24, 16, 30), 15 * H + 1800, 1, "Lê Minh Châu", False),
]


def _shape(items):
    return [
        (
            r.id,
            r.level.value,
            r.due_at.replace(tzinfo=None),
            int(r.remaining.total_seconds()),
            r.remaining_days,
            r.person,
            r.escalate_to is not None,
        )
        for r in items
    ]


@pytest.mark.parametrize(
    ("path", "as_of", "expected"),
    [(JANUARY, JAN_9, JANUARY_LIST), (TET, FEB_23, TET_LIST)],
    ids=["make-up-saturday", "across-tet"],
)
def test_golden_lists(path, as_of, expected):
    found = remind(iter_results(str(path)), as_of=as_of)
    assert _shape(found.items) == [(*row[:2], row[2], *row[3:]) for row in expected]
    for item in found.items:
        assert item.due_at.utcoffset() == timedelta(hours=7)


def test_counts_and_the_unreadable_row():
    found = remind(iter_results(str(JANUARY)), as_of=JAN_9)
    assert (found.records, found.open, found.erroneous) == (9, 7, 1)  # X1: 30/02; A7 finished
    assert (found.overdue, found.escalated) == (3, 1)


def test_heads_and_default_head():
    found = remind(iter_results(str(JANUARY)), as_of=JAN_9)
    assert found.items[0].escalate_to == "Thủ trưởng Phòng Tư pháp"
    policy = EscalationPolicy(heads={"Phòng Tư pháp": "Nguyễn Thị Lan"})
    found = remind(iter_results(str(JANUARY)), as_of=JAN_9, policy=policy)
    assert found.items[0].escalate_to == "Nguyễn Thị Lan"


def test_the_recorded_deadline_is_shown_only_when_it_differs():
    found = remind(iter_results(str(JANUARY)), as_of=JAN_9)
    recorded = {r.id: r.recorded_due_date for r in found.items}
    # A8's file forgot the 02/01/2026 day off: 08/01 recorded, 09/01 due.
    assert recorded == {"A3": None, "A5": None, "A4": None, "A1": None, "A8": "2026-01-08",
                        "A2": None}  # fmt: skip


def test_a_window_of_four_working_hours_drops_the_later_deadlines():
    found = remind(iter_results(str(TET)), as_of=FEB_23, within="4 giờ làm việc")
    assert [r.id for r in found.items] == ["B3", "B2"]  # window ends 23/02 12:00


def test_a_longer_escalation_delay_keeps_b3_with_its_person():
    policy = EscalationPolicy(escalate_after="3 ngày làm việc")  # 12, 13, 23/02: not after
    found = remind(iter_results(str(TET)), as_of=FEB_23, policy=policy)
    assert [r.escalate_to for r in found.items] == [None] * 4
    policy = EscalationPolicy(escalate_after="16 giờ làm việc")  # B3 is 16 h 30 overdue
    found = remind(iter_results(str(TET)), as_of=FEB_23, policy=policy)
    assert [r.id for r in found.items if r.escalate_to] == ["B3"]


def test_grouped_by_person_most_urgent_first_in_each_group():
    found = remind(iter_results(str(JANUARY)), as_of=JAN_9, by="person")
    assert {k: [r.id for r in v] for k, v in found.groups().items()} == {
        "Lê Minh Châu": ["A4", "A8"],
        "Nguyễn Văn An": ["A3", "A2"],
        "Trần Thị Bình": ["A5", "A1"],
    }


def test_a_share_of_the_time_used_makes_work_due_soon_earlier():
    # A6: received Fri 09/01 08:30, 5 wd, due Thu 15/01 16:30; counting starts Sat 10/01 07:30
    # (the receipt day is not counted). As of Wed 14/01 09:00, Sat 10, Mon 12, Tue 13 and
    # 1 h 30 of Wed 14 are used (25 h 30 of 40 = 63.75%): due soon at a 0.6 share, not at 0.7.
    as_of = datetime(2026, 1, 14, 9, 0, tzinfo=VIETNAM)
    for share, listed in ((0.6, True), (0.7, False)):
        policy = EscalationPolicy(due_soon_share=share)
        found = remind(iter_results(str(JANUARY)), as_of=as_of, within="1 giờ làm việc",
                       policy=policy)  # fmt: skip
        assert ("A6" in [r.id for r in found.items]) is listed


def test_a_date_means_the_start_of_that_day():
    found = remind(iter_results(str(JANUARY)), as_of=date(2026, 1, 9))
    a1 = next(r for r in found.items if r.id == "A1")
    assert int(a1.remaining.total_seconds()) == 8 * H  # the whole working day of 09/01


def test_cli_json_contract_and_exit_code(capsys):
    code = main(["remind", str(JANUARY), "--as-of", "09/01/2026 09:00", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # overdue work (and an unreadable row) found
    assert out["as_of"] == "2026-01-09T09:00:00+07:00"
    assert out["within"] == "1 ngày làm việc"
    first = out["items"][0]
    assert {"id", "unit", "person", "procedure", "due_date", "due_at", "level", "remaining",
            "escalate_to"} <= set(first)  # fmt: skip
    assert first == first | {
        "id": "A3",
        "unit": "Phòng Tư pháp",
        "person": "Nguyễn Văn An",
        "procedure": "Đăng ký khai sinh",
        "due_date": "2026-01-07",
        "due_at": "2026-01-07T16:30:00+07:00",
        "level": "overdue",
        "remaining": "-PT9H30M",
        "escalate_to": "Thủ trưởng Phòng Tư pháp",
    }
    assert [i["id"] for i in out["items"]] == [row[0] for row in JANUARY_LIST]
    assert out["items"][-1]["remaining"] == "PT14H30M"


def test_cli_nothing_overdue_exits_zero(capsys):
    # As of Mon 05/01/2026 07:00 nothing in the Tết file is received yet, and nothing is late.
    code = main(["remind", str(TET), "--as-of", "2026-01-05T07:00", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert (code, out["items"], out["erroneous"]) == (0, [], 0)


def test_level_labels():
    assert (Level.OVERDUE.name_vi, Level.DUE_SOON.name_vi) == ("quá hạn", "sắp đến hạn")


@pytest.mark.parametrize("by", [None, "person", "unit"])
@pytest.mark.parametrize(("path", "as_of"), [(JANUARY, JAN_9), (TET, FEB_23), (TET, JAN_9)])
def test_the_streamed_json_is_the_json_of_the_list(path, as_of, by):
    from kyluat._render import render_json, render_reminders_json

    found = remind(iter_results(str(path)), as_of=as_of, by=by)
    assert "".join(render_reminders_json(found)) == render_json(found.to_dict())


@pytest.mark.parametrize(
    ("options", "field", "code"),
    [
        (["--as-of", "2031-01-01"], "--as-of", "out_of_coverage"),
        (["--as-of", "2030-12-31T09:00", "--within", "5 ngày làm việc"], "--within",
         "out_of_coverage"),
        (["--as-of", "2026-01-09", "--within", "2 ngày"], "--within", "invalid_input"),
        (["--as-of", "2026-01-09", "--due-soon-share", "1.5"], "--due-soon-share", "invalid_input"),
        (["--as-of", "2026-01-09", "--escalate-after", "1,5 ngày làm việc"], "--escalate-after",
         "invalid_input"),
        (["--as-of", "2026-01-09", "--heads", "/no/such/heads.csv"], "--heads", "invalid_data"),
    ],
)  # fmt: skip
def test_cli_refusals_name_the_option(capsys, options, field, code):
    # Regression: the window's error named `within`, an as-of outside the data `received_at`.
    assert main(["remind", str(JANUARY), *options]) == 2
    assert capsys.readouterr().err.startswith(f"kyluat: error [{code}]: {field}: ")
