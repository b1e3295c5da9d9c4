"""``kyluat check`` throughput and memory on generated records.

Run: ``python benchmarks/check_bench.py [--records 1000000] [--json]``.

Generates N realistic records (receipts over 2025–2026, dates and moments, limits in working
days, working hours and calendar days as published, finished dates and statuses, and 100
planted wrong due dates), writes them as CSV, then runs ``kyluat check FILE --json`` in a
child process for N and for N/10 records and reports records per second and the child's peak
memory (resident set): memory that does not grow with N is the constant-memory claim.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
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


def generate(path: Path, n: int, seed: int = 20261126) -> None:
    """Write n records; 1 in 1,000 of the first 100,000 has a wrong due date."""
    rng = random.Random(seed)
    cal = kyluat.default_calendar()
    days = list(cal.working_days(date(2025, 1, 2), date(2026, 10, 30)))
    weighted = [text for text, weight in LIMITS for _ in range(weight)]
    limits = {text: kyluat.Duration.parse(text) for text, _ in LIMITS}
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
            # 100 planted mistakes whatever n, so that memory compares like with like.
            recorded = due if k % 1000 or k >= 100_000 else due - timedelta(days=1)
            out.writerow(
                [
                    f"HS-{k:07d}",
                    received_text,
                    limit,
                    recorded.isoformat(),
                    finished.isoformat(),
                    status,
                    f"Đơn vị {k % 17}",
                ]
            )


def run_check(path: Path) -> tuple[float, int, dict[str, object]]:
    """Seconds, child peak RSS in KiB and the JSON summary of ``kyluat check``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kyluat", "check", str(path), "--json", "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"kyluat check failed: {done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = json.loads(done.stdout)
    return seconds, peak, report["summary"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {"python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as folder:
        # Small first: RUSAGE_CHILDREN keeps the largest child's peak, so the order matters.
        for n in (max(args.records // 10, 1), args.records):
            path = Path(folder) / f"records-{n}.csv"
            t0 = time.perf_counter()
            generate(path, n)
            made = time.perf_counter() - t0
            seconds, peak, summary = run_check(path)
            results[str(n)] = {
                "records": n,
                "generate_s": round(made, 1),
                "check_s": round(seconds, 2),
                "records_per_s": round(n / seconds),
                "peak_rss_mib": round(peak / 1024, 1),
                "summary": summary,
            }
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    print(f"Python {results['python']}")
    for key, value in results.items():
        if key == "python":
            continue
        assert isinstance(value, dict)
        print(
            f"{value['records']:>9,} records: check {value['check_s']} s "
            f"({value['records_per_s']:,} records/s, whole process incl. start-up), "
            f"peak RSS {value['peak_rss_mib']} MiB; {value['summary']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
