"""`kyluat.store.Store` (issue 14): every test on SQLite and on a real PostgreSQL server.

Round trips, saves and their refusals; what `verify` finds when the tables are tampered with
by raw SQL, and what it cannot find (documented limits, asserted as such); HMAC keys; the queries
that chase work, against deadlines worked out by hand from the calendar; bad input and a
database that fails under the store (no driver exception escapes); the schema's version.

Golden deadlines (public-sector calendar 2026, default office hours 07:30-12:00 and 13:00-16:30
in winter, receipt day not counted; see shared/domain/LAW.md §4 and CALENDAR.md):

- 10 working days from Tue 03/03/2026 09:00: Wed 4, Thu 5, Fri 6, Mon 9, Tue 10, Wed 11, Thu 12,
  Fri 13, Mon 16, Tue 17 -> Tue 17/03/2026 16:30.
- 5 working days from Tue 03/03/2026 09:00: Wed 4 ... Tue 10 -> Tue 10/03/2026 16:30.
- 5 working days from Mon 02/03/2026 09:00: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 -> Mon 09/03/2026
  16:30.
- 3 working days from Thu 12/03/2026 09:00: Fri 13, Mon 16, Tue 17 -> Tue 17/03/2026 16:30.
- 10 working days from Tue 03/03/2026, supplement requested Fri 06/03 (3 days used), resubmitted
  Wed 11/03: 7 days left, Thu 12 ... Fri 20 -> Fri 20/03/2026 16:30 (LAW.md §4's example).
- Horizons of ``within``: 2 working days from Mon 16/03/2026 09:00 -> Wed 18/03/2026 16:30;
  1 working day from Fri 13/03/2026 09:00 -> Mon 16/03/2026 16:30; 1 working day from Mon
  16/03/2026 09:00 -> Tue 17/03/2026 16:30 (a deadline equal to the horizon is due within it).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, delete, insert, select, text, update

from kyluat import VIETNAM, Duration
from kyluat.errors import (
    ConcurrencyError,
    DataError,
    InvalidInputError,
    InvalidTransitionError,
    NotFoundError,
    StoreUnavailableError,
)
from kyluat.lifecycle import (
    DEFAULT_DOSSIER_PERMISSIONS,
    GENESIS,
    Actor,
    AuditEntry,
    Dossier,
    PermissionPolicy,
    Task,
)
from kyluat.store import SCHEMA_VERSION, Pending, Store
from kyluat.store._schema import ENTRIES, RECORDS, SCHEMA

CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-07", role="one_stop_desk", unit="Bộ phận một cửa")
SPECIALIST = Actor(id="cv-12", role="specialist", unit="Phòng Quản lý đô thị")
HEAD = Actor(id="tp-01", role="head", unit="Phòng Quản lý đô thị")
ASSIGNER = Actor(id="cvp-1", role="head", unit="Văn phòng UBND")
ASSIGNEE = Actor(id="cv-9", role="assignee", unit="Sở Xây dựng")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def submitted(record_id: str = "HS-1", days: int = 10) -> Dossier:
    return Dossier.submit(
        id=record_id,
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(days),
        actor=CITIZEN,
        at=at(2026, 3, 3, 8),
    )


def accepted(record_id: str = "HS-1", days: int = 10) -> Dossier:
    return submitted(record_id, days).fire("accept", actor=DESK, at=at(2026, 3, 3, 9))


def processing(record_id: str = "HS-1", days: int = 10) -> Dossier:
    return accepted(record_id, days).fire(
        "start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8)
    )


def five_entries(record_id: str = "HS-1") -> Dossier:
    """submit, accept, start_processing, hand_over, hand_over: seqs 0-4."""
    d = processing(record_id)
    d = d.fire("hand_over", actor=SPECIALIST, at=at(2026, 3, 4, 9), receiver="tp-01")
    return d.fire("hand_over", actor=HEAD, at=at(2026, 3, 4, 10), receiver="cv-12")


def assigned(
    record_id: str = "NV-1",
    *,
    lead_unit: str = "Sở Xây dựng",
    responsible: str = "cv-9",
    limit: str = "5 ngày làm việc",
    moment: datetime | None = None,
) -> Task:
    return Task.assign(
        id=record_id,
        title="Báo cáo tình hình giải ngân",
        source_document="KH 5/KH-UBND",
        assigning_unit="Văn phòng UBND",
        lead_unit=lead_unit,
        co_units=["Sở Tài chính"],
        responsible=responsible,
        limit=limit,
        actor=ASSIGNER,
        at=moment or at(2026, 3, 2, 9),
    )


@pytest.fixture
def open_store(store_url: str) -> Iterator[Callable[..., Store]]:
    """Stores on the test's database, all closed after the test."""
    opened: list[Store] = []

    def open_(**options: Any) -> Store:
        store = Store(store_url, **options)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: Callable[..., Store]) -> Store:
    return open_store()


@pytest.fixture
def raw(store_url: str) -> Iterator[Engine]:
    """A plain engine on the same database, for what someone with access to it could do."""
    engine = create_engine(store_url)
    yield engine
    engine.dispose()


