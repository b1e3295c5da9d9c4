"""Start-up cost of ``kyluat day 2026-01-02`` against an empty Python process, in one run.

Run: ``python benchmarks/startup_bench.py [--runs 20] [--json]``.

Each command is started ``--runs`` times as a child process (standard output to /dev/null),
alternating between the two so that both see the same machine load; the figures are the mean
and the best wall-clock time of each, and the ratio of the means. The ``day`` command builds the
default calendar, so it imports ``holidays`` (Vietnam's calendar only) and reads it once.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "kyluat day 2026-01-02": [sys.executable, "-m", "kyluat", "day", "2026-01-02"],
}


def _run_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # warm the file cache and the bytecode caches
        _run_once(command)
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            times[name].append(_run_once(command))

    results: dict[str, object] = {"python": sys.version.split()[0], "runs": args.runs}
    for name, found in times.items():
        results[name] = {
            "mean_ms": round(statistics.fmean(found) * 1e3, 1),
            "best_ms": round(min(found) * 1e3, 1),
        }
    ratio = statistics.fmean(times["kyluat day 2026-01-02"]) / statistics.fmean(
        times["python -c pass"]
    )
    results["ratio_of_means"] = round(ratio, 2)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"Python {results['python']}, {args.runs} runs each")
    for name in COMMANDS:
        r = results[name]
        assert isinstance(r, dict)
        print(f"{name:<24} mean {r['mean_ms']:>6} ms, best {r['best_ms']:>6} ms")
    print(f"ratio kyluat day / python -c pass (means): {results['ratio_of_means']}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
