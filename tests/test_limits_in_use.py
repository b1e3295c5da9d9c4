"""Published limit texts where limits are taken: kyluat check, kyluat limit, clocks, records."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest

import kyluat
from kyluat import VIETNAM, Actor, Dossier, SlaClock
from kyluat.check import RowResult, check_stream
from kyluat.cli import main
from kyluat.errors import CompoundLimitError
from kyluat.limits import read_limit

COMPOUND = (
    "03 ngày làm việc; trường hợp phải xác minh thì thời hạn giải quyết không quá 10 ngày làm việc"
)
CUTOFF = (
    "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường hợp nhận hồ sơ sau 15 giờ thì "
    "tính từ ngày làm việc tiếp theo"
)


def _check(rows: str) -> list[RowResult]:
    seen: list[RowResult] = []
    check_stream(io.StringIO(rows), "csv", on_row=seen.append)
    return seen


def test_check_reads_published_texts_and_applies_their_cut_off() -> None:
    # Hand-derived: Tue 03/03/2026 + 5 working days = Tue 10/03; received 15:30, after the
    # text's 15:00 cut-off, counting starts Thu 05/03 and ends Wed 11/03/2026.
    rows = (
        "id,received_at,limit,due_date\n"
        'A,2026-03-03T09:00,"Thời hạn giải quyết: 05 (năm) ngày làm việc kể từ ngày nhận đủ hồ '
        'sơ hợp lệ",2026-03-10\n'
        f'B,2026-03-03T15:30,"{CUTOFF}",2026-03-11\n'
        f'C,2026-03-03T09:00,"{CUTOFF}",2026-03-10\n'
        'D,2026-03-03T15:30,"05 ngày làm việc",2026-03-10\n'
    )
    results = _check(rows)
    assert [(r.id, r.error, r.mismatches) for r in results] == [(row, None, ()) for row in "ABCD"]


def test_a_compound_limit_needs_its_case() -> None:
    # Hand-derived: from Tue 03/03/2026, 3 working days end Fri 06/03, 10 end Tue 17/03.
    rows = f'id,received_at,limit,due_date\nA,2026-03-03T09:00,"{COMPOUND}",2026-03-06\n'
    (result,) = _check(rows)
    assert result.error is not None
    assert "2 cases" in result.error.message
    assert "trường hợp phải xác minh: 10 working days" in result.error.message
    chosen = (
        "id,received_at,limit,case,due_date\n"
        f'A,2026-03-03T09:00,"{COMPOUND}",1,2026-03-06\n'
        f'B,2026-03-03T09:00,"{COMPOUND}",2,2026-03-17\n'
        f'C,2026-03-03T09:00,"{COMPOUND}",xác minh,2026-03-17\n'
        f'D,2026-03-03T09:00,"{COMPOUND}",3,2026-03-17\n'
        f'E,2026-03-03T09:00,"{COMPOUND}",,2026-03-17\n'
    )
    results = _check(chosen)
    assert [r.error is None and not r.mismatches for r in results] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert results[3].error is not None
    assert results[3].error.message.startswith("case:")


def test_uncertain_limits_are_erroneous_rows() -> None:
    rows = (
        "id,received_at,limit,due_date\n"
        "A,2026-03-03T09:00,3-5 ngày làm việc,2026-03-06\n"
        "B,2026-03-03T09:00,Theo quy định,2026-03-06\n"
        "C,2026-03-06T14:00,8 Giờ,2026-03-09\n"
    )
    a, b, c = _check(rows)
    assert a.error is not None
    assert "range" in a.error.message
    assert b.error is not None
    assert c.error is None  # bare "giờ": working hours, the portal convention
    assert not c.mismatches


def test_kyluat_limit_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["limit", CUTOFF]) == 0
    out = capsys.readouterr().out
    assert "5 ngày làm việc / 5 working days" in out
    assert "after 15:00" in out
    assert main(["limit", COMPOUND, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["compound"] is True
    assert [case["duration"]["amount"] for case in data["cases"]] == ["3", "10"]
    assert set(data) >= {
        "text",
        "duration",
        "cases",
        "counted_from",
        "cutoff",
        "excluded",
        "stages",
        "uncertain",
        "trace",
    }
    assert main(["limit", "8 Giờ", "--bare-hours", "clock", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["duration"]["unit"] == "hours"
    assert main(["limit", "   "]) == 2
    assert "invalid_input" in capsys.readouterr().err


def test_clocks_and_records_take_published_limits() -> None:
    received = datetime(2026, 3, 3, 15, 30, tzinfo=VIETNAM)
    clock = SlaClock.start(received, read_limit(CUTOFF))
    assert clock.due_date == date(2026, 3, 11)  # the text's cut-off applies
    again = SlaClock.from_json(clock.to_json())
    assert again == clock
    assert again.due_date == date(2026, 3, 11)
    with pytest.raises(CompoundLimitError):
        SlaClock.start(received, COMPOUND)
    citizen = Actor(id="cd-1", role="applicant", unit="Công dân")
    desk = Actor(id="nv-7", role="one_stop_desk", unit="Bộ phận một cửa")
    dossier = Dossier.submit(
        id="HS-1", procedure="P", limit=read_limit(CUTOFF), actor=citizen, at=received
    )
    dossier = dossier.fire("accept", actor=desk, at=received)
    assert dossier.clock is not None
    assert dossier.clock.due_date == date(2026, 3, 11)
    assert Dossier.replay(dossier.log_json()) == dossier
    with pytest.raises(CompoundLimitError):
        Dossier.submit(id="HS-2", procedure="P", limit=COMPOUND, actor=citizen, at=received)
    deadline = kyluat.compute_deadline(received, CUTOFF)
    assert deadline.due_date == date(2026, 3, 11)