def stored_rows(engine: Engine, record_id: str) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(ENTRIES).where(ENTRIES.c.record_id == record_id).order_by(ENTRIES.c.seq)
        ).all()
    return [tuple(row) for row in rows]


# --- add, get, save, fire, history ------------------------------------------------------------


def test_a_dossier_round_trips(store):
    d = five_entries()
    store.add(d)
    assert store.get("HS-1") == d
    assert store.get("HS-1", kind=Dossier) == d
    assert store.history("HS-1") == d.log
    assert store.verify("HS-1") is None


def test_a_task_round_trips(store):
    t = assigned().fire("acknowledge", actor=ASSIGNEE, at=at(2026, 3, 2, 10))
    store.add(t)
    got = store.get("NV-1", kind=Task)
    assert got == t
    assert got.responsible == "cv-9"
    assert store.history("NV-1") == t.log


def test_adding_an_id_already_stored_is_refused_and_writes_nothing(store, raw):
    store.add(accepted())
    before = stored_rows(raw, "HS-1")
    with pytest.raises(InvalidInputError, match="already stored") as caught:
        store.add(processing())
    assert caught.value.field == "id"
    with pytest.raises(InvalidInputError) as caught:
        store.add(assigned("HS-1"))  # another kind, the same id
    assert caught.value.field == "id"
    assert stored_rows(raw, "HS-1") == before


def test_an_unknown_id_is_not_found(store):
    for call in (store.get, store.verify, store.history):
        with pytest.raises(NotFoundError) as caught:
            call("HS-404")
        assert caught.value.field == "id"
        assert isinstance(caught.value, LookupError)
    with pytest.raises(NotFoundError):
        store.fire("HS-404", "accept", actor=DESK, at=at(2026, 3, 3, 9))
    with pytest.raises(NotFoundError):
        store.save(accepted("HS-404"), expected=submitted("HS-404"))


def test_getting_a_record_as_the_other_kind_is_refused(store):
    store.add(accepted())
    store.add(assigned())
    with pytest.raises(InvalidInputError, match="is a dossier, not a task") as caught:
        store.get("HS-1", kind=Task)
    assert caught.value.field == "kind"
    with pytest.raises(InvalidInputError, match="is a task, not a dossier"):
        store.get("NV-1", kind=Dossier)
    with pytest.raises(InvalidInputError, match="is a dossier, not a task"):
        store.fire("HS-1", "acknowledge", kind=Task, actor=ASSIGNEE, at=at(2026, 3, 4, 9))


