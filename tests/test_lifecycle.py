"""Dossier and task lifecycles: golden scenarios, guards, permissions, audit log."""

from __future__ import annotations

import json
import runpy
import threading
from datetime import date, datetime
from pathlib import Path

import pytest

from kyluat import (
    VIETNAM,
    Actor,
    DataError,
    Dossier,
    DossierSnapshot,
    DossierState,
    Duration,
    InvalidInputError,
    InvalidTransitionError,
    Outcome,
    PermissionDeniedError,
    Task,
    TaskSnapshot,
    TaskState,
    verify_log,
)

# The docs generator lives outside the package, in scripts/generate_docs.py.
reference_docs = runpy.run_path(
    str(Path(__file__).resolve().parent.parent / "scripts" / "generate_docs.py")
)["reference_docs"]


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-07", role="one_stop_desk", unit="Bộ phận một cửa")
SPECIALIST = Actor(id="cv-12", role="specialist", unit="Phòng Quản lý đô thị")
HEAD = Actor(id="tp-01", role="head", unit="Phòng Quản lý đô thị")


def dossier_until_processing() -> Dossier:
    d = Dossier.submit(
        id="HS-2026-001",
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(10),
        actor=CITIZEN,
        at=at(2026, 3, 3, 8, 0),
    )
    d = d.fire("accept", actor=DESK, at=at(2026, 3, 3, 9, 0), reference="Giấy tiếp nhận 01")
    return d.fire("start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8, 0))


def test_golden_dossier_supplement_apology_late_returned():
    # LAW.md §4: received Tue 03/03/2026, 10 working days (due 17/03); supplement requested Fri
    # 06/03, supplied Wed 11/03 -> due Fri 20/03; apology on 18/03 promising 25/03; processed
    # Mon 23/03: late, though re-appointed; result returned on 24/03.
    d = dossier_until_processing()
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 3, 17)
    d = d.fire(
        "request_supplement", actor=SPECIALIST, at=at(2026, 3, 6, 16, 0), reason="thiếu bản vẽ"
    )
    assert d.state is DossierState.SUPPLEMENT_REQUESTED
    assert d.state.portal_code == 5
    assert d.clock is not None
    assert d.clock.paused
    d = d.fire("resubmit", actor=CITIZEN, at=at(2026, 3, 11, 9, 0))
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 3, 20)
    d = d.fire(
        "apologize",
        actor=HEAD,
        at=at(2026, 3, 18, 10, 0),
        reason="cần xác minh thực địa",
        reference="Phiếu xin lỗi 03",
        new_due="2026-03-25",
    )
    assert d.clock is not None
    assert d.clock.reappointment is not None
    assert d.clock.reappointment.findings == ()
    d = d.fire("hand_over", actor=SPECIALIST, at=at(2026, 3, 23, 14, 0), receiver="Lãnh đạo")
    d = d.fire("finish_processing", actor=HEAD, at=at(2026, 3, 23, 15, 0))
    d = d.fire("return_result", actor=DESK, at=at(2026, 3, 24, 9, 0))
    assert d.state is DossierState.RESULT_RETURNED
    assert d.state.portal_code == 10
    assert d.clock is not None
    assert d.clock.outcome is Outcome.LATE
    assert d.is_final
    assert d.allowed_triggers() == ()
    assert [e.trigger for e in d.log] == [
        "submit",
        "accept",
        "start_processing",
        "request_supplement",
        "resubmit",
        "apologize",
        "hand_over",
        "finish_processing",
        "return_result",
    ]
    assert verify_log(d.log) is None
    again = Dossier.replay(d.log_json())
    assert again.state is d.state
    assert again.log == d.log


def test_restart_on_resubmission_when_the_procedure_says_so():
    d = Dossier.submit(
        id="HS-2",
        procedure="Thủ tục X",
        limit="10 ngày làm việc",
        actor=CITIZEN,
        at=at(2026, 3, 3, 8, 0),
        restart_on_resubmission=True,
    )
    d = d.fire("accept", actor=DESK, at=at(2026, 3, 3, 9, 0))
    d = d.fire("request_supplement", actor=DESK, at=at(2026, 3, 6, 16, 0))
    d = d.fire("resubmit", actor=CITIZEN, at=at(2026, 3, 11, 9, 0))
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 3, 25)


