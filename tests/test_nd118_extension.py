"""A late dossier's apology follows the regime in force on its receipt date (issue 17).

NĐ 61/2018/NĐ-CP (dossiers received until 30/06/2025): the apology and re-appointment slip
(phiếu xin lỗi và hẹn lại ngày trả kết quả). NĐ 118/2025/NĐ-CP (09/06/2025; dossiers received
from 01/07/2025): the apology and extension request, form 04 of TT 03/2025/TT-VPCP (văn bản xin
lỗi và đề nghị gia hạn thời gian giải quyết). NĐ 61 dossiers must give exactly what they gave
before the NĐ 118 document existed in kyluat.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest

from kyluat import (
    VIETNAM,
    Actor,
    AuditEntry,
    Dossier,
    Duration,
    InvalidInputError,
    Outcome,
    SlaClock,
    regime_on,
    verify_log,
)
from kyluat.data.rules import (
    EXTENSION_REQUEST,
    ND367_2025,
    REAPPOINTMENT_SLIP,
    REGIMES,
    LateNoticeKind,
)
from kyluat.lifecycle import GENESIS
from kyluat.sla import LateNoticeKind as ExportedKind
from kyluat.sources import Status

FORM_04 = "Mẫu số 04, TT 03/2025/TT-VPCP — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
SLIP = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"

CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-07", role="one_stop_desk", unit="Bộ phận một cửa")
SPECIALIST = Actor(id="cv-12", role="specialist", unit="Phòng Quản lý đô thị")
HEAD = Actor(id="tp-01", role="head", unit="Phòng Quản lý đô thị")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- The regimes' data -------------------------------------------------------------------------


def test_each_regime_names_its_late_notice():
    assert regime_on(date(2025, 6, 30)).late_notice == REAPPOINTMENT_SLIP
    assert regime_on(date(2025, 7, 1)).late_notice == EXTENSION_REQUEST
    assert regime_on(date(2016, 1, 4)).late_notice == REAPPOINTMENT_SLIP  # as kyluat always did
    assert EXTENSION_REQUEST.title == FORM_04
    assert EXTENSION_REQUEST.kind is LateNoticeKind.EXTENSION_REQUEST
    assert ExportedKind is LateNoticeKind
    assert REAPPOINTMENT_SLIP.title == SLIP


def test_nd367_is_a_source_note_of_nd118_not_a_cited_source():
    nd118 = REGIMES[-1]
    assert nd118.code == "nd118_2025"
    assert nd118.amended_by == (ND367_2025,)
    # What kyluat relies on (no change to time limits or form 04) is unverified ...
    assert ND367_2025.status is Status.UNVERIFIED
    assert str(ND367_2025).endswith("[unverified]")
    # ... and the traces cite the regime's own sources, as before.
    assert all("367" not in str(source) for source in nd118.sources)


# --- The clock ---------------------------------------------------------------------------------


def test_clock_of_a_dossier_received_under_nd118_records_an_extension_request():
    # Received Tue 01/07/2025 (NĐ 118 in force), 5 working days: Wed 2, Thu 3, Fri 4, Mon 7,
    # Tue 8 -> due Tue 08/07/2025. The request is sent Thu 03/07, three working days before.
    clock = SlaClock.start(date(2025, 7, 1), Duration.working_days(5))
    assert clock.deadline.regime.code == "nd118_2025"
    assert clock.due_date == date(2025, 7, 8)
    asked = clock.reappoint(date(2025, 7, 11), reason="chờ ý kiến phối hợp", at=date(2025, 7, 3))
    request = asked.reappointment
    assert request is not None
    assert request.kind is LateNoticeKind.EXTENSION_REQUEST
    assert request.form == FORM_04
    assert request.new_due == date(2025, 7, 11)
    assert request.reason == "chờ ý kiến phối hợp"
    assert request.findings == ()
    assert asked.due_date == date(2025, 7, 8)  # statistics keep the deadline
    assert asked.stop(date(2025, 7, 10)).outcome is Outcome.LATE
    # The clock's own JSON (its event log) is unchanged in form: the kind follows from the start.
    assert '"form"' not in asked.to_json()
    assert SlaClock.from_json(asked.to_json()).reappointment == request


def test_nd118_findings_cite_nd118_and_form_04():
    clock = SlaClock.start(date(2025, 7, 1), Duration.working_days(5))  # due Tue 08/07/2025
    twice = clock.reappoint(date(2025, 7, 11), reason="x", at=date(2025, 7, 3)).reappoint(
        date(2025, 7, 15), reason="y", at=date(2025, 7, 8)
    )
    assert twice.reappointment is not None
    assert twice.reappointment.findings == (
        "an extension may be requested only once (one-stop regime, NĐ 118/2025/NĐ-CP) [unverified]",
        "the extension request must be sent at least one working day before the deadline "
        "2025-07-08 (one-stop regime, NĐ 118/2025/NĐ-CP; Mẫu số 04, TT 03/2025/TT-VPCP) "
        "[unverified]",
    )
    with pytest.raises(InvalidInputError):
        clock.reappoint(date(2025, 7, 15), reason="y", at=date(2025, 7, 8), enforce=True)


def test_clock_of_a_dossier_received_under_nd61_keeps_the_slip():
    # Received Mon 30/06/2025, the last day of NĐ 61: 5 working days -> due Mon 07/07/2025.
    clock = SlaClock.start(date(2025, 6, 30), Duration.working_days(5))
    assert clock.deadline.regime.code == "nd61_2018"
    assert clock.due_date == date(2025, 7, 7)
    late = clock.reappoint(date(2025, 7, 10), reason="x", at=date(2025, 7, 7)).reappoint(
        date(2025, 7, 11), reason="y", at=date(2025, 7, 7)
    )
    slip = late.reappointment
    assert slip is not None
    assert slip.kind is LateNoticeKind.REAPPOINTMENT_SLIP
    assert slip.form == SLIP
    assert slip.findings == (
        "a dossier may be re-appointed only once (one-stop regime, NĐ 61/2018/NĐ-CP) [unverified]",
        "the slip must be sent at least one working day before the deadline 2025-07-07 "
        "(one-stop regime, NĐ 61/2018/NĐ-CP) [unverified]",
    )


def test_a_restart_keeps_the_regime_of_the_receipt_date():
    # Received Mon 30/06/2025 (NĐ 61), restarted in July: the dossier keeps NĐ 61.
    clock = SlaClock.start(date(2025, 6, 30), Duration.working_days(5))
    clock = clock.pause(date(2025, 7, 2), reason="supplement_request")
    clock = clock.restart(date(2025, 7, 9), reason="resubmitted")
    slip = clock.reappoint(date(2025, 7, 25), reason="x", at=date(2025, 7, 10)).reappointment
    assert slip is not None
    assert slip.kind is LateNoticeKind.REAPPOINTMENT_SLIP


# --- The dossier -------------------------------------------------------------------------------


def _nd61_dossier() -> Dossier:
    """The scenario whose outputs were captured before NĐ 118 documents existed in kyluat."""
    d = Dossier.submit(
        id="HS-2025-061",
        procedure="Cấp giấy phép xây dựng",
        limit="05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        actor=CITIZEN,
        at=at(2025, 6, 23, 8, 0),
    )
    d = d.fire("accept", actor=DESK, at=at(2025, 6, 23, 9, 0), reference="Giấy tiếp nhận 01")
    d = d.fire("start_processing", actor=SPECIALIST, at=at(2025, 6, 24, 8, 0))
    d = d.fire(
        "apologize",
        actor=HEAD,
        at=at(2025, 6, 26, 10, 0),
        reason="cần xác minh thực địa",
        reference="Phiếu xin lỗi 01",
        new_due="2025-07-03",
    )
    d = d.fire(
        "apologize",
        actor=HEAD,
        at=at(2025, 6, 30, 10, 0),
        reason="chờ ý kiến",
        reference="Phiếu xin lỗi 02",
        new_due="2025-07-07",
    )
    d = d.fire("finish_processing", actor=HEAD, at=at(2025, 7, 4, 15, 0))
    return d.fire("return_result", actor=DESK, at=at(2025, 7, 7, 9, 0))


def test_nd61_dossier_output_is_byte_for_byte_what_it_was():
    # Accepted Mon 23/06/2025 (NĐ 61), 5 working days: Tue 24 … Mon 30/06/2025. The hashes were
    # taken from kyluat 536c766, before this change: the audit log JSON (the last entry's hash
    # chains every entry's content), the clock's event log and the snapshot are unchanged.
    d = _nd61_dossier()
    assert d.clock is not None
    assert d.clock.due_date == date(2025, 6, 30)
    assert d.clock.deadline.regime.code == "nd61_2018"
    assert d.log[-1].hash == "3a2663e13b7cf400c6bc7284cfbbd8864e5b6e148594b8e482b1377c1cdb11f9"
    assert _sha(d.log_json()) == "89e034eba807212a32f7a575ebbaaf9615d5a0b5bcffc9d8636c5fc3e4630e78"
    assert (
        _sha(d.clock.to_json())
        == "7ad2c689d28bdb6011697aaebef9fbe19e402f22aa9bb6a62f2d8d110b6d42ad"
    )
    assert (
        _sha(d.snapshot().model_dump_json())
        == "61e2e8482bfd2191e3ed1b9051298c9aaaae57ac202b716d16fd09d097ddb3bf"
    )
    apologies = [e for e in d.log if e.trigger == "apologize"]
    assert [sorted(e.data) for e in apologies] == [["new_due"], ["new_due"]]
    slip = d.clock.reappointment
    assert slip is not None
    assert slip.kind is LateNoticeKind.REAPPOINTMENT_SLIP
    assert slip.findings == (
        "a dossier may be re-appointed only once (one-stop regime, NĐ 61/2018/NĐ-CP) [unverified]",
        "the slip must be sent at least one working day before the deadline 2025-06-30 "
        "(one-stop regime, NĐ 61/2018/NĐ-CP) [unverified]",
    )


def _nd118_dossier(*, submitted: datetime | None = None) -> Dossier:
    d = Dossier.submit(
        id="HS-2025-118",
        procedure="Cấp giấy phép xây dựng",
        limit="05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        actor=CITIZEN,
        at=submitted or at(2025, 7, 1, 8, 0),
    )
    d = d.fire("accept", actor=DESK, at=at(2025, 7, 1, 9, 0), reference="Giấy tiếp nhận 01")
    return d.fire("start_processing", actor=SPECIALIST, at=at(2025, 7, 2, 8, 0))


def test_nd118_dossier_apology_records_the_extension_request_in_its_entry():
    # Accepted Tue 01/07/2025 (NĐ 118), 5 working days -> due Tue 08/07/2025.
    d = _nd118_dossier()
    d = d.fire(
        "apologize",
        actor=HEAD,
        at=at(2025, 7, 3, 10, 0),
        reason="chờ ý kiến phối hợp",
        reference="Văn bản 12/XL",
        new_due="2025-07-11",
    )
    entry = d.log[-1]
    assert entry.trigger == "apologize"
    assert entry.data == {
        "new_due": "2025-07-11",
        "notice": "extension_request",
        "form": FORM_04,
    }
    assert d.clock is not None
    request = d.clock.reappointment
    assert request is not None
    assert (request.kind, request.form, request.new_due) == (
        LateNoticeKind.EXTENSION_REQUEST,
        FORM_04,
        date(2025, 7, 11),
    )
    assert '"notice":"extension_request"' in d.log_json()
    assert Dossier.replay(d.log_json()) == d

    # A second request on the deadline day breaks both rules: the entry says so too.
    d = d.fire(
        "apologize",
        actor=HEAD,
        at=at(2025, 7, 8, 9, 0),
        reason="chờ kết quả thẩm định",
        new_due="2025-07-15",
    )
    assert d.log[-1].data["findings"] == [
        "an extension may be requested only once (one-stop regime, NĐ 118/2025/NĐ-CP) [unverified]",
        "the extension request must be sent at least one working day before the deadline "
        "2025-07-08 (one-stop regime, NĐ 118/2025/NĐ-CP; Mẫu số 04, TT 03/2025/TT-VPCP) "
        "[unverified]",
    ]
    assert verify_log(d.log) is None
    assert Dossier.replay(d.log) == d


def test_the_regime_is_that_of_the_day_the_clock_counts_from():
    # Submitted online Mon 30/06/2025, accepted by the desk Tue 01/07/2025: the desk's receipt
    # of the complete dossier (portal status 2) is on 01/07, so NĐ 118 applies; counted from
    # the submission, the dossier was received under NĐ 61.
    accepted = _nd118_dossier(submitted=at(2025, 6, 30, 20, 0))
    assert accepted.clock is not None
    assert accepted.clock.deadline.regime.code == "nd118_2025"
    on_receipt = Dossier.submit(
        id="HS-2025-119",
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(5),
        actor=CITIZEN,
        at=at(2025, 6, 30, 10, 0),
        counted_from="receipt",
    )
    assert on_receipt.clock is not None
    assert on_receipt.clock.deadline.regime.code == "nd61_2018"
    late = on_receipt.fire("accept", actor=DESK, at=at(2025, 7, 1, 9, 0))
    late = late.fire("start_processing", actor=SPECIALIST, at=at(2025, 7, 1, 10, 0))
    late = late.fire(
        "apologize", actor=HEAD, at=at(2025, 7, 2, 9, 0), reason="x", new_due="2025-07-10"
    )
    assert late.log[-1].data == {"new_due": "2025-07-10"}  # the NĐ 61 slip: nothing added
    assert late.clock is not None
    assert late.clock.reappointment is not None
    assert late.clock.reappointment.kind is LateNoticeKind.REAPPOINTMENT_SLIP


def test_the_recorded_form_cannot_be_contradicted_but_may_be_repeated():
    d = _nd118_dossier()
    with pytest.raises(InvalidInputError) as err:
        d.fire(
            "apologize",
            actor=HEAD,
            at=at(2025, 7, 3, 10, 0),
            reason="x",
            new_due="2025-07-11",
            form="Phiếu xin lỗi",
        )
    assert err.value.field == "form"
    # Firing an entry's data again (as the store does to check a record) gives the same entry.
    once = d.fire(
        "apologize", actor=HEAD, at=at(2025, 7, 3, 10, 0), reason="x", new_due="2025-07-11"
    )
    entry = once.log[-1]
    again = d.fire(
        entry.trigger,
        actor=entry.actor,
        at=entry.at,
        reason=entry.reason,
        reference=entry.reference,
        **entry.data,
    )
    assert again == once


def _rechained(entries: tuple[AuditEntry, ...]) -> tuple[AuditEntry, ...]:
    chained: list[AuditEntry] = []
    previous = GENESIS
    for entry in entries:
        draft = entry.model_copy(update={"prev_hash": previous, "hash": ""})
        entry = draft.model_copy(update={"hash": draft.expected_hash()})
        chained.append(entry)
        previous = entry.hash
    return tuple(chained)


def test_nd118_logs_written_before_this_change_still_replay():
    # A stored NĐ 118 log whose apology entry has no notice/form (kyluat before issue 17)
    # replays as stored; its clock still knows the document was an extension request.
    d = _nd118_dossier().fire(
        "apologize", actor=HEAD, at=at(2025, 7, 3, 10, 0), reason="x", new_due="2025-07-11"
    )
    old_style = _rechained(
        (
            *d.log[:-1],
            d.log[-1].model_copy(update={"data": {"new_due": "2025-07-11"}}),
        )
    )
    replayed = Dossier.replay(old_style)
    assert replayed.log == old_style
    assert replayed.clock is not None
    assert replayed.clock.reappointment is not None
    assert replayed.clock.reappointment.kind is LateNoticeKind.EXTENSION_REQUEST
