"""Complaints and denunciations count from acceptance (thụ lý), not receipt (issue 17).

Luật Khiếu nại 2011 (Art. 28: a first complaint is resolved "không quá 30 ngày, kể từ ngày thụ
lý") and Luật Tố cáo 2018 (Art. 30: a denunciation "không quá 30 ngày kể từ ngày thụ lý") count
from acceptance. A dossier or a task whose limit says so starts its clock at acceptance (the
dossier's ``accept``, the task's ``acknowledge``); ``counted_from`` overrides.

Golden dates, worked by hand on the 2026 public-sector calendar (weekends off; Sun 26/04 Hùng
Kings, observed Mon 27/04; Thu 30/04 and Fri 01/05 off; no swap from March to May): the day of
the event is not counted (BLDS 2015 Art. 147(2)); a period of N days ends on the N-th day after
it (Art. 148(1)); a last day off rolls to the next working day (Art. 148(5)).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kyluat import (
    VIETNAM,
    Actor,
    Dossier,
    Duration,
    InvalidInputError,
    Task,
)
from kyluat.lifecycle import ClockStart
from kyluat.store import Store

CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-07", role="one_stop_desk", unit="Bộ phận tiếp công dân")
HEAD = Actor(id="ct-01", role="head", unit="UBND phường")
ASSIGNEE = Actor(id="tt-02", role="assignee", unit="Thanh tra")

COMPLAINT = "Không quá 30 ngày, kể từ ngày thụ lý"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def complaint(*, received: datetime, limit: str = COMPLAINT, **options: object) -> Dossier:
    return Dossier.submit(
        id="KN-2026-01",
        procedure="Giải quyết khiếu nại lần đầu",
        limit=limit,
        actor=CITIZEN,
        at=received,
        **options,  # type: ignore[arg-type]
    )


# --- Dossiers ----------------------------------------------------------------------------------


def test_golden_complaint_counts_from_acceptance():
    # Received Mon 02/03/2026, accepted (thụ lý) Thu 05/03/2026. From 05/03 (not counted): day 1
    # is Fri 06/03, day 26 Tue 31/03, day 30 Sat 04/04/2026 -> off, Sun 05/04 off -> due Mon
    # 06/04/2026. (From the receipt it would be Wed 01/04/2026: see the next test.)
    d = complaint(received=at(2026, 3, 2, 9))
    assert d.counted_from is ClockStart.ACCEPTANCE
    assert d.clock is None  # nothing counts before the complaint is accepted
    assert "counted_from" not in d.log[0].data
    d = d.fire("accept", actor=DESK, at=at(2026, 3, 5, 10), reference="Thông báo thụ lý 05")
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 4, 6)
    assert d.clock.deadline.received == at(2026, 3, 5, 10)
    accepted = d.log[-1].data
    assert accepted["counted_from"] == "acceptance"
    basis = accepted["counted_from_basis"]
    assert isinstance(basis, str)
    assert basis.startswith("the limit counts from acceptance ('kể từ ngày thụ lý'): ")
    assert "Luật Khiếu nại 2011 (02/2011/QH13), Điều 28, Điều 37" in basis
    assert "Luật Tố cáo 2018 (25/2018/QH14), Điều 30" in basis
    assert Dossier.replay(d.log_json()) == d


def test_counted_from_receipt_starts_the_clock_at_submission():
    # The same complaint counted from its receipt, Mon 02/03/2026: day 30 is Wed 01/04/2026, a
    # working day.
    d = complaint(received=at(2026, 3, 2, 9), counted_from="receipt")
    assert d.counted_from is ClockStart.RECEIPT
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 4, 1)
    assert d.log[0].data["counted_from"] == "receipt"
    assert d.log[0].data["counted_from_basis"] == (
        "set when the record was created (counted_from='receipt')"
    )
    accepted = d.fire("accept", actor=DESK, at=at(2026, 3, 5, 10))
    assert accepted.clock == d.clock  # acceptance does not restart a running clock
    assert accepted.log[-1].data == {}
    assert Dossier.replay(accepted.log) == accepted


def test_golden_denunciation_across_the_hung_kings_day():
    # "30 ngày kể từ ngày thụ lý tố cáo", received Tue 24/03/2026, accepted Fri 27/03/2026.
    # From 27/03: day 4 is Tue 31/03, day 30 Sun 26/04/2026 -> Mon 27/04 is the observed Hùng
    # Kings day -> due Tue 28/04/2026. Counted from the receipt (24/03): day 30 is Thu
    # 23/04/2026, a working day.
    limit = "30 ngày kể từ ngày thụ lý tố cáo"
    d = complaint(received=at(2026, 3, 24, 9), limit=limit)
    d = d.fire("accept", actor=DESK, at=at(2026, 3, 27, 14))
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 4, 28)
    on_receipt = complaint(received=at(2026, 3, 24, 9), limit=limit, counted_from="receipt")
    assert on_receipt.clock is not None
    assert on_receipt.clock.due_date == date(2026, 4, 23)


def test_golden_complaint_across_30_april_and_1_may():
    # Accepted Tue 31/03/2026: day 30 is Thu 30/04/2026 (holiday) -> Fri 01/05 (holiday) -> Sat
    # 02/05, Sun 03/05 -> due Mon 04/05/2026.
    d = complaint(received=at(2026, 3, 30, 9)).fire("accept", actor=DESK, at=at(2026, 3, 31, 9))
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 5, 4)


def test_golden_working_days_counted_from_acceptance():
    # "10 ngày làm việc kể từ ngày thụ lý", received Thu 23/04/2026, accepted Fri 24/04/2026.
    # Working days after 24/04 (Mon 27/04, Thu 30/04, Fri 01/05 are off): Tue 28/04 (1), Wed
    # 29/04 (2), Mon 04/05 (3), Tue 05/05 (4), Wed 06/05 (5), Thu 07/05 (6), Fri 08/05 (7),
    # Mon 11/05 (8), Tue 12/05 (9), Wed 13/05 (10) -> due Wed 13/05/2026. From the receipt
    # (23/04): Fri 24/04 is day 1, so day 10 is Tue 12/05/2026.
    limit = "10 ngày làm việc kể từ ngày thụ lý"
    d = complaint(received=at(2026, 4, 23, 9), limit=limit)
    d = d.fire("accept", actor=DESK, at=at(2026, 4, 24, 9))
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 5, 13)
    on_receipt = complaint(received=at(2026, 4, 23, 9), limit=limit, counted_from="receipt")
    assert on_receipt.clock is not None
    assert on_receipt.clock.due_date == date(2026, 5, 12)


def test_default_dossiers_are_unchanged():
    # Limits that do not count from thụ lý start at acceptance, as before, and say nothing more.
    for limit in (Duration.working_days(10), "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"):
        d = Dossier.submit(
            id="HS-1", procedure="X", limit=limit, actor=CITIZEN, at=at(2026, 3, 2, 9)
        )
        assert d.counted_from is ClockStart.ACCEPTANCE
        assert d.clock is None
        d = d.fire("accept", actor=DESK, at=at(2026, 3, 3, 9))
        assert d.clock is not None
        assert d.clock.due_date == date(2026, 3, 17)  # 10 working days after Tue 03/03
        assert "counted_from" not in d.log[0].data
        assert d.log[-1].data == {}


def test_counted_from_acceptance_given_explicitly_is_recorded():
    d = Dossier.submit(
        id="HS-2",
        procedure="X",
        limit=Duration.working_days(10),
        actor=CITIZEN,
        at=at(2026, 3, 2, 9),
        counted_from=ClockStart.ACCEPTANCE,
    )
    d = d.fire("accept", actor=DESK, at=at(2026, 3, 3, 9))
    assert d.log[0].data["counted_from"] == "acceptance"
    assert d.log[-1].data == {
        "counted_from": "acceptance",
        "counted_from_basis": "set when the record was created (counted_from='acceptance')",
    }


def test_the_option_overrides_the_text():
    d = complaint(received=at(2026, 3, 2, 9), counted_from="receipt")
    assert d.counted_from is ClockStart.RECEIPT


@pytest.mark.parametrize("bad", ["thụ lý", "postmark", "", 3])
def test_an_unknown_starting_event_is_refused(bad):
    with pytest.raises(InvalidInputError) as err:
        complaint(received=at(2026, 3, 2, 9), counted_from=bad)
    assert err.value.field == "counted_from"


# --- Tasks -------------------------------------------------------------------------------------


def assigned(*, limit: str = "30 ngày kể từ ngày thụ lý", **options: object) -> Task:
    return Task.assign(
        id="NV-KN-01",
        title="Giải quyết đơn khiếu nại của bà Nguyễn Thị B",
        source_document="Đơn khiếu nại ngày 02/03/2026",
        assigning_unit="UBND phường",
        lead_unit="Thanh tra",
        responsible="Trần Văn C",
        limit=limit,
        actor=HEAD,
        at=at(2026, 3, 2, 9),
        **options,  # type: ignore[arg-type]
    )


def test_golden_task_counts_from_its_acceptance():
    # Assigned Mon 02/03/2026, acknowledged (accepted) Thu 05/03/2026: due Mon 06/04/2026, as
    # the complaint above.
    t = assigned()
    assert t.counted_from is ClockStart.ACCEPTANCE
    assert t.clock is None
    assert t.snapshot().due_at is None
    t = t.fire("acknowledge", actor=ASSIGNEE, at=at(2026, 3, 5, 10))
    assert t.clock is not None
    assert t.clock.due_date == date(2026, 4, 6)
    assert t.log[-1].data["counted_from"] == "acceptance"
    # A reassignment and a new acknowledgement keep the running clock.
    again = t.fire("reassign", actor=HEAD, at=at(2026, 3, 9, 9), responsible="Lê Văn D").fire(
        "acknowledge", actor=ASSIGNEE, at=at(2026, 3, 10, 9)
    )
    assert again.clock is not None
    assert again.clock.due_date == date(2026, 4, 6)
    assert again.log[-1].data == {}
    assert Task.replay(again.log_json()) == again


def test_task_counted_from_receipt_starts_at_assignment():
    t = assigned(counted_from="receipt")
    assert t.clock is not None
    assert t.clock.due_date == date(2026, 4, 1)  # from Mon 02/03/2026: Wed 01/04/2026


def test_default_tasks_are_unchanged():
    t = assigned(limit="5 ngày làm việc")
    assert t.counted_from is ClockStart.RECEIPT
    assert t.clock is not None
    assert t.clock.due_date == date(2026, 3, 9)  # 5 working days after Mon 02/03/2026
    assert set(t.log[0].data) == {
        "id",
        "title",
        "source_document",
        "assigning_unit",
        "lead_unit",
        "responsible",
        "co_units",
        "limit",
    }


# --- The store keeps the due moment ------------------------------------------------------------


def test_the_store_keeps_the_due_moment_of_a_clock_started_at_acceptance(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'kyluat.db'}")
    try:
        store.add(complaint(received=at(2026, 3, 2, 9)))
        after = at(2026, 4, 7, 9)  # after the deadline of Mon 06/04/2026
        assert store.overdue(after) == ()  # not accepted: no clock runs
        d = store.fire("KN-2026-01", "accept", kind=Dossier, actor=DESK, at=at(2026, 3, 5, 10))
        assert d.clock is not None
        assert d.clock.due_date == date(2026, 4, 6)
        due_at = d.clock.due_at
        assert due_at is not None
        (pending,) = store.overdue(after)
        assert pending.id == "KN-2026-01"
        assert pending.due_at == due_at
        assert store.overdue(at(2026, 4, 6, 9)) == ()
        assert store.get("KN-2026-01", kind=Dossier) == d

        store.add(
            Dossier.submit(
                id="KN-2026-02",
                procedure="Giải quyết khiếu nại lần đầu",
                limit=COMPLAINT,
                actor=CITIZEN,
                at=at(2026, 3, 2, 9),
                counted_from="receipt",
            )
        )
        # Counted from receipt: due Wed 01/04/2026 and listed before it is even accepted.
        ids = [p.id for p in store.overdue(after)]
        assert ids == ["KN-2026-02", "KN-2026-01"]
    finally:
        store.close()
