"""The contracts every public kyluat value shares, stated once over every type.

pickle, copy and deepcopy give an equal value; equal values hash equal; mutation is refused and
changes nothing; repr is readable; a value is never equal to a tuple of its fields.
"""

from __future__ import annotations

import copy
import io
import pickle
import warnings
from collections.abc import Callable
from datetime import date, datetime

import pytest

import kyluat
from kyluat import (
    VIETNAM,
    Actor,
    Dossier,
    Duration,
    OfficeHours,
    Override,
    SlaClock,
    Task,
)


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def _dossier() -> Dossier:
    citizen = Actor(id="cd-1", role="applicant", unit="Công dân")
    desk = Actor(id="nv-7", role="one_stop_desk", unit="Bộ phận một cửa")
    dossier = Dossier.submit(
        id="HS-001",
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(10),
        actor=citizen,
        at=_at(2026, 3, 3, 8),
    )
    return dossier.fire("accept", actor=desk, at=_at(2026, 3, 3, 9), reference="GTN 01")


def _task() -> Task:
    head = Actor(id="gd-1", role="head", unit="Sở Nội vụ")
    return Task.assign(
        id="NV-1",
        title="Rà soát thủ tục",
        source_document="02/CT-UBND",
        assigning_unit="Sở Nội vụ",
        lead_unit="Phòng CCHC",
        responsible="Nguyễn Văn A",
        limit="5 ngày làm việc",
        actor=head,
        at=_at(2026, 3, 3, 9),
    )


def _clock() -> SlaClock:
    clock = SlaClock.start(date(2026, 3, 3), Duration.working_days(10))
    return clock.pause(date(2026, 3, 6), reason="supplement_request").resume(date(2026, 3, 11))


def _check_results() -> tuple[object, ...]:
    from kyluat.check import check_stream

    rows = (
        "id,received_at,limit,due_date\n"
        "A,2026-03-03T09:00,5 ngày làm việc,2026-03-10\n"
        "B,2026-03-03T09:00,5 ngày làm việc,2026-03-11\n"
        "C,2026-02-30,5 ngày làm việc,2026-03-11\n"
    )
    seen: list[object] = []
    report = check_stream(io.StringIO(rows), "csv", on_row=seen.append)
    return (report, *seen)


def _duplicate() -> object:
    from kyluat.check import check_stream

    row = "A,2026-03-03,5 ngày,2026-03-09\n"
    rows = "id,received_at,limit,due_date\n" + row + row
    return check_stream(io.StringIO(rows), "csv").duplicates[0]


def _ratings() -> tuple[object, ...]:
    from kyluat.ratings import DisbursementRating, Nd90Rating

    return (Nd90Rating().rate(tasks=10, not_on_schedule=1), DisbursementRating().rate(0.9))


STORM = Override(date(2026, 3, 5), False, "Nghỉ do bão", "Storm closure", "QĐ 12/QĐ-UBND")

BUILDERS: dict[str, Callable[[], object]] = {
    "WorkCalendar": kyluat.default_calendar,
    "WorkCalendar with overrides": lambda: kyluat.default_calendar().with_overrides(STORM),
    "Override": lambda: STORM,
    "DayInfo": lambda: kyluat.default_calendar().day_info(date(2026, 1, 2)),
    "YearInfo": lambda: kyluat.default_calendar().year_info(2026),
    "Duration": lambda: Duration.working_days("4.5"),
    "OfficeHours": lambda: OfficeHours.parse("07:30-12:00,13:00-16:30"),
    "Session": lambda: kyluat.Session.parse("07:30-12:00"),
    "Season": lambda: kyluat.Season("16/04", "15/10", "07:00-11:30,13:30-17:00"),
    "DeadlinePolicy": lambda: kyluat.DeadlinePolicy(cutoff=None, count_receipt_day=True),
    "Deadline": lambda: kyluat.compute_deadline(date(2025, 12, 31), "3 ngày làm việc"),
    "TraceStep": lambda: kyluat.compute_deadline(date(2026, 3, 3), "5 ngày").trace[1],
    "Regime": lambda: kyluat.regime_on(date(2026, 3, 3)),
    "Source": lambda: kyluat.Source("91/2015/QH13", provision="Điều 147"),
    "SlaClock": _clock,
    "SlaClock paused": lambda: SlaClock.start(_at(2026, 3, 3, 9), "8 giờ làm việc").pause(
        _at(2026, 3, 3, 10), reason="supplement_request"
    ),
    "ClockEvent": lambda: _clock().events[1],
    "Process": lambda: kyluat.Process(
        "Cấp phép",
        Duration.working_days(5),
        [kyluat.Step("Thẩm định", "Phòng A", Duration.working_days(3))],
    ),
    "Dossier": _dossier,
    "Task": _task,
    "AuditEntry": lambda: _dossier().log[1],
    "Actor": lambda: Actor(id="nv-7", role="one_stop_desk", unit="Bộ phận một cửa"),
    "PermissionPolicy": lambda: kyluat.DEFAULT_DOSSIER_PERMISSIONS,
    "CheckReport": lambda: _check_results()[0],
    "RowResult ok": lambda: _check_results()[1],
    "RowResult mismatched": lambda: _check_results()[2],
    "RowResult erroneous": lambda: _check_results()[3],
    "DuplicateId": lambda: _duplicate(),
    "Rating": lambda: _ratings()[0],
    "Rating disbursement": lambda: _ratings()[1],
}


def _build(name: str) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", kyluat.ProvisionalDataWarning)
        return BUILDERS[name]()


@pytest.fixture(params=sorted(BUILDERS))
def value(request: pytest.FixtureRequest) -> object:
    return _build(request.param)


def test_pickle_gives_an_equal_value(value: object) -> None:
    again = pickle.loads(pickle.dumps(value))
    assert type(again) is type(value)
    assert again == value
    assert hash(again) == hash(value)


def test_copy_and_deepcopy_give_an_equal_value(value: object) -> None:
    assert copy.copy(value) == value
    assert copy.deepcopy(value) == value
    assert hash(copy.deepcopy(value)) == hash(value)


def test_building_twice_gives_equal_values_with_equal_hashes() -> None:
    for name in BUILDERS:
        first, second = _build(name), _build(name)
        assert first == second, name
        assert hash(first) == hash(second), name


def test_mutation_is_refused(value: object) -> None:
    names = list(getattr(type(value), "_fields", ())) or list(
        getattr(type(value), "model_fields", {})
    )
    assert names, f"{type(value).__name__} declares no fields"
    before = pickle.dumps(value)
    for name in names:
        with pytest.raises((AttributeError, TypeError, ValueError)):
            setattr(value, name, None)
    with pytest.raises((AttributeError, TypeError, ValueError)):
        value.brand_new_attribute = 1  # type: ignore[attr-defined]
    assert pickle.loads(before) == value


def test_repr_is_readable(value: object) -> None:
    text = repr(value)
    assert text.startswith(type(value).__name__), text
    assert " object at 0x" not in text


def test_a_value_is_not_a_tuple(value: object) -> None:
    assert not isinstance(value, tuple)
    fields = getattr(type(value), "_fields", ())
    as_tuple = tuple(getattr(value, n) for n in fields)
    assert value != as_tuple
    assert value != ()
