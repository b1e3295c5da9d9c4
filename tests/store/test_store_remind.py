"""`kyluat remind --db`: the reminders of a store's open records (SQLite and PostgreSQL).

Deadlines worked by hand on the 2026 calendar (office hours 07:30–12:00, 13:00–16:30):
NV-1 assigned Mon 02/03 09:00 with 5 working days → Mon 09/03 16:30; HS-B received Tue 03/03,
5 working days → Tue 10/03 16:30; NV-2 assigned Thu 12/03 09:00 with 3 working days →
Tue 17/03 16:30. As of Mon 16/03 09:00 with a window of 2 working days (to Wed 18/03 16:30):
NV-1 is overdue by Tue–Fri 10–13/03 (4 × 8 h) and 07:30–09:00 of 16/03 = 33 h 30, five working
days (10, 11, 12, 13, 16/03); HS-B by 11–13/03 (3 × 8 h) + 1 h 30 = 25 h 30, four days; NV-2 has
09:00–16:30 of 16/03 (6 h 30) + 17/03 (8 h) = 14 h 30 left, one working day.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from kyluat import VIETNAM, Duration
from kyluat.cli import main
from kyluat.errors import InvalidInputError
from kyluat.followup import EscalationPolicy, remind_store
from kyluat.lifecycle import Actor, Dossier, Task
from kyluat.store import Store

CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-07", role="one_stop_desk", unit="Bộ phận một cửa")
SPECIALIST = Actor(id="cv-12", role="specialist", unit="Phòng Quản lý đô thị")
ASSIGNER = Actor(id="cvp-1", role="head", unit="Văn phòng UBND")
H = 3600


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def _task(record_id: str, lead: str, person: str, limit: str, moment: datetime) -> Task:
    return Task.assign(
        id=record_id,
        title="Báo cáo tình hình giải ngân",
        source_document="KH 5/KH-UBND",
        assigning_unit="Văn phòng UBND",
        lead_unit=lead,
        co_units=[],
        responsible=person,
        limit=limit,
        actor=ASSIGNER,
        at=moment,
    )


@pytest.fixture
def filled(store_url: str):
    store = Store(store_url)
    store.add(_task("NV-1", "Sở Xây dựng", "cv-9", "5 ngày làm việc", at(2026, 3, 2, 9)))
    dossier = Dossier.submit(
        id="HS-B",
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(5),
        actor=CITIZEN,
        at=at(2026, 3, 3, 8),
    )
    dossier = dossier.fire("accept", actor=DESK, at=at(2026, 3, 3, 9))
    store.add(dossier.fire("start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8)))
    store.add(_task("NV-2", "Sở Tài chính", "cv-5", "3 ngày làm việc", at(2026, 3, 12, 9)))
    yield store_url, store
    store.close()


def test_reminders_from_a_store(filled):
    _, store = filled
    found = remind_store(store, as_of=at(2026, 3, 16, 9), within="2 ngày làm việc")
    shape = [
        (r.id, r.level.value, r.due_date.isoformat(), int(r.remaining.total_seconds()),
         r.remaining_days, r.person, r.escalate_to)
        for r in found.items
    ]  # fmt: skip
    assert shape == [
        ("NV-1", "overdue", "2026-03-09", -(33 * H + 1800), -5, "cv-9", "Thủ trưởng Sở Xây dựng"),
        ("HS-B", "overdue", "2026-03-10", -(25 * H + 1800), -4, "cv-12",
         "Thủ trưởng Phòng Quản lý đô thị"),
        ("NV-2", "due_soon", "2026-03-17", 14 * H + 1800, 1, "cv-5", None),
    ]  # fmt: skip
    assert found.items[0].due_at == at(2026, 3, 9, 16, 30)
    assert found.items[0].row is None


def test_a_share_policy_is_refused_with_a_store(filled):
    _, store = filled
    with pytest.raises(InvalidInputError) as caught:
        remind_store(store, as_of=at(2026, 3, 16, 9), policy=EscalationPolicy(due_soon_share=0.8))
    assert caught.value.field == "due_soon_share"


def test_cli_db(filled, capsys):
    url, _ = filled
    code = main(["remind", "--db", url, "--as-of", "16/03/2026 09:00", "--within",
                 "2 ngày làm việc", "--by", "unit", "--json"])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(i["id"], i["level"], i["remaining"]) for i in out["items"]] == [
        ("HS-B", "overdue", "-PT25H30M"),  # grouped by unit, in name order
        ("NV-2", "due_soon", "PT14H30M"),
        ("NV-1", "overdue", "-PT33H30M"),
    ]
    assert [g["key"] for g in out["groups"]] == ["Phòng Quản lý đô thị", "Sở Tài chính",
                                                 "Sở Xây dựng"]  # fmt: skip


def test_cli_file_or_db_not_both(capsys, tmp_path):
    assert main(["remind", "--as-of", "2026-03-16"]) == 2
    assert "FILE or --db" in capsys.readouterr().err
    assert (
        main(["remind", str(tmp_path / "x.csv"), "--db", "sqlite://", "--as-of", "2026-03-16"]) == 2
    )
