"""``kyluat check`` throughput and memory: the engines side by side, and against Polars.

Run: ``python benchmarks/check_bench.py [--records 1000000] [--json]`` (Linux: it reads /proc).

**Engines** (issue 13). N records are built from ``examples/dossiers.csv`` (its 330 rows over
and over, each with its own id: the example's mix of limits, moments, pauses, planted mistakes
and unreadable rows). In the same run, each a child process: ``kyluat check FILE`` with the
default engine (the columnar one when its extra is installed) and with ``--engine row --jobs
1``, both with their text output and with ``--json`` to a file, each repeated (``--repeat``, 3)
and the median kept; kyluat's modules are compiled to bytecode first, as an installed wheel has
them. Polars reads the same file (all columns as text) as a whole process, start-up and import
included like ``kyluat check``; and, in a fresh process each, ``polars.read_csv`` and
``kyluat.check.check_file`` are timed as calls (modules imported, kyluat's calendar built by a
check of the first 1,000 records; best of three), and so is ``kyluat.columnar.check_table`` on
the same records already in memory as an Arrow table. Ratios are printed: the default engine
against the row engine, and against Polars (process against process, call against call). The
lines the default engine leaves to the row engine are counted (in a child process, by wrapping
the row engine's reading of a line).

**Memory** (issue 12).

Generates N realistic records (receipts over 2025–2026, dates and moments, limits in working
days, working hours and calendar days as published, finished dates and statuses) as CSV, twice:
*clean* (every recorded due date right) and *mismatched* (every recorded due date one day early:
one mismatch, with its trace, per row). Each file is checked by ``kyluat check FILE --json`` in
a child process, with its standard output going to a file, for N/10 and N records.

Memory is the **whole process tree's** peak: every 10 ms the benchmark lists the child and its
descendants (the worker processes of a large file) from ``/proc/<pid>/task/<pid>/children`` and
adds up their proportional set sizes (``Pss`` of ``/proc/<pid>/smaps_rollup``: pages shared
between the parent and its forked workers are counted once in all, not once per process); the
peak is the largest sum seen. A peak shorter than 10 ms may be missed. For comparison, the
largest single process's peak resident set (``ru_maxrss`` from ``wait4``, what this benchmark
measured before, and what ``resource.getrusage(RUSAGE_CHILDREN)`` gives) is reported too; on
Linux it counts the pages the child shared with this benchmark until it started Python, so the
benchmark keeps no large data itself.
Findings streamed means the mismatched file's tree peak stays within 2× of the clean file's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import kyluat

LIMITS = [
    ("5 ngày làm việc", 3),
    ("05 ngày làm việc", 2),
    ("10 ngày làm việc", 2),
    ("15 ngày làm việc", 1),
    ("20 ngày làm việc", 1),
    ("8 giờ làm việc", 1),
    ("15 ngày", 1),
    ("5 working days", 1),
]

POLL_S = 0.01


def generate(path: Path, n: int, *, mismatched: bool, seed: int = 20261126) -> None:
    """Write n records; with ``mismatched`` every recorded due date is one day early."""
    rng = random.Random(seed)
    cal = kyluat.default_calendar()
    days = list(cal.working_days(date(2025, 1, 2), date(2026, 10, 30)))
    weighted = [text for text, weight in LIMITS for _ in range(weight)]
    limits = {text: kyluat.Duration.parse(text) for text, _ in LIMITS}
    shift = timedelta(days=1 if mismatched else 0)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "received_at", "limit", "due_date", "finished_at", "status", "unit"])
        for k in range(n):
            day = rng.choice(days)
            limit = rng.choice(weighted)
            if limit.startswith("8 giờ") or rng.random() < 0.5:
                minute = rng.randrange(7 * 60 + 30, 16 * 60 + 30)
                received: date | datetime = datetime(
                    day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=kyluat.VIETNAM
                )
                received_text = received.strftime("%Y-%m-%d %H:%M")
            else:
                received = day
                received_text = day.isoformat()
            due = kyluat.compute_deadline(received, limits[limit]).due_date
            finished = max(day, due + timedelta(days=rng.randint(-6, 3)))
            status = "early" if finished < due else "on_time" if finished == due else "late"
            out.writerow(
                [
                    f"HS-{k:07d}",
                    received_text,
                    limit,
                    (due - shift).isoformat(),
                    finished.isoformat(),
                    status,
                    f"Đơn vị {k % 17}",
                ]
            )


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(_children(current))
    return found


def _kib(pid: int) -> int:
    """A process's proportional set size in KiB (its resident set where Pss is not offered)."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue  # gone meanwhile, or no smaps_rollup
    return 0