def test_golden_task_extended_once_completed_on_time():
    assigner = Actor(id="cvp-1", role="head", unit="Văn phòng UBND")
    assignee = Actor(id="cv-9", role="assignee", unit="Sở Xây dựng")
    t = Task.assign(
        id="NV-15",
        title="Báo cáo tiến độ giải ngân",
        source_document="Chỉ thị 02/CT-UBND",
        assigning_unit="Văn phòng UBND",
        lead_unit="Sở Xây dựng",
        co_units=["Sở Tài chính", "Kho bạc Nhà nước"],
        responsible="cv-9",
        limit=Duration.working_days(10),
        actor=assigner,
        at=at(2026, 3, 2, 9, 0),
    )
    assert t.clock is not None
    assert t.clock.due_date == date(2026, 3, 16)
    t = t.fire("acknowledge", actor=assignee, at=at(2026, 3, 2, 10, 0))
    t = t.fire("start", actor=assignee, at=at(2026, 3, 3, 8, 0))
    t = t.fire("report_progress", actor=assignee, at=at(2026, 3, 9, 8, 0), progress="50%")
    t = t.fire("request_extension", actor=assignee, at=at(2026, 3, 12, 8, 0), reason="chờ số liệu")
    assert t.state is TaskState.EXTENSION_REQUESTED
    t = t.fire(
        "approve_extension",
        actor=assigner,
        at=at(2026, 3, 12, 15, 0),
        reference="CV 88",
        by="3 working days",
    )
    assert t.clock is not None
    assert t.clock.due_date == date(2026, 3, 19)
    assert t.extensions == 1
    assert t.status(at(2026, 3, 18, 9, 0)).value == "within"
    t = t.fire("submit_for_review", actor=assignee, at=at(2026, 3, 18, 16, 0))
    t = t.fire(
        "complete", actor=assigner, at=at(2026, 3, 19, 10, 0), result_reference="BC 17/BC-SXD"
    )
    assert t.state is TaskState.COMPLETED
    assert t.clock is not None
    assert t.clock.outcome is Outcome.ON_TIME
    snapshot = t.snapshot()
    assert snapshot.co_units == ["Sở Tài chính", "Kho bạc Nhà nước"]
    assert TaskSnapshot.model_validate_json(snapshot.model_dump_json()) == snapshot
    assert Task.replay(t.log).log == t.log


def test_overdue_is_derived_from_the_clock():
    d = dossier_until_processing()
    assert d.status(at(2026, 3, 17, 16, 0)).value == "within"
    assert d.status(at(2026, 3, 18, 8, 0)).value == "overdue"


# --- Guards and errors -------------------------------------------------------------------------


def test_invalid_transition_names_the_allowed_triggers():
    d = dossier_until_processing()
    with pytest.raises(InvalidTransitionError) as err:
        d.fire("return_result", actor=DESK, at=at(2026, 3, 5, 9, 0))
    message = str(err.value)
    assert "finish_processing" in message
    assert "request_supplement" in message
    with pytest.raises(InvalidTransitionError):
        d.fire("explode", actor=DESK, at=at(2026, 3, 5, 9, 0))


def test_terminal_states_stay_terminal():
    d = Dossier.submit(
        id="HS-3", procedure="X", limit="5 ngày làm việc", actor=CITIZEN, at=at(2026, 3, 3, 8)
    )
    d = d.fire("refuse", actor=DESK, at=at(2026, 3, 3, 9), reason="không thuộc thẩm quyền")
    assert d.is_final
    for trigger in ("accept", "withdraw", "start_processing"):
        with pytest.raises(InvalidTransitionError) as err:
            d.fire(trigger, actor=DESK, at=at(2026, 3, 4, 9))
        assert "final" in str(err.value)


def test_refused_attempts_change_nothing():
    d = dossier_until_processing()
    before = d.log
    with pytest.raises(PermissionDeniedError):
        d.fire("finish_processing", actor=CITIZEN, at=at(2026, 3, 5, 9, 0))
    with pytest.raises(InvalidInputError):
        d.fire("finish_processing", actor=HEAD, at=at(2026, 3, 1, 9, 0))  # before the last entry
    with pytest.raises(InvalidInputError):
        d.fire("finish_processing", actor=HEAD, at=datetime(2026, 3, 5, 9, 0))  # naive
    with pytest.raises(InvalidInputError):
        d.fire("apologize", actor=HEAD, at=at(2026, 3, 5, 9, 0), reason="x")  # no new_due
    assert d.log == before
    assert d.state is DossierState.PROCESSING


def test_permissions_only_the_desk_receives_and_returns():
    d = Dossier.submit(
        id="HS-4", procedure="X", limit="5 ngày làm việc", actor=CITIZEN, at=at(2026, 3, 3, 8)
    )
    with pytest.raises(PermissionDeniedError) as err:
        d.fire("accept", actor=SPECIALIST, at=at(2026, 3, 3, 9))
    assert err.value.code == "permission_denied"
    assert "one_stop_desk" in str(err.value)


