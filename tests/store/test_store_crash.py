"""A writer killed in the middle of its batch of saves (SIGKILL) leaves whole saves only (issue 14).

A child process (``python -c``) opens a `Store` on the test's database and saves transitions on
three dossiers in turn, printing a line after each save; the test reads some lines and kills it
with SIGKILL, either wherever it happens to be, or while one save's transaction is open (an
SQLAlchemy hook on the child's engine announces the commit and waits there). Afterwards every
record verifies, replays, and holds one entry per save the child reported, plus at most the one
in flight: wholly there (committed before the kill, not yet reported) or wholly absent. A kill
before the commit leaves the in-flight save absent, always. The store then takes new saves.

On SQLite the killed child held the write lock and left its write-ahead log behind; on
PostgreSQL its server process must notice the dead connection and roll back. Both backends.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from kyluat import VIETNAM, Duration
from kyluat.lifecycle import Actor, Dossier
from kyluat.store import Store

IDS = ("HS-1", "HS-2", "HS-3")
CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-07", role="one_stop_desk", unit="Bộ phận một cửa")
HEAD = Actor(id="tp-01", role="head", unit="Phòng Quản lý đô thị")
START = datetime(2026, 3, 3, 8, tzinfo=VIETNAM)
WAIT = 60.0  # seconds any one wait may take before the test fails instead of hanging
CHILD_NAME = "kyluat-crash-child"  # the child's sessions on PostgreSQL

# The child: argv = url, ids (comma-separated), the save whose commit it stalls in (0: none).
CHILD = textwrap.dedent(
    """
    import sys
    import time
    from datetime import timedelta

    from sqlalchemy import event

    from kyluat.lifecycle import Actor, Dossier
    from kyluat.store import Store

    url, ids, stall = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
    store = Store(url)
    head = Actor(id="tp-02", role="head", unit="Phòng Quản lý đô thị")
    records = {record_id: store.get(record_id, kind=Dossier) for record_id in ids}
    saves = 0

    @event.listens_for(store.engine, "commit")
    def _commit(connection):
        if stall and saves + 1 == stall:
            print("committing", flush=True)
            time.sleep(600)  # killed here, its transaction open

    while True:
        for record_id in ids:
            old = records[record_id]
            at = old.log[-1].at + timedelta(minutes=1)
            new = old.fire("hand_over", actor=head, at=at, receiver=f"cv-{saves}")
            store.save(new, expected=old)
            records[record_id] = new
            saves += 1
            print(record_id, len(new.log), flush=True)
    """
)


def processing(record_id: str) -> Dossier:
    d = Dossier.submit(
        id=record_id,
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(10),
        actor=CITIZEN,
        at=START,
    )
    d = d.fire("accept", actor=DESK, at=START + timedelta(hours=1))
    return d.fire("start_processing", actor=HEAD, at=START + timedelta(hours=2))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    for record_id in IDS:
        store.add(processing(record_id))
    yield store
    store.close()


def lines_of(child: subprocess.Popen[str]) -> tuple[queue.Queue[str | None], threading.Thread]:
    """The child's output lines as they come (``None`` at its end), read by a thread."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, reader


def child_session_gone(url: str) -> None:
    """PostgreSQL: wait until the killed child's server process has rolled back and ended, so
    what follows sees the final state."""
    engine = create_engine(url)
    try:
        deadline = time.monotonic() + WAIT
        while True:
            with engine.connect() as connection:
                others = connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND application_name = :name"
                    ),
                    {"name": CHILD_NAME},
                ).scalar()
            if not others:
                return
            assert time.monotonic() < deadline, "the killed child's session stays"
            time.sleep(0.02)
    finally:
        engine.dispose()


@pytest.mark.parametrize(("where", "after"), [("anywhere", 60), ("in a commit", 40)])
def test_a_writer_killed_mid_batch_leaves_whole_saves(store_url, store, where, after):
    stall = after + 1 if where == "in a commit" else 0
    postgresql = store_url.startswith("postgresql")
    url = f"{store_url}?application_name={CHILD_NAME}" if postgresql else store_url
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, ",".join(IDS), str(stall)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines, reader = lines_of(child)
    read: list[str] = []
    try:
        while len(read) < after or (stall and read[-1] != "committing"):
            try:
                line = lines.get(timeout=WAIT)
            except queue.Empty:
                pytest.fail(f"the child is silent after {len(read)} lines")
            if line is None:
                child.wait(WAIT)
                assert child.stderr is not None
                pytest.fail(f"the child ended after {len(read)} lines: {child.stderr.read()}")
            read.append(line)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(WAIT) == -signal.SIGKILL
        while (line := lines.get(timeout=WAIT)) is not None:  # what it printed before dying
            read.append(line)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(WAIT)
        reader.join(WAIT)  # it has read to the end: the streams can be closed
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    if postgresql:
        child_session_gone(store_url)

    saves = [line.split() for line in read if line != "committing"]
    reported = Counter(record_id for record_id, _ in saves)
    assert sum(reported.values()) >= after
    in_flight = 0
    for record_id in IDS:
        assert store.verify(record_id) is None
        record = store.get(record_id, kind=Dossier)  # replays
        extra = len(record.log) - len(processing(record_id).log) - reported[record_id]
        assert extra in (0, 1), (record_id, extra)
        in_flight += extra
        lengths = [int(n) for r, n in saves if r == record_id]
        assert lengths == list(range(4, 4 + reported[record_id]))  # each save one entry more
    assert in_flight <= 1  # only one save was in flight when the child died
    if stall:
        assert in_flight == 0  # killed before its commit: the save is wholly absent

    # The store takes new saves where the child left off.
    for record_id in IDS:
        record = store.get(record_id, kind=Dossier)
        at = record.log[-1].at + timedelta(minutes=1)
        store.fire(record_id, "hand_over", actor=HEAD, at=at, receiver="cv-after")
        assert store.verify(record_id) is None
