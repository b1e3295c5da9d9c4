"""Writers racing on one stored record: one saves, the others get ConcurrencyError (issue 14).

Every writer reads the record before any of them saves (a barrier holds them), so the outcome
does not depend on scheduling: exactly one save moves the stored head, the others find it moved,
and the stored log gains exactly the winner's entry. Writers that retry until each has saved a
fixed number of times lose nothing: the log gains one entry per successful save, each signed by
the writer that saved it. The writers are threads sharing one `Store` or with one each (SQLite
and PostgreSQL), and processes with a `Store` each (PostgreSQL).

The last tests are regressions of bugs of ``kyluat.store`` found while writing these (see each
reason); each forces its interleaving with an SQLAlchemy event hook, so it fails every time.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import textwrap
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text

from kyluat import VIETNAM, DataError, Duration
from kyluat.lifecycle import Actor, Dossier
from kyluat.store import ConcurrencyError, Store, StoreUnavailableError

ID = "HS-2026-014"
START = datetime(2026, 3, 3, 8, tzinfo=VIETNAM)
CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-07", role="one_stop_desk", unit="Bộ phận một cửa")
HEAD = Actor(id="tp-01", role="head", unit="Phòng Quản lý đô thị")
WAIT = 60.0  # seconds any one wait may take before the test fails instead of hanging


def desk(n: int) -> Actor:
    """The one-stop desk officer of writer ``n`` (each writer signs its own entries)."""
    return Actor(id=f"nv-{n:02d}", role="one_stop_desk", unit="Bộ phận một cửa")


def accepted() -> Dossier:
    d = Dossier.submit(
        id=ID,
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(10),
        actor=CITIZEN,
        at=START,
    )
    return d.fire("accept", actor=DESK, at=START + timedelta(hours=1))


def processing() -> Dossier:
    return accepted().fire("start_processing", actor=HEAD, at=START + timedelta(hours=2))


def step(record: Dossier, actor: Actor) -> Dossier:
    """One more transition that keeps the dossier open, a minute after its last entry.

    Processing: a hand-over to another officer, every third step a supplement request (the
    clock pauses); a supplement requested: the resubmission (the clock resumes). The desk may
    fire all three, as often as it likes.
    """
    at = record.log[-1].at + timedelta(minutes=1)
    if record.state.value == "supplement_requested":
        return record.fire("resubmit", actor=actor, at=at)
    if len(record.log) % 3 == 0:
        return record.fire("request_supplement", actor=actor, at=at, reason="thiếu bản vẽ")
    return record.fire("hand_over", actor=actor, at=at, receiver="cv-12")


@pytest.fixture
def open_store() -> Iterator[Callable[..., Store]]:
    """Open stores that are all closed after the test, passed or failed (no connection leaks
    into the next test as a ResourceWarning)."""
    opened: list[Store] = []

    def open_(source: str | Engine) -> Store:
        store = Store(source)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()


def signers(store: Store) -> Counter[str]:
    return Counter(entry.actor.id for entry in store.history(ID))


# --- one read, one save each ----------------------------------------------------------------


@pytest.mark.parametrize("sharing", ["one store", "a store each"])
def test_threads_saving_what_they_all_read_one_wins(store_url, open_store, sharing):
    n = 16
    store = open_store(store_url)
    store.add(accepted())
    before = len(store.history(ID))
    stores = [store] * n if sharing == "one store" else [open_store(store_url) for _ in range(n)]
    barrier = threading.Barrier(n, timeout=WAIT)

    def writer(i: int) -> str:
        loaded = stores[i].get(ID, kind=Dossier)
        barrier.wait()  # every writer has read the same head before any saves
        new = loaded.fire("request_supplement", actor=desk(i), at=START + timedelta(hours=3))
        try:
            stores[i].save(new, expected=loaded)
        except ConcurrencyError:
            return "conflict"
        return f"saved by {desk(i).id}"

    with ThreadPoolExecutor(max_workers=n) as pool:
        outcomes = Counter(pool.map(writer, range(n)))

    assert outcomes["conflict"] == n - 1
    [(won, count)] = [(o, c) for o, c in outcomes.items() if o != "conflict"]
    assert count == 1
    assert store.verify(ID) is None
    log = store.history(ID)
    assert len(log) == before + 1
    assert f"saved by {log[-1].actor.id}" == won
    assert store.get(ID, kind=Dossier).state.value == "supplement_requested"


def test_threads_retrying_on_sqlite_lose_no_save(tmp_path, open_store):
    # SQLite only: the retrying writers are the point here, not the backend.
    threads, saves = 8, 12
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(url)
    store.add(processing())
    before = len(store.history(ID))
    barrier = threading.Barrier(threads, timeout=WAIT)

    def writer(i: int) -> tuple[int, int]:
        saved = conflicts = 0
        barrier.wait()
        while saved < saves:
            loaded = store.get(ID, kind=Dossier)
            try:
                store.save(step(loaded, desk(i)), expected=loaded)
            except ConcurrencyError:
                conflicts += 1
                assert conflicts < 100 * saves, "no progress"
                continue
            saved += 1
        return saved, conflicts

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(writer, range(threads)))

    assert [saved for saved, _ in results] == [saves] * threads
    assert store.verify(ID) is None
    assert len(store.history(ID)) == before + threads * saves
    assert signers(store) - Counter({CITIZEN.id: 1, DESK.id: 1, HEAD.id: 1}) == Counter(
        {desk(i).id: saves for i in range(threads)}
    )
    store.get(ID, kind=Dossier)  # replays: every stored step was allowed where it stands


# Run in each child process by exec() (a spawned child cannot import this test module when
# pytest runs from another folder): it opens its own store, reads the dossier, waits for every
# sibling to have read it too, then saves.
CHILD = textwrap.dedent(
    """
    from datetime import timedelta

    from kyluat.lifecycle import Actor, Dossier
    from kyluat.store import ConcurrencyError, Store

    store = Store(url)
    loaded = store.get(record_id, kind=Dossier)
    actor = Actor(id=f"nv-{index:02d}", role="one_stop_desk", unit="Bộ phận một cửa")
    new = loaded.fire("request_supplement", actor=actor, at=at)
    barrier.wait()
    try:
        store.save(new, expected=loaded)
    except ConcurrencyError:
        results.put((index, "conflict"))
    except Exception as exc:
        results.put((index, f"{type(exc).__name__}: {exc}"))
    else:
        results.put((index, "saved"))
    store.close()
    """
)


def test_processes_saving_what_they_all_read_on_postgresql_one_wins(postgres_url, open_store):
    n = 8
    store = open_store(postgres_url)  # creates the tables before the children open the database
    store.add(accepted())
    before = len(store.history(ID))
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(n, timeout=WAIT)
    results = spawn.Queue()
    at = START + timedelta(hours=3)
    children = [
        spawn.Process(
            target=exec,
            args=(
                CHILD,
                {
                    "url": postgres_url,
                    "record_id": ID,
                    "index": i,
                    "at": at,
                    "barrier": barrier,
                    "results": results,
                },
            ),
        )
        for i in range(n)
    ]
    for child in children:
        child.start()
    outcomes: dict[int, str] = {}
    try:
        for _ in range(n):
            index, outcome = results.get(timeout=WAIT)
            outcomes[index] = outcome
    except queue.Empty:
        pytest.fail(
            f"children did not all answer: {outcomes}, exit codes {[c.exitcode for c in children]}"
        )
    finally:
        for child in children:
            child.join(timeout=WAIT)
    assert [child.exitcode for child in children] == [0] * n
    assert sorted(outcomes.values()) == ["conflict"] * (n - 1) + ["saved"]
    [winner] = [i for i, outcome in outcomes.items() if outcome == "saved"]
    assert store.verify(ID) is None
    log = store.history(ID)
    assert len(log) == before + 1
    assert log[-1].actor.id == desk(winner).id


# --- bugs found: kyluat.store, owned by another engineer -------------------------------------


def _during_the_head_read(reader: Store, action: Any) -> None:
    """Run ``action`` (in a thread, waited for up to 5 s) once ``reader`` has read a head row
    and before it reads the entries."""

    armed = [True]

    @event.listens_for(reader.engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if armed[0] and "FROM kyluat_records" in statement and "kyluat_entries" not in statement:
            armed[0] = False
            worker = threading.Thread(target=action)
            worker.start()
            worker.join(timeout=5)  # a store that locks the head while reading makes it wait


@pytest.mark.parametrize("reading", ["get", "verify"])
def test_a_read_racing_a_save_on_postgresql_sees_one_version(postgres_url, open_store, reading):
    reader, writer = open_store(postgres_url), open_store(postgres_url)
    old = accepted()
    reader.add(old)
    new = old.fire("request_supplement", actor=DESK, at=START + timedelta(hours=3))
    saved: list[object] = []
    _during_the_head_read(reader, lambda: saved.append(writer.save(new, expected=old)))
    if reading == "get":
        assert reader.get(ID, kind=Dossier) in (old, new)
    else:
        assert reader.verify(ID) is None
    assert saved == [new]


def test_a_read_on_sqlite_does_not_block_a_writer(tmp_path, open_store):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    reader = open_store(url)
    writer = open_store(create_engine(url, connect_args={"timeout": 0.5}))
    old = accepted()
    reader.add(old)
    new = old.fire("request_supplement", actor=DESK, at=START + timedelta(hours=3))
    outcome: list[object] = []

    def save() -> None:
        try:
            outcome.append(writer.save(new, expected=old))
        except StoreUnavailableError as exc:
            outcome.append(exc)

    _during_the_head_read(reader, save)
    assert reader.get(ID, kind=Dossier) == old
    assert outcome == [new]


def _waiting_on_a_lock(engine: Engine) -> bool:
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
        ).scalar()
    return bool(found)


def test_stores_opened_at_once_on_a_new_postgresql_database(postgres_url):
    # Each store gets an engine of the test's own, disposed at the end whatever happens.
    first, second, watcher = (create_engine(postgres_url) for _ in range(3))
    committing, release = threading.Event(), threading.Event()

    @event.listens_for(first, "commit")
    def _hold(_: Any) -> None:
        if not committing.is_set():
            committing.set()
            release.wait(WAIT)  # the first store's migration stays open, its tables created

    opened: dict[str, object] = {}

    def open_store(name: str, engine: Engine) -> None:
        try:
            opened[name] = Store(engine)
        except StoreUnavailableError as exc:
            opened[name] = exc

    threads = [
        threading.Thread(target=open_store, args=("first", first)),
        threading.Thread(target=open_store, args=("second", second)),
    ]
    try:
        threads[0].start()
        assert committing.wait(WAIT)
        threads[1].start()  # finds no tables yet: migrates too, and meets the first's
        deadline = time.monotonic() + WAIT
        while not _waiting_on_a_lock(watcher) and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        release.set()
        for thread in threads:
            thread.join(WAIT)
        for engine in (first, second, watcher):
            engine.dispose()
    assert isinstance(opened["first"], Store)
    assert isinstance(opened["second"], Store), opened["second"]


def test_a_store_that_cannot_open_leaves_no_connection_open(postgres_url):
    Store(postgres_url).close()
    newer = create_engine(postgres_url)
    with newer.begin() as connection:
        connection.execute(text("UPDATE kyluat_schema SET version = 99"))
    newer.dispose()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(DataError, match="newer than this kyluat"):
            Store(postgres_url)
        gc.collect()
    assert [w.message for w in caught if issubclass(w.category, ResourceWarning)] == []