def example_mix(path: Path, n: int) -> None:
    """Write n records: the rows of examples/dossiers.csv over and over, each with its own id."""
    source = Path(__file__).resolve().parents[1] / "examples" / "dossiers.csv"
    header, *rows = source.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(header + "\n")
        for k in range(n):
            row_id, rest = rows[k % len(rows)].split(",", 1)
            f.write(f"{row_id}-{k // len(rows):05d},{rest}\n")


def run_tree(
    command: list[str], output: Path, *, poll: bool = True
) -> tuple[float, int, int, int, bytes]:
    """Run a command, its standard output to ``output``: seconds, whole-tree peak (KiB, sampled
    every `POLL_S`; 0 without ``poll``, whose reading of ``/proc`` slows the child a little),
    largest process's peak (KiB), exit status, standard error."""
    peak = 0
    start = time.perf_counter()
    with output.open("wb") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        done = threading.Event()

        def watch() -> None:
            nonlocal peak
            while poll and not done.is_set():
                peak = max(peak, sum(_kib(pid) for pid in _tree(child.pid)))
                time.sleep(POLL_S)

        watcher = threading.Thread(target=watch)
        watcher.start()
        assert child.stderr is not None
        errors = child.stderr.read()  # empty unless it fails; read before waiting
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
    return seconds, peak, usage.ru_maxrss, os.waitstatus_to_exitcode(status), errors


def run_check(
    path: Path, folder: Path, *options: str, json_out: bool = True, poll: bool = True
) -> dict[str, object]:
    """Run ``kyluat check PATH``: seconds, peaks (whole tree, largest process), summary."""
    output = folder / "check-output.json"
    command = [sys.executable, "-m", "kyluat", "check", str(path), "--no-progress", *options]
    command += ["--json"] if json_out else []
    seconds, peak, largest, code, errors = run_tree(command, output, poll=poll)
    if code not in (0, 1):
        raise SystemExit(f"kyluat check failed ({code}): {errors.decode()}")
    size = output.stat().st_size
    summary = _summary(output) if json_out else None
    output.unlink()
    return {
        "check_s": round(seconds, 2),
        "tree_peak_mib": round(peak / 1024, 1),
        "largest_process_peak_mib": round(largest / 1024, 1),
        "json_output_mib": round(size / 2**20, 1),
        "summary": summary,
    }


def _summary(output: Path) -> object:
    """The ``summary`` object of a (possibly huge) JSON report, read from its end."""
    with output.open("rb") as f:
        f.seek(max(0, output.stat().st_size - 65_536))
        tail = f.read().decode("utf-8", errors="replace")
    at = tail.rindex('"summary": ') + len('"summary": ')
    value, _ = json.JSONDecoder().raw_decode(tail, at)
    return value


_TIMED = """
import sys, time, warnings
warnings.simplefilter("ignore")
{setup}
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    {call}
    best = min(best, time.perf_counter() - start)
print(best)
"""


def _timed_call(setup: str, call: str) -> float | None:
    """Seconds of the best of three calls in a fresh child process, after ``setup`` (modules
    imported, caches warmed): the same conditions for every library timed this way."""
    code = _TIMED.format(setup=setup, call=call)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        return None  # the library is not installed
    return float(done.stdout.split()[-1])


def polars_read(path: Path) -> float | None:
    """Seconds ``polars.read_csv`` takes to read the file, all columns as text, in process."""
    return _timed_call("import polars", f"polars.read_csv({str(path)!r}, infer_schema=False)")