def test_only_the_head_of_the_assigning_unit_approves_extensions():
    assigner = Actor(id="cvp-1", role="head", unit="Văn phòng UBND")
    other_head = Actor(id="gd-2", role="head", unit="Sở Tài chính")
    assignee = Actor(id="cv-9", role="assignee", unit="Sở Xây dựng")
    t = Task.assign(
        id="NV-16",
        title="X",
        source_document="KH 5",
        assigning_unit="Văn phòng UBND",
        lead_unit="Sở Xây dựng",
        responsible="cv-9",
        limit="5 ngày làm việc",
        actor=assigner,
        at=at(2026, 3, 2, 9, 0),
    )
    t = t.fire("acknowledge", actor=assignee, at=at(2026, 3, 2, 10, 0))
    t = t.fire("request_extension", actor=assignee, at=at(2026, 3, 3, 10, 0))
    with pytest.raises(PermissionDeniedError):
        t.fire(
            "approve_extension",
            actor=other_head,
            at=at(2026, 3, 3, 11),
            reference="CV",
            by="1 working day",
        )
    with pytest.raises(PermissionDeniedError):
        t.fire(
            "approve_extension",
            actor=assignee,
            at=at(2026, 3, 3, 11),
            reference="CV",
            by="1 working day",
        )
    with pytest.raises(InvalidInputError):
        t.fire(
            "approve_extension", actor=assigner, at=at(2026, 3, 3, 11), by="1 working day"
        )  # no reference
    for n in range(2):
        t = t.fire(
            "approve_extension",
            actor=assigner,
            at=at(2026, 3, 4 + n, 11),
            reference="CV",
            by="1 working day",
        )
        if n == 0:
            t = t.fire("request_extension", actor=assignee, at=at(2026, 3, 4, 15))
    assert t.extensions == 2
    with pytest.raises(InvalidTransitionError) as err:
        t.fire("request_extension", actor=assignee, at=at(2026, 3, 6, 9))
    assert "allows 2" in str(err.value)
    t = t.fire("submit_for_review", actor=assignee, at=at(2026, 3, 6, 10))
    with pytest.raises(InvalidInputError) as err:
        t.fire("complete", actor=assigner, at=at(2026, 3, 6, 11))
    assert err.value.field == "result_reference"


def test_reassignment_changes_the_person_responsible():
    assigner = Actor(id="cvp-1", role="head", unit="Văn phòng UBND")
    t = Task.assign(
        id="NV-17",
        title="X",
        source_document="KH 5",
        assigning_unit="Văn phòng UBND",
        lead_unit="Sở Xây dựng",
        responsible="cv-9",
        limit="5 ngày làm việc",
        actor=assigner,
        at=at(2026, 3, 2, 9, 0),
    )
    t = t.fire(
        "reassign", actor=assigner, at=at(2026, 3, 3, 9), reason="điều động", responsible="cv-10"
    )
    assert t.responsible == "cv-10"
    assert t.state is TaskState.ASSIGNED


# --- Audit log --------------------------------------------------------------------------------


def test_tampered_log_is_detected_at_the_first_broken_entry():
    d = dossier_until_processing().fire("request_supplement", actor=DESK, at=at(2026, 3, 6, 16))
    log = list(d.log)
    log[2] = log[2].model_copy(update={"actor": HEAD})
    assert verify_log(log) == 2
    with pytest.raises(DataError) as err:
        Dossier.replay(log)
    assert "entry 2" in str(err.value)
    dropped = [*d.log[:1], *d.log[2:]]
    assert verify_log(dropped) == 1


def test_snapshot_json_round_trip_and_schemas():
    d = dossier_until_processing()
    snapshot = d.snapshot()
    assert snapshot.portal_code == 4
    assert DossierSnapshot.model_validate_json(snapshot.model_dump_json()) == snapshot
    schemas = json.loads(reference_docs()["lifecycle-schemas.json"])
    assert set(schemas) == {"AuditEntry", "DossierSnapshot", "TaskSnapshot"}


def test_generated_docs_are_current():
    folder = Path(__file__).resolve().parent.parent / "docs" / "reference"
    for name, text in reference_docs().items():
        assert (folder / name).read_text(encoding="utf-8") == text, (
            f"docs/reference/{name} is stale: run python scripts/generate_docs.py"
        )


def test_mermaid_diagrams_come_from_the_definitions():
    page = reference_docs()["lifecycles.md"]
    assert "stateDiagram-v2" in page
    assert "processing --> processed: finish_processing" in page
    assert "submitted_for_review --> completed: complete" in page


def test_records_are_safe_to_share_between_threads():
    base = dossier_until_processing()
    results: list[Dossier] = []

    def work(n: int) -> None:
        results.append(
            base.fire("hand_over", actor=SPECIALIST, at=at(2026, 3, 5, 9, n), receiver=f"cv-{n}")
        )

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(base.log) == 3
    assert sorted(len(r.log) for r in results) == [4] * 8
    assert all(verify_log(r.log) is None for r in results)


@pytest.mark.parametrize("limit", ["0 ngày làm việc", "0 ngày"])
def test_limits_a_clock_cannot_count_are_refused_at_submission(limit):
    with pytest.raises(InvalidInputError) as err:
        Dossier.submit(id="HS-9", procedure="X", limit=limit, actor=CITIZEN, at=at(2026, 3, 3, 8))
    assert err.value.field == "limit"


def test_a_complaint_counted_in_calendar_days():
    # "30 ngày" from Mon 02/03/2026: last day Wed 01/04/2026 (BLDS 147-148).
    d = Dossier.submit(
        id="KN-1",
        procedure="Giải quyết khiếu nại lần đầu",
        limit="30 ngày",
        actor=CITIZEN,
        at=at(2026, 3, 2, 9),
    )
    d = d.fire("accept", actor=DESK, at=at(2026, 3, 2, 10))
    assert d.clock is not None
    assert d.clock.due_date == date(2026, 4, 1)
