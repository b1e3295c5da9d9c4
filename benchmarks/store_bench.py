"""Concurrent writers on `kyluat.store`: throughput, latency and conflicts, with no lost update.

Run: ``python benchmarks/store_bench.py [--saves 4000] [--dossiers 100] [--processes 8]
[--url postgresql+psycopg://...] [--backends postgresql,sqlite] [--json]``.

Each backend gets ``--dossiers`` dossiers in processing (3 entries each). Then ``--processes``
processes (``spawn``), each with its own ``Store``, wait on a barrier and share ``--saves``
successful saves out between them. Each loops: pick a dossier at random, ``get`` it, fire one
transition that keeps it open (a hand-over to another officer; every third step a supplement
request, which the next step answers with the resubmission: so the clock pauses and resumes
too), ``save`` it; on `ConcurrencyError` it reads the same dossier again and retries (a
conflict). The clock runs from the barrier to the last process's report.

Figures per backend: saves per second; p50 and p99 of a successful update, in ms, from its
first read to its save, retries included (``update``) and of its last attempt alone
(``attempt``); conflicts; and the checks: the entries over all dossiers are the initial ones
plus the successful saves, each process signed exactly the entries it saved, and every chain
verifies (`Store.verify` is ``None``). A check that fails makes the script exit with 1.

``get`` raising `DataError` on an intact log is counted apart (``false_broken_reads``) and
retried like a conflict: on PostgreSQL a read that a save commits into the middle of sees the
head before the save and the entries after it (a bug of the store, see
tests/store/test_store_race.py). It is not a lost update: the final checks read a quiet
database.

PostgreSQL: ``--url`` (a database the script may create its tables in; the dossiers' ids are
new each run), or else a server the script starts itself in a temporary folder the way
tests/store/conftest.py does (``initdb``, ``pg_ctl``; as the ``postgres`` user under root) and
stops at the end. SQLite: a file in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kyluat import VIETNAM, Duration
from kyluat.errors import ConcurrencyError, DataError
from kyluat.lifecycle import Actor, Dossier

START = datetime(2026, 3, 3, 8, tzinfo=VIETNAM)
CITIZEN = Actor(id="cd-001", role="applicant", unit="Công dân")
DESK = Actor(id="nv-00", role="one_stop_desk", unit="Bộ phận một cửa")
HEAD = Actor(id="tp-01", role="head", unit="Phòng Quản lý đô thị")
WAIT = 600.0  # seconds a process may wait for the others before the run is given up


def _officer(index: int) -> Actor:
    return Actor(id=f"bench-{index:02d}", role="one_stop_desk", unit="Bộ phận một cửa")


def _step(record: Dossier, actor: Actor) -> Dossier:
    """One transition that keeps the dossier open, a minute after its last entry."""
    at = record.log[-1].at + timedelta(minutes=1)
    if record.state.value == "supplement_requested":
        return record.fire("resubmit", actor=actor, at=at)
    if len(record.log) % 3 == 0:
        return record.fire("request_supplement", actor=actor, at=at, reason="thiếu bản vẽ")
    return record.fire("hand_over", actor=actor, at=at, receiver="cv-12")


def _new_dossier(record_id: str) -> Dossier:
    d = Dossier.submit(
        id=record_id,
        procedure="Cấp giấy phép xây dựng",
        limit=Duration.working_days(10),
        actor=CITIZEN,
        at=START,
    )
    d = d.fire("accept", actor=DESK, at=START + timedelta(minutes=1))
    return d.fire("start_processing", actor=HEAD, at=START + timedelta(minutes=2))


def _worker(
    index: int,
    url: str,
    ids: list[str],
    quota: int,
    seed: int,
    barrier: Any,
    results: Any,
) -> None:
    """One writer process: ``quota`` successful saves on dossiers picked at random."""
    from kyluat.store import Store

    store = Store(url)
    actor = _officer(index)
    pick = random.Random(seed * 1009 + index)
    update_ms: list[float] = []
    attempt_ms: list[float] = []
    conflicts = false_broken = 0
    barrier.wait()
    for _ in range(quota):
        record_id = pick.choice(ids)
        first = time.perf_counter()
        while True:
            began = time.perf_counter()
            try:
                loaded = store.get(record_id, kind=Dossier)
            except DataError:
                false_broken += 1
                continue
            try:
                store.save(_step(loaded, actor), expected=loaded)
            except ConcurrencyError:
                conflicts += 1
                continue
            done = time.perf_counter()
            update_ms.append((done - first) * 1e3)
            attempt_ms.append((done - began) * 1e3)
            break
    store.close()
    results.put(
        {
            "index": index,
            "saves": len(update_ms),
            "conflicts": conflicts,
            "false_broken_reads": false_broken,
            "update_ms": update_ms,
            "attempt_ms": attempt_ms,
        }
    )


def _percentiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p99": round(cuts[98], 2)}


def run(url: str, *, saves: int, dossiers: int, processes: int, seed: int) -> dict[str, Any]:
    """Seed the dossiers, run the writers, check what is stored; the figures."""
    from kyluat.store import Store

    token = uuid.uuid4().hex[:8]
    ids = [f"HS-{token}-{n:03d}" for n in range(dossiers)]
    store = Store(url)  # creates the tables before the writers open the database
    for record_id in ids:
        store.add(_new_dossier(record_id))
    initial = sum(len(store.history(record_id)) for record_id in ids)

    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(processes + 1, timeout=WAIT)
    results = spawn.Queue()
    quotas = [saves // processes + (i < saves % processes) for i in range(processes)]
    children = [
        spawn.Process(target=_worker, args=(i, url, ids, quotas[i], seed, barrier, results))
        for i in range(processes)
    ]
    for child in children:
        child.start()
    barrier.wait()  # every writer has opened its store
    started = time.perf_counter()
    reports = []
    try:
        for _ in children:
            reports.append(results.get(timeout=WAIT))
    except queue.Empty:
        codes = [child.exitcode for child in children]
        raise SystemExit(f"writers did not all report (exit codes {codes})") from None
    elapsed = time.perf_counter() - started
    for child in children:
        child.join(WAIT)

    saved = sum(r["saves"] for r in reports)
    stored = 0
    signed: Counter[str] = Counter()
    broken = []
    for record_id in ids:
        log = store.history(record_id)
        stored += len(log)
        signed.update(entry.actor.id for entry in log)
        if store.verify(record_id) is not None:
            broken.append(record_id)
    store.close()
    each_signed = all(signed[_officer(r["index"]).id] == r["saves"] for r in reports)
    update_ms = [ms for r in reports for ms in r["update_ms"]]
    attempt_ms = [ms for r in reports for ms in r["attempt_ms"]]
    return {
        "saves": saved,
        "seconds": round(elapsed, 2),
        "saves_per_s": round(saved / elapsed, 1),
        "update_ms": _percentiles(update_ms),
        "attempt_ms": _percentiles(attempt_ms),
        "conflicts": sum(r["conflicts"] for r in reports),
        "false_broken_reads": sum(r["false_broken_reads"] for r in reports),
        "initial_entries": initial,
        "stored_entries": stored,
        "lost_updates": initial + saved - stored,
        "each_process_signed_its_saves": each_signed,
        "chains_broken": len(broken),
        "ok": stored == initial + saved == initial + saves and each_signed and not broken,
    }


# --- a temporary PostgreSQL server (as tests/store/conftest.py starts one) -------------------


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """A PostgreSQL server in a temporary folder: its admin URL; stopped and removed after."""
    initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise SystemExit("initdb and pg_ctl not found (apt-get install postgresql), or --url")
    folder = Path(tempfile.mkdtemp(prefix="kyluat-bench-pg-"))
    data, log = folder / "data", folder / "server.log"
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        folder.chmod(0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    try:
        subprocess.run(
            [*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=on"
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        server = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise SystemExit(f"cannot start PostgreSQL: {exc} {server}") from None
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _new_database(admin_url: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('CREATE DATABASE "kyluat_bench"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + "/kyluat_bench"


@contextmanager
def _postgres(url: str | None) -> Iterator[str]:
    """The database ``--url`` names, or a new one on a temporary server."""
    if url:
        yield url
        return
    with temporary_postgres() as admin_url:
        yield _new_database(admin_url)


def _server_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        version = str(connection.execute(text("SHOW server_version")).scalar())
    engine.dispose()
    return version


# --- the command ----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--saves", type=int, default=4000, help="successful saves in all")
    parser.add_argument("--dossiers", type=int, default=100)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--url", help="a PostgreSQL URL (default: start a temporary server)")
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not set(backends) <= {"postgresql", "sqlite"} or args.saves < args.processes:
        parser.error("--backends: postgresql and/or sqlite; --saves at least --processes")
    options = {
        "saves": args.saves,
        "dossiers": args.dossiers,
        "processes": args.processes,
        "seed": args.seed,
    }

    results: dict[str, Any] = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        **options,
    }
    if "postgresql" in backends:
        with _postgres(args.url) as url:
            results["postgresql_version"] = _server_version(url)
            results["postgresql"] = run(url, **options)
    if "sqlite" in backends:
        folder = Path(tempfile.mkdtemp(prefix="kyluat-bench-sqlite-"))
        try:
            results["sqlite"] = run(f"sqlite:///{folder / 'store.db'}", **options)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if "postgresql" in results and "sqlite" in results:
        pg, lite = results["postgresql"], results["sqlite"]
        results["throughput_postgresql_over_sqlite"] = round(
            pg["saves_per_s"] / lite["saves_per_s"], 2
        )
    ok = all(results[b]["ok"] for b in backends)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0 if ok else 1
    print(
        f"Python {results['python']}, {results['cpus']} CPUs: {args.processes} processes, "
        f"{args.dossiers} dossiers, {args.saves} successful saves per backend"
    )
    for backend in backends:
        r = results[backend]
        name = (
            f"PostgreSQL {results['postgresql_version']}" if backend == "postgresql" else "SQLite"
        )
        print(
            f"{name}: {r['saves_per_s']} saves/s ({r['saves']} in {r['seconds']} s); "
            f"update p50 {r['update_ms']['p50']} ms, p99 {r['update_ms']['p99']} ms "
            f"(last attempt p50 {r['attempt_ms']['p50']}, p99 {r['attempt_ms']['p99']}); "
            f"{r['conflicts']} conflicts, {r['false_broken_reads']} false broken-log reads"
        )
        print(
            f"  checks: entries {r['initial_entries']} + {r['saves']} saved = "
            f"{r['stored_entries']} stored ({r['lost_updates']} lost); each process signed its "
            f"saves: {r['each_process_signed_its_saves']}; chains broken: {r['chains_broken']}"
            f" -> {'ok' if r['ok'] else 'FAILED'}"
        )
    if "throughput_postgresql_over_sqlite" in results:
        print(f"throughput PostgreSQL / SQLite: {results['throughput_postgresql_over_sqlite']}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