def polars_process(path: Path) -> float | None:
    """Seconds of a whole process reading the file with Polars (start-up and import included,
    as for ``kyluat check``; best of 3)."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return None
    code = f"import polars; polars.read_csv({str(path)!r}, infer_schema=False)"
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def check_in_process(path: Path) -> float | None:
    """Seconds ``kyluat.check.check_file`` takes on the file in process, its modules imported
    and the calendar built first by a check of its first 1,000 records (as ``polars_read``
    times Polars)."""
    small = path.with_name("warm-up.csv")
    with path.open(encoding="utf-8") as f:
        small.write_text("".join(f.readline() for _ in range(1001)), encoding="utf-8")
    setup = (
        "import kyluat.columnar\nfrom kyluat.check import check_file\n"
        f"check_file({str(small)!r}, engine='columnar')"
    )
    seconds = _timed_call(setup, f"check_file({str(path)!r})")
    small.unlink()
    return seconds


def fallback(path: Path) -> dict[str, object] | None:
    """How many of the file's lines the default engine leaves to the row engine.

    Counted in this process by wrapping the row engine's reading of a line
    (``Parser.record``: a line the kernel leaves, or any line of the rest of a file from a
    block that is not plain, is read by it, then checked row by row).
    """
    import warnings

    try:
        import kyluat.columnar  # noqa: F401
        from kyluat.check import _readers, check_file
    except ImportError:
        return None
    counted = [0]
    setup = _readers.Parser.__init__

    def counting_setup(self: _readers.Parser, *args: object, **kwargs: object) -> None:
        setup(self, *args, **kwargs)  # type: ignore[arg-type]
        record = self.record

        def counting_record(piece: object, line: int) -> object:
            counted[0] += 1
            return record(piece, line)  # type: ignore[arg-type]

        self.record = counting_record  # type: ignore[assignment]

    _readers.Parser.__init__ = counting_setup  # type: ignore[method-assign]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = check_file(str(path))
    finally:
        _readers.Parser.__init__ = setup  # type: ignore[method-assign]
    return {
        "lines_to_row_engine": counted[0],
        "records": report.records,
        "fraction": round(counted[0] / max(report.records, 1), 5),
    }


def in_child(name: str, path: Path) -> object:
    """``name(path)`` of this module, run in a fresh process (this one keeps no large data)."""
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        f"import check_bench; print(json.dumps(check_bench.{name}(__import__('pathlib')"
        f".Path({str(path)!r}))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1]) if done.returncode == 0 else None


def table_throughput(path: Path, records: int) -> dict[str, object] | None:
    """Records per second of ``check_table`` on the file's records already in memory (an
    Arrow table of text columns), in a fresh process like the calls above."""
    setup = f"""