def test_a_save_appends_only_the_new_entries(store, raw):
    old = accepted()
    store.add(old)
    before = stored_rows(raw, "HS-1")
    new = old.fire("start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8))
    new = new.fire("hand_over", actor=SPECIALIST, at=at(2026, 3, 4, 9), receiver="tp-01")
    assert store.save(new, expected=old) is new
    after = stored_rows(raw, "HS-1")
    assert after[: len(before)] == before  # the stored entries untouched
    assert [row[1] for row in after] == [0, 1, 2, 3]
    assert [AuditEntry.model_validate_json(row[-1]) for row in after[2:]] == list(new.log[2:])
    assert store.get("HS-1") == new
    assert store.verify("HS-1") is None


def test_a_save_from_a_stale_record_is_refused_and_writes_nothing(store, raw):
    old = accepted()
    store.add(old)
    first = store.fire("HS-1", "start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8))
    before = stored_rows(raw, "HS-1")
    late = old.fire("request_supplement", actor=DESK, at=at(2026, 3, 4, 9))
    with pytest.raises(ConcurrencyError, match="saved by another writer") as caught:
        store.save(late, expected=old)
    assert caught.value.field == "expected"
    assert caught.value.code == "concurrent_update"
    assert stored_rows(raw, "HS-1") == before
    assert store.verify("HS-1") is None
    assert store.get("HS-1") == first


def test_a_save_with_nothing_new_still_checks_the_head(store):
    old = accepted()
    store.add(old)
    assert store.save(old, expected=old) is old
    store.fire("HS-1", "start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8))
    with pytest.raises(ConcurrencyError):
        store.save(old, expected=old)  # the caller would otherwise believe it holds the head
    with pytest.raises(NotFoundError):
        store.save(accepted("HS-2"), expected=accepted("HS-2"))


def test_a_save_that_does_not_continue_expected_is_refused(store, raw):
    old = accepted()
    store.add(old)
    before = stored_rows(raw, "HS-1")
    new = old.fire("start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8))
    other = processing("HS-2")
    forked = submitted().fire("refuse", actor=DESK, at=at(2026, 3, 3, 9), reason="thiếu giấy tờ")
    for bad_new, bad_expected in [
        (old, new),  # backwards
        (other, old),  # another id
        (forked, old),  # the same id and length, another log: a fork
        (new.fire("hand_over", actor=SPECIALIST, at=at(2026, 3, 4, 9), receiver="x"), forked),
        (assigned("HS-1"), old),  # another kind
    ]:
        with pytest.raises(InvalidInputError) as caught:
            store.save(bad_new, expected=bad_expected)
        assert caught.value.field == "new"
    with pytest.raises(InvalidInputError, match="Dossier or a Task"):
        store.save(new, expected="HS-1")  # type: ignore[arg-type]
    assert stored_rows(raw, "HS-1") == before


def test_fire_loads_fires_and_saves(store):
    store.add(processing())
    saved = store.fire(
        "HS-1",
        "hand_over",
        actor=SPECIALIST,
        at=at(2026, 3, 4, 9),
        reason="chuyển lãnh đạo",
        reference="Phiếu kiểm soát 01",
        receiver="tp-01",
    )
    assert saved == processing().fire(
        "hand_over",
        actor=SPECIALIST,
        at=at(2026, 3, 4, 9),
        reason="chuyển lãnh đạo",
        reference="Phiếu kiểm soát 01",
        receiver="tp-01",
    )
    assert store.get("HS-1") == saved
    entry = store.history("HS-1")[-1]
    assert (entry.trigger, entry.data, entry.reference) == (
        "hand_over",
        {"receiver": "tp-01"},
        "Phiếu kiểm soát 01",
    )
    store.add(assigned())
    task = store.fire("NV-1", "acknowledge", kind=Task, actor=ASSIGNEE, at=at(2026, 3, 2, 10))
    assert task == assigned().fire("acknowledge", actor=ASSIGNEE, at=at(2026, 3, 2, 10))
    assert store.get("NV-1", kind=Task) == task


def test_a_refused_fire_writes_nothing(store, raw):
    store.add(accepted())
    before = stored_rows(raw, "HS-1")
    with pytest.raises(InvalidTransitionError):
        store.fire("HS-1", "return_result", actor=DESK, at=at(2026, 3, 4, 9))
    assert stored_rows(raw, "HS-1") == before


def test_history_is_the_records_log(store):
    d = five_entries()
    store.add(accepted())
    store.save(d, expected=accepted())
    assert store.history("HS-1") == d.log
    assert all(isinstance(e, AuditEntry) for e in store.history("HS-1"))


LENIENT = PermissionPolicy(  # a specialist may accept too
    roles={**DEFAULT_DOSSIER_PERMISSIONS.roles, "accept": {"one_stop_desk", "specialist"}}
)


def submitted_leniently() -> Dossier:
    return Dossier.submit(
        id="HS-1",
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(10),
        actor=CITIZEN,
        at=at(2026, 3, 3, 8),
        permissions=LENIENT,
    )


def test_a_record_kept_with_other_settings_than_the_stores_is_refused(store, raw):
    # A store with the default policy could not replay a dossier a specialist accepted: get
    # would raise PermissionDeniedError for ever after. Nothing of it is written.
    old = submitted_leniently()
    new = old.fire("accept", actor=SPECIALIST, at=at(2026, 3, 3, 9))
    with pytest.raises(InvalidInputError, match="settings") as caught:
        store.add(new)
    assert caught.value.field == "record"
    assert stored_rows(raw, "HS-1") == []
    store.add(submitted())  # the same first entry, kept with the default policy
    with pytest.raises(InvalidInputError, match="settings") as caught:
        store.save(new, expected=old)
    assert caught.value.field == "new"
    # Fired on a record the store gave out, but carrying the other policy: refused as well,
    # whether the step is one only the other policy allows or one both allow.
    read = store.get("HS-1")
    for actor in (SPECIALIST, DESK):
        foreign = Dossier.replay(read.log, permissions=LENIENT).fire(
            "accept", actor=actor, at=at(2026, 3, 3, 9)
        )
        with pytest.raises(InvalidInputError, match="settings"):
            store.save(foreign, expected=read)
    assert len(stored_rows(raw, "HS-1")) == 1
    accepted_here = read.fire("accept", actor=DESK, at=at(2026, 3, 3, 9))
    assert store.save(accepted_here, expected=read) is accepted_here


def test_a_store_keeps_records_with_its_own_settings(open_store):
    kept = open_store(permissions=LENIENT)
    with pytest.raises(InvalidInputError, match="settings"):
        kept.add(accepted("HS-2"))  # kept with the default policy
    kept.add(submitted_leniently())
    read = kept.get("HS-1")
    assert read == submitted_leniently()
    new = read.fire("accept", actor=SPECIALIST, at=at(2026, 3, 3, 9))
    assert kept.save(new, expected=read) is new
    assert kept.get("HS-1") == new
    # A store with the default policy cannot replay it: a DataError naming the settings.
    plain = open_store()
    with pytest.raises(DataError, match="settings"):
        plain.get("HS-1")
    assert plain.verify("HS-1") is None  # the log itself is intact


# --- verify: tampering with the tables --------------------------------------------------------


def rehashed(log: tuple[AuditEntry, ...], seq: int, **changes: Any) -> list[AuditEntry]:
    """``log`` with entry ``seq`` changed and it and every later entry hashed and chained again:
    what someone with access to the database (but not to the key) can do."""
    out = list(log[:seq])
    previous = log[seq - 1].hash if seq else GENESIS
    for entry in log[seq:]:
        edited = entry.model_copy(
            update={"prev_hash": previous, **(changes if entry.seq == seq else {})}
        )
        edited = edited.model_copy(update={"hash": edited.expected_hash()})
        out.append(edited)
        previous = edited.hash
    return out


def _where(record_id: str, seq: int) -> Any:
    return (ENTRIES.c.record_id == record_id) & (ENTRIES.c.seq == seq)


def edit_reason(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    edited = log[2].model_copy(update={"reason": "đã sửa"})
    connection.execute(
        update(ENTRIES).where(_where("HS-1", 2)).values(entry=edited.model_dump_json())
    )


def edit_and_rehash(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    forged = rehashed(log, 2, reason="đã sửa")
    for entry in forged[2:]:
        connection.execute(
            update(ENTRIES)
            .where(_where("HS-1", entry.seq))
            .values(entry=entry.model_dump_json(), prev_hash=entry.prev_hash, hash=entry.hash)
        )
    connection.execute(
        update(RECORDS).where(RECORDS.c.id == "HS-1").values(head_hash=forged[-1].hash)
    )


def swap_pair(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    for old, new in ((1, -1), (2, 1), (-1, 2)):
        connection.execute(update(ENTRIES).where(_where("HS-1", old)).values(seq=new))


def drop_middle(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    connection.execute(delete(ENTRIES).where(_where("HS-1", 2)))


def truncate(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    connection.execute(delete(ENTRIES).where(ENTRIES.c.record_id == "HS-1", ENTRIES.c.seq >= 3))


def drop_all(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    connection.execute(delete(ENTRIES).where(ENTRIES.c.record_id == "HS-1"))


def corrupt_json(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    connection.execute(update(ENTRIES).where(_where("HS-1", 1)).values(entry='{"seq": 1, "trig'))


def edit_head(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    connection.execute(update(RECORDS).where(RECORDS.c.id == "HS-1").values(head_hash="f" * 64))


def append_past_head(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    # A valid next entry, inserted without moving the head.
    record = Dossier.replay(log).fire("hand_over", actor=HEAD, at=at(2026, 3, 5, 9), receiver="x")
    extra = record.log[-1]
    connection.execute(
        insert(ENTRIES).values(
            record_id="HS-1",
            seq=extra.seq,
            prev_hash=extra.prev_hash,
            hash=extra.hash,
            mac=None,
            entry=extra.model_dump_json(),
        )
    )


def corrupt_then_drop_before(connection: Any, log: tuple[AuditEntry, ...]) -> None:
    # The first bad seq is the dropped one, before the unreadable entry.
    connection.execute(delete(ENTRIES).where(_where("HS-1", 1)))
    connection.execute(update(ENTRIES).where(_where("HS-1", 3)).values(entry="not json"))


# (tampering, first bad seq without a key, with a key)
TAMPERINGS = [
    (edit_reason, 2, 2),
    (edit_and_rehash, None, 2),  # without a key a consistent re-hash is not found: the limit
    (swap_pair, 1, 1),
    (drop_middle, 2, 2),
    (truncate, 3, 3),  # the stored head (seq 4) is the anchor
    (drop_all, 0, 0),
    (corrupt_json, 1, 1),
    (edit_head, 4, 4),
    (append_past_head, 5, 5),
    (corrupt_then_drop_before, 1, 1),
]


@pytest.mark.parametrize("key", [None, "khóa bí mật"], ids=["no key", "key"])
@pytest.mark.parametrize(
    ("tamper", "without_key", "with_key"), TAMPERINGS, ids=[t[0].__name__ for t in TAMPERINGS]
)
def test_verify_finds_the_first_tampered_entry(open_store, raw, key, tamper, without_key, with_key):
    store = open_store(key=key)
    d = five_entries()
    store.add(d)
    store.add(five_entries("HS-2"))  # a neighbour, untouched
    assert store.verify("HS-1") is None
    with raw.begin() as connection:
        tamper(connection, d.log)
    expected = with_key if key else without_key
    assert store.verify("HS-1") == expected
    assert store.verify("HS-2") is None
    assert store.get("HS-2") == five_entries("HS-2")
    if expected is None:
        assert store.get("HS-1") != d  # the forged log replays: nothing tells it apart
        assert store.get("HS-1").log[2].reason == "đã sửa"
        return
    for read in (store.get, store.history):
        with pytest.raises(DataError, match=rf"broken at entry {expected}$") as caught:
            read("HS-1")
        assert caught.value.field == "log"
    with pytest.raises(DataError, match=rf"broken at entry {expected}$"):
        store.fire("HS-1", "hand_over", actor=HEAD, at=at(2026, 3, 5, 9), receiver="x")


@pytest.mark.parametrize("key", [None, "khóa bí mật"], ids=["no key", "key"])
def test_a_log_cut_together_with_its_head_is_not_found(open_store, raw, key):
    # The known limit (docs/store.md): a log truncated and its head row moved back to the new
    # last entry is a consistent older state of the record; every entry that is left is intact
    # and signed, so neither the chain, the head nor the key tells it apart. Only a copy of the
    # head kept elsewhere (a report, a signed export) does.
    store = open_store(key=key)
    d = five_entries()
    store.add(d)
    with raw.begin() as connection:
        truncate(connection, d.log)
        connection.execute(
            update(RECORDS)
            .where(RECORDS.c.id == "HS-1")
            .values(head_seq=2, head_hash=d.log[2].hash)
        )
    assert store.verify("HS-1") is None
    assert store.get("HS-1") == processing()


# --- HMAC -------------------------------------------------------------------------------------


def test_a_key_signs_every_entry(open_store, raw):
    key = b"\x00secret key bytes"
    store = open_store(key=key)
    d = five_entries()
    store.add(accepted())
    store.save(d, expected=accepted())
    rows = stored_rows(raw, "HS-1")
    assert [row[4] for row in rows] == [
        hmac.new(key, entry.hash.encode(), hashlib.sha256).hexdigest() for entry in d.log
    ]
    assert store.verify("HS-1") is None
    assert store.get("HS-1") == d


def test_text_keys_are_their_utf8_bytes(open_store):
    open_store(key="khóa").add(five_entries())
    assert open_store(key="khóa".encode()).verify("HS-1") is None


def test_another_key_fails_at_the_first_entry(open_store):
    open_store(key="one").add(five_entries())
    other = open_store(key="another")
    assert other.verify("HS-1") == 0
    with pytest.raises(DataError, match=r"broken at entry 0$"):
        other.get("HS-1")


def test_without_a_key_macs_are_ignored_and_none_written(open_store, raw):
    open_store(key="one").add(five_entries())
    plain = open_store()
    assert plain.verify("HS-1") is None
    assert plain.get("HS-1") == five_entries()
    plain.add(five_entries("HS-2"))
    assert [row[4] for row in stored_rows(raw, "HS-2")] == [None] * 5
    # A store with a key refuses entries written without one.
    assert open_store(key="one").verify("HS-2") == 0


def test_a_key_refuses_a_log_continued_without_it(open_store):
    signed = open_store(key="one")
    signed.add(accepted())
    open_store().fire("HS-1", "start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8))
    assert signed.verify("HS-1") == 2


@pytest.mark.parametrize("key", [42, b"", ""])
def test_a_key_must_be_non_empty_bytes_or_text(store_url, key):
    with pytest.raises(InvalidInputError) as caught:
        Store(store_url, key=key)
    assert caught.value.field == "key"


# --- chasing work: due and overdue ------------------------------------------------------------

DUE_17 = at(2026, 3, 17, 16, 30)  # 10 working days from Tue 03/03 09:00; 3 from Thu 12/03
DUE_10 = at(2026, 3, 10, 16, 30)  # 5 working days from Tue 03/03 09:00
DUE_09 = at(2026, 3, 9, 16, 30)  # 5 working days from Mon 02/03 09:00
DUE_20 = at(2026, 3, 20, 16, 30)  # 10 from Tue 03/03, paused Fri 06/03 to Wed 11/03


@pytest.fixture
def desk_of_work(store: Store) -> Store:
    """Dossiers and tasks with different units, persons and deadlines (see the module)."""
    store.add(accepted("HS-A"))  # the desk's, due Tue 17/03 16:30
    store.add(processing("HS-B", days=5))  # the specialist's, due Tue 10/03 16:30
    store.add(  # paused: a supplement requested
        processing("HS-C").fire("request_supplement", actor=SPECIALIST, at=at(2026, 3, 6, 16))
    )
    store.add(  # processed: its clock stopped (not a final state yet)
        processing("HS-D", days=5).fire("finish_processing", actor=HEAD, at=at(2026, 3, 5, 9))
    )
    store.add(  # refused: final
        submitted("HS-E").fire("refuse", actor=DESK, at=at(2026, 3, 3, 9), reason="thiếu")
    )
    store.add(submitted("HS-F"))  # not accepted: no clock yet
    store.add(assigned("NV-1"))  # Sở Xây dựng, cv-9, due Mon 09/03 16:30
    store.add(  # Sở Tài chính, cv-5, due Tue 17/03 16:30 (the same moment as HS-A)
        assigned(
            "NV-2",
            lead_unit="Sở Tài chính",
            responsible="cv-5",
            limit="3 ngày làm việc",
            moment=at(2026, 3, 12, 9),
        )
    )
    store.add(  # cancelled: final
        assigned("NV-3").fire("cancel", actor=ASSIGNER, at=at(2026, 3, 3, 9), reason="trùng")
    )
    return store


def ids(found: tuple[Pending, ...]) -> list[str]:
    return [p.id for p in found]


def test_due_lists_overdue_and_soon_due_most_urgent_first(desk_of_work):
    found = desk_of_work.due(at(2026, 3, 16, 9), within="2 ngày làm việc")  # until Wed 18/03
    assert ids(found) == ["NV-1", "HS-B", "HS-A", "NV-2"]  # a tie goes by id
    assert [p.due_at for p in found] == [DUE_09, DUE_10, DUE_17, DUE_17]
    assert [p.overdue for p in found] == [True, True, False, False]
    assert found[0] == Pending(
        id="NV-1",
        kind="task",
        state="assigned",
        due_at=DUE_09,
        overdue=True,
        unit="Sở Xây dựng",
        person="cv-9",
        procedure="Báo cáo tình hình giải ngân",
    )
    assert found[1] == Pending(
        id="HS-B",
        kind="dossier",
        state="processing",
        due_at=DUE_10,
        overdue=True,
        unit="Phòng Quản lý đô thị",
        person="cv-12",
        procedure="Cấp giấy phép xây dựng",
    )
    assert (found[2].unit, found[2].person, found[2].state) == (
        "Bộ phận một cửa",
        "nv-07",
        "accepted",
    )
    assert all(p.due_at.utcoffset() == timedelta(0) for p in found)  # given in UTC


def test_the_horizon_is_the_deadline_of_the_limit_received_at_as_of(desk_of_work):
    # 1 working day from Mon 16/03 09:00 ends Tue 17/03 16:30: a deadline equal to it is due.
    assert ids(desk_of_work.due(at(2026, 3, 16, 9), within="1 ngày làm việc")) == [
        "NV-1",
        "HS-B",
        "HS-A",
        "NV-2",
    ]
    # 1 working day from Fri 13/03 09:00 ends Mon 16/03 16:30.
    assert ids(desk_of_work.due(at(2026, 3, 13, 9), within=Duration.working_days(1))) == [
        "NV-1",
        "HS-B",
    ]
    # 4 working hours from Tue 17/03 13:00 end at 16:30 and then 08:00 the next day.
    assert ids(desk_of_work.due(at(2026, 3, 17, 13), within=Duration.working_hours(4))) == [
        "NV-1",
        "HS-B",
        "HS-A",
        "NV-2",
    ]
    # Before anything is due: nothing (NV-1 is due Mon 09/03 16:30; 1 day from Fri 06/03
    # 09:00 ends Mon 09/03 16:30 and includes it; from Thu 05/03 it ends Fri 06/03 16:30).
    assert ids(desk_of_work.due(at(2026, 3, 6, 9), within="1 ngày làm việc")) == ["NV-1"]
    assert ids(desk_of_work.due(at(2026, 3, 5, 9), within="1 ngày làm việc")) == []


def test_overdue_lists_only_deadlines_already_passed(desk_of_work):
    assert ids(desk_of_work.overdue(at(2026, 3, 16, 9))) == ["NV-1", "HS-B"]
    assert ids(desk_of_work.due(at(2026, 3, 16, 9))) == ["NV-1", "HS-B"]  # within=None
    # At the deadline itself a record is not overdue yet; a second later it is.
    assert ids(desk_of_work.overdue(DUE_10)) == ["NV-1"]
    assert ids(desk_of_work.overdue(DUE_10 + timedelta(seconds=1))) == ["NV-1", "HS-B"]
    assert ids(desk_of_work.overdue(at(2026, 3, 9, 9))) == []
    assert all(p.overdue for p in desk_of_work.overdue(at(2026, 3, 18, 9)))


def test_queries_filter_by_unit_and_person(desk_of_work):
    as_of = at(2026, 3, 16, 9)
    within = "2 ngày làm việc"
    assert ids(desk_of_work.due(as_of, within=within, unit="Phòng Quản lý đô thị")) == ["HS-B"]
    assert ids(desk_of_work.due(as_of, within=within, unit="Sở Xây dựng")) == ["NV-1"]
    assert ids(desk_of_work.due(as_of, within=within, person="cv-5")) == ["NV-2"]
    assert ids(desk_of_work.due(as_of, within=within, person="nv-07")) == ["HS-A"]
    assert ids(desk_of_work.due(as_of, within=within, unit="Sở Xây dựng", person="cv-5")) == []
    assert ids(desk_of_work.overdue(as_of, unit="Sở Xây dựng")) == ["NV-1"]
    assert ids(desk_of_work.overdue(as_of, person="cv-12")) == ["HS-B"]
    assert ids(desk_of_work.overdue(as_of, unit="Sở Tài chính")) == []


def test_queries_follow_saves(desk_of_work):
    store = desk_of_work
    as_of, within = at(2026, 3, 19, 9), "2 ngày làm việc"
    assert "HS-C" not in ids(store.due(as_of, within=within))  # paused
    store.fire("HS-C", "resubmit", actor=CITIZEN, at=at(2026, 3, 11, 9))
    [resumed] = [p for p in store.due(as_of, within=within) if p.id == "HS-C"]
    assert (resumed.due_at, resumed.overdue, resumed.state) == (DUE_20, False, "processing")
    assert (resumed.unit, resumed.person) == ("Công dân", "cd-001")
    store.fire("HS-B", "finish_processing", actor=HEAD, at=at(2026, 3, 16, 10))
    assert "HS-B" not in ids(store.overdue(as_of))  # finished: its clock stopped
    store.fire("NV-1", "reassign", actor=ASSIGNER, at=at(2026, 3, 16, 10), responsible="cv-10")
    assert ids(store.overdue(as_of, person="cv-10")) == ["NV-1"]
    assert ids(store.overdue(as_of, person="cv-9")) == []
    store.fire("NV-1", "cancel", actor=ASSIGNER, at=at(2026, 3, 16, 11))
    assert ids(store.overdue(as_of)) == ["HS-A", "NV-2"]


def test_queries_on_an_empty_store(store):
    assert store.due(at(2026, 3, 16, 9), within="2 ngày làm việc") == ()
    assert store.overdue(at(2026, 3, 16, 9)) == ()


# --- bad input --------------------------------------------------------------------------------


def test_a_server_that_cannot_be_reached_is_unavailable():
    with pytest.raises(StoreUnavailableError) as caught:
        Store("postgresql+psycopg://nobody@127.0.0.1:1/nowhere")
    assert caught.value.field == "database"
    assert caught.value.code == "store_unavailable"
    assert isinstance(caught.value, OSError)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_an_sqlite_file_in_a_missing_folder_is_unavailable(tmp_path):
    with pytest.raises(StoreUnavailableError, match="cannot open the database"):
        Store(f"sqlite:///{tmp_path / 'missing' / 'store.db'}")


@pytest.mark.parametrize(
    "url", ["not a url", "", "nosuchdialect://x", "postgresql+psycopg://u@h:port/db", 42, None]
)
def test_what_is_not_a_database_url_is_refused(url):
    with pytest.raises(InvalidInputError) as caught:
        Store(url)
    assert caught.value.field == "url"


@pytest.mark.parametrize("record", ["x", None, 42, five_entries().log])
def test_adding_what_is_not_a_record_is_refused(store, record):
    with pytest.raises(InvalidInputError, match="Dossier or a Task") as caught:
        store.add(record)
    assert caught.value.field == "record"


@pytest.mark.parametrize("record_id", [42, None, "", b"HS-1"])
def test_reading_an_id_that_is_not_text_is_refused(store, record_id):
    for call in (store.get, store.verify, store.history):
        with pytest.raises(InvalidInputError) as caught:
            call(record_id)
        assert caught.value.field == "id"


def test_queries_refuse_naive_moments_and_bad_arguments(store):
    with pytest.raises(InvalidInputError) as caught:
        store.due(datetime(2026, 3, 16, 9))
    assert caught.value.field == "as_of"
    with pytest.raises(InvalidInputError):
        store.overdue(datetime(2026, 3, 16, 9))
    with pytest.raises(InvalidInputError):
        store.due("2026-03-16T09:00+07:00")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as caught:
        store.due(at(2026, 3, 16, 9), within="một lúc nào đó")
    with pytest.raises(InvalidInputError) as caught:
        store.due(at(2026, 3, 16, 9), within=42)  # type: ignore[arg-type]
    for option in ("unit", "person"):
        with pytest.raises(InvalidInputError) as caught:
            store.due(at(2026, 3, 16, 9), **{option: 42})
        assert caught.value.field == option


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (submitted("H" * 201), "id"),
        (submitted("HS-\x00"), "id"),
        (
            Dossier.submit(
                id="HS-1",
                procedure="P" * 1001,
                limit=Duration.working_days(1),
                actor=CITIZEN,
                at=at(2026, 3, 3, 8),
            ),
            "procedure",
        ),
        (
            Dossier.submit(
                id="HS-1",
                procedure="P\x00",
                limit=Duration.working_days(1),
                actor=CITIZEN,
                at=at(2026, 3, 3, 8),
            ),
            "procedure",
        ),
        (
            submitted().fire(
                "accept",
                actor=Actor(id="nv", role="one_stop_desk", unit="U" * 401),
                at=at(2026, 3, 3, 9),
            ),
            "unit",
        ),
        (assigned(responsible="c" * 401), "person"),
    ],
    ids=["long id", "NUL in id", "long procedure", "NUL in procedure", "long unit", "long person"],
)
def test_what_a_column_cannot_hold_is_refused_on_both_backends(store, raw, record, field):
    # PostgreSQL would refuse these (varchar lengths, NUL in text), SQLite would keep them:
    # the store refuses them on both, before writing, naming the field.
    with pytest.raises(InvalidInputError) as caught:
        store.add(record)
    assert caught.value.field == field
    with raw.connect() as connection:
        assert connection.execute(select(RECORDS.c.id)).all() == []


def test_a_long_id_within_the_column_is_kept(store):
    d = submitted("H" * 200)
    store.add(d)
    assert store.get("H" * 200) == d


def test_an_unreadable_entry_is_a_data_error_naming_it(store, raw):
    store.add(five_entries())
    with raw.begin() as connection:
        corrupt_json(connection, ())
    assert store.verify("HS-1") == 1
    with pytest.raises(DataError, match=r"broken at entry 1$"):
        store.get("HS-1")


def test_a_record_of_an_unknown_kind_is_a_data_error(store, raw):
    store.add(accepted())
    with raw.begin() as connection:
        connection.execute(update(RECORDS).values(kind="hồ sơ"))
    with pytest.raises(DataError, match="unknown kind"):
        store.get("HS-1")
    with raw.begin() as connection:
        connection.execute(update(RECORDS).values(kind="task"))
    with pytest.raises(DataError):
        store.get("HS-1")  # a dossier's log does not replay as a task


# --- a database failing under the store: no driver exception escapes ------------------------


def public_calls(store: Store) -> dict[str, Callable[[], object]]:
    old = accepted()
    new = old.fire("start_processing", actor=SPECIALIST, at=at(2026, 3, 4, 8))
    return {
        "add": lambda: store.add(accepted("HS-2")),
        "get": lambda: store.get("HS-1"),
        "get kind": lambda: store.get("HS-1", kind=Dossier),
        "save": lambda: store.save(new, expected=old),
        "save nothing new": lambda: store.save(old, expected=old),
        "fire": lambda: store.fire("HS-1", "refuse", actor=DESK, at=at(2026, 3, 4, 9)),
        "verify": lambda: store.verify("HS-1"),
        "history": lambda: store.history("HS-1"),
        "due": lambda: store.due(at(2026, 3, 16, 9)),
        "due within": lambda: store.due(at(2026, 3, 16, 9), within="2 ngày làm việc"),
        "overdue": lambda: store.overdue(at(2026, 3, 16, 9), unit="x", person="y"),
    }


@pytest.mark.parametrize("tables", ["entries", "both"])
def test_tables_dropped_under_the_store_make_every_call_unavailable(store, raw, tables):
    store.add(accepted())
    with raw.begin() as connection:
        connection.execute(text("DROP TABLE kyluat_entries"))
        if tables == "both":
            connection.execute(text("DROP TABLE kyluat_records"))
    for name, call in public_calls(store).items():
        if tables == "entries" and name in {"due", "due within", "overdue", "save nothing new"}:
            continue  # these read the records table only, which is still there
        with pytest.raises(StoreUnavailableError) as caught:
            call()
        assert caught.value.field == "database", name
        assert caught.value.__cause__ is None, name


def test_a_postgresql_database_gone_makes_every_call_unavailable(postgres_url, postgres_admin_url):
    store = Store(postgres_url)
    try:
        store.add(accepted())
        name = postgres_url.rsplit("/", 1)[1]
        admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
        for label, call in public_calls(store).items():
            with pytest.raises(StoreUnavailableError, match="cannot"):
                call()
            assert label
    finally:
        store.close()


# --- the schema ---------------------------------------------------------------------------------


def versions(engine: Engine) -> tuple[list[int], list[str]]:
    with engine.connect() as connection:
        schema = [row[0] for row in connection.execute(select(SCHEMA.c.version))]
        alembic = [
            row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))
        ]
    return schema, alembic


def test_a_new_database_gets_the_current_schema(store, raw):
    assert versions(raw) == ([SCHEMA_VERSION], ["0001"])


def test_opening_a_database_again_changes_nothing(open_store, raw):
    first = open_store()
    first.add(five_entries())
    rows = stored_rows(raw, "HS-1")
    second = open_store()
    assert versions(raw) == ([SCHEMA_VERSION], ["0001"])
    assert stored_rows(raw, "HS-1") == rows
    assert second.get("HS-1") == five_entries()


def test_a_newer_schema_is_refused(store_url, store, raw):
    with raw.begin() as connection:
        connection.execute(update(SCHEMA).values(version=SCHEMA_VERSION + 1))
    # An engine of the test's own, disposed here: a Store that fails to open does not dispose
    # one given to it (only one it made itself).
    engine = create_engine(store_url)
    try:
        with pytest.raises(DataError, match="newer than this kyluat") as caught:
            Store(engine)
    finally:
        engine.dispose()
    assert caught.value.field == "database"
    assert versions(raw) == ([SCHEMA_VERSION + 1], ["0001"])  # left as it was


def test_a_migration_this_kyluat_does_not_know_is_refused(store_url, store, raw):
    with raw.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine = create_engine(store_url)
    try:
        with pytest.raises(DataError, match="0099") as caught:
            Store(engine)
    finally:
        engine.dispose()
    assert caught.value.field == "database"


def test_a_dossier_handed_over_is_listed_under_its_receiver(store_url):
    # Regression: the person column named the sender of a hand-over, not who holds it now.
    store = Store(store_url)
    dossier = Dossier.submit(
        id="HS-H", procedure="P", limit=Duration.working_days(10), actor=DESK, at=at(2026, 3, 3, 8)
    )
    store.add(dossier)
    store.fire("HS-H", "accept", actor=DESK, at=at(2026, 3, 3, 9))
    store.fire("HS-H", "start_processing", actor=SPECIALIST, at=at(2026, 3, 3, 10))
    store.fire("HS-H", "hand_over", actor=SPECIALIST, at=at(2026, 3, 4, 9), receiver="tp-01")
    late = at(2026, 3, 18, 9)
    assert [p.id for p in store.overdue(late, person="tp-01")] == ["HS-H"]
    assert store.overdue(late, person=SPECIALIST.id) == ()
    store.close()