import pyarrow as pa
import pyarrow.csv as pcsv
from kyluat.columnar import check_table
names = open({str(path)!r}, encoding="utf-8").readline().strip().split(",")
table = pcsv.read_csv(
    {str(path)!r},
    convert_options=pcsv.ConvertOptions(
        column_types={{name: pa.string() for name in names}}, strings_can_be_null=False
    ),
)
check_table(table.slice(0, 1000))  # the calendar's indexes, built once
"""
    seconds = _timed_call(setup, "check_table(table)")
    if seconds is None:
        return None
    return {"check_table_s": round(seconds, 3), "records_per_s": round(records / seconds)}


def compile_package() -> None:
    """Compile kyluat's modules to bytecode, as an installed wheel has them.

    An editable install run with ``PYTHONDONTWRITEBYTECODE`` (as on this machine) compiles
    every module of the package again at each start (~60 ms), which no installed copy does.
    """
    import compileall

    compileall.compile_dir(str(Path(kyluat.__file__).parent), quiet=1)


def engines(folder: Path, n: int, repeat: int) -> dict[str, object]:
    """The engines side by side on n records of the example mix (median of ``repeat`` runs)."""
    path = folder / f"example-mix-{n}.csv"
    example_mix(path, n)
    found: dict[str, object] = {
        "records": n,
        "file_mib": round(path.stat().st_size / 2**20, 1),
        "runs_each": repeat,
    }
    for name, options in (("default", ()), ("row", ("--engine", "row", "--jobs", "1"))):
        # timed without watching memory; then once more, watched
        texts = [
            run_check(path, folder, *options, json_out=False, poll=False) for _ in range(repeat)
        ]
        jsons = [run_check(path, folder, *options, poll=False) for _ in range(repeat)]
        json_run = run_check(path, folder, *options)
        found[name] = {
            "text_s": statistics.median(float(run["check_s"]) for run in texts),  # type: ignore[arg-type]
            "json_s": statistics.median(float(run["check_s"]) for run in jsons),  # type: ignore[arg-type]
            "text_runs_s": [run["check_s"] for run in texts],
            "json_runs_s": [run["check_s"] for run in jsons],
            "tree_peak_mib": json_run["tree_peak_mib"],
            "summary": json_run["summary"],
        }
    found["polars_read_csv_s"] = polars_read(path)
    found["polars_process_s"] = polars_process(path)
    found["check_in_process_s"] = check_in_process(path)
    found["fallback"] = in_child("fallback", path)
    found["check_table"] = table_throughput(path, n)
    path.unlink()
    return found


def memory(folder: Path, n: int) -> list[dict[str, object]]:
    """Clean and all-mismatched files, N/10 and N records, default engine, with --json."""
    runs: list[dict[str, object]] = []
    for mismatched in (False, True):
        for size in (max(n // 10, 1), n):
            kind = "mismatched" if mismatched else "clean"
            path = folder / f"records-{kind}-{size}.csv"
            t0 = time.perf_counter()
            generate(path, size, mismatched=mismatched)
            made = time.perf_counter() - t0
            run = run_check(path, folder)
            path.unlink()
            seconds = run["check_s"]
            assert isinstance(seconds, float)
            runs.append(
                {
                    "file": kind,
                    "records": size,
                    "generate_s": round(made, 1),
                    "records_per_s": round(size / seconds),
                    **run,
                }
            )
    return runs


def _ratio(a: object, b: object) -> str:
    if not isinstance(a, float | int) or not isinstance(b, float | int) or not b:
        return "n/a"
    return f"{a / b:.1f}×"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip-memory", action="store_true", help="only the engines")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each engine (median)")
    args = parser.parse_args()
    results: dict[str, object] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    compile_package()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        results["engines"] = engines(folder, args.records, max(args.repeat, 1))
        results["memory"] = [] if args.skip_memory else memory(folder, args.records)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    print(f"Python {results['python']}, {results['cpus']} CPUs")
    found = results["engines"]
    assert isinstance(found, dict)
    default, row = found["default"], found["row"]
    polars_s = found["polars_read_csv_s"]
    polars_process_s = found["polars_process_s"]
    print(
        f"Example mix, {found['records']:,} records ({found['file_mib']} MiB), "
        f"whole process incl. start-up, median of {found['runs_each']} runs each:"
    )
    for label, key in (("text output", "text_s"), ("--json to a file", "json_s")):
        print(
            f"  {label:>17}: default engine {default[key]} s, --engine row --jobs 1 {row[key]} s"
            f" -> default is {_ratio(row[key], default[key])} faster; "
            f"polars.read_csv {polars_s and round(polars_s, 3)} s in process, "
            f"{polars_process_s and round(polars_process_s, 3)} s as a process -> default is "
            f"{_ratio(default[key], polars_s)} / {_ratio(default[key], polars_process_s)} "
            "polars' time"
        )
    in_process = found["check_in_process_s"]
    shown_check = in_process and round(in_process, 3)
    shown_polars = polars_s and round(polars_s, 3)
    print(
        f"  in process (modules imported, calendar built): check_file {shown_check} s, "
        f"polars.read_csv {shown_polars} s -> check is {_ratio(in_process, polars_s)} polars' time"
    )
    print(f"  same summary: {default['summary'] == row['summary']}: {default['summary']}")
    print(f"  left to the row engine by the default engine: {found['fallback']}")
    print(f"  check_table in memory: {found['check_table']}")
    for run in results["memory"]:  # type: ignore[attr-defined]
        print(
            f"{run['file']:>10} {run['records']:>9,} records: {run['check_s']} s "
            f"({run['records_per_s']:,} records/s, whole process incl. start-up); "
            f"peak memory, whole tree {run['tree_peak_mib']} MiB "
            f"(largest process {run['largest_process_peak_mib']} MiB); "
            f"JSON {run['json_output_mib']} MiB; {run['summary']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
