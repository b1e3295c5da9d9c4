"""Reading published limit texts: read_limit against a bare regular expression, and kyluat check
with long published limit texts against the same file with short ones, in one run.

Run: ``python benchmarks/limits_bench.py [--records 200000] [--json]``.

* ``read_limit`` per call on the single-limit texts of the golden corpus
  (``tests/data/published_limits.jsonl``), on its compound texts, and on the common shape
  ("05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"); against ``Duration.parse`` of the clean
  form and a bare ``re.fullmatch`` of "<number> <unit>" (the least a reader must do). Target:
  a typical text in at most 20 µs.
* ``kyluat check`` (one process) on N records (half received on a date, half at a moment within
  office hours) whose ``limit`` column holds long published texts (each reading to 5 working
  days) against the same records with "5 ngày làm việc". Each distinct text is read once, so
  the target is within 10%; reading the larger file with the ``csv`` module is timed too, as
  the part no reader can avoid.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
import time
import warnings
from datetime import date
from pathlib import Path

import kyluat
from _timing import per_call
from kyluat.check import check_file
from kyluat.limits import read_limit

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "published_limits.jsonl"
LONG_TEXTS = [
    "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    "Thời hạn giải quyết: 05 (năm) ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Không quá 05 ngày làm việc, kể từ ngày nhận được hồ sơ đầy đủ, hợp lệ",
    "- 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (không kể thời gian thực hiện nghĩa vụ "
    "tài chính của người sử dụng đất)",
    "Trong thời hạn 05 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ, cơ quan có thẩm quyền "
    "xem xét, giải quyết",
    "B. THỜI GIAN GIẢI QUYẾT: 05 Ngày làm việc",
    "Giảm thời gian giải quyết từ 07 ngày làm việc xuống còn 05 ngày làm việc",
    "( 05 ngày làm việc )",
]
_BARE = re.compile(r"(\d+(?:[.,]\d+)?)\s+(ngày làm việc|giờ làm việc|ngày|tháng)")


def _texts() -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    singles = [r["text"] for r in rows if r["category"] == "single"]
    compounds = [r["text"] for r in rows if r["category"] == "compound"]
    return singles, compounds


def _records(path: Path, n: int, limits: list[str]) -> None:
    rng = random.Random(20261128)
    cal = kyluat.default_calendar()
    days = list(cal.working_days(date(2025, 1, 2), date(2026, 10, 30)))
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "received_at", "limit", "due_date"])
        for k in range(n):
            day = rng.choice(days)
            due = cal.add_working_days(day, 5)
            # Half the receipts with a moment within office hours, as in check_bench.py.
            minute = rng.randrange(7 * 60 + 30, 16 * 60 + 30) if k % 2 else None
            received = day.isoformat() + (
                "" if minute is None else f" {minute // 60:02d}:{minute % 60:02d}"
            )
            out.writerow([f"HS-{k}", received, limits[k % len(limits)], due.isoformat()])


def _check_seconds(path: Path) -> tuple[float, int]:
    best, clean = float("inf"), 0
    for _ in range(3):
        start = time.perf_counter()
        report = check_file(str(path), jobs=1)
        best = min(best, time.perf_counter() - start)
        clean = report.checked - len(report.mismatches) - len(report.errors)
    return best, clean


def _csv_seconds(path: Path) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as f:
            for _row in csv.DictReader(f):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    singles, compounds = _texts()
    common = [(text,) for text in LONG_TEXTS[:3]]
    figures = {
        "read_limit_common_us": per_call(read_limit, common, 20_000),
        "read_limit_corpus_single_us": per_call(read_limit, [(t,) for t in singles], 5_000),
        "read_limit_corpus_compound_us": per_call(read_limit, [(t,) for t in compounds], 2_000),
        "duration_parse_clean_us": per_call(kyluat.Duration.parse, [("05 ngày làm việc",)], 50_000),
        "bare_regex_us": per_call(_BARE.search, [(t,) for t in LONG_TEXTS[:3]], 50_000),
    }
    with tempfile.TemporaryDirectory() as tmp:
        short, long = Path(tmp, "short.csv"), Path(tmp, "long.csv")
        _records(short, args.records, ["5 ngày làm việc"])
        _records(long, args.records, LONG_TEXTS)
        short_s, short_ok = _check_seconds(short)
        long_s, long_ok = _check_seconds(long)
        csv_short, csv_long = _csv_seconds(short), _csv_seconds(long)
    figures |= {
        "records": args.records,
        "check_short_s": round(short_s, 3),
        "check_long_s": round(long_s, 3),
        "check_long_over_short": round(long_s / short_s, 3),
        "clean_rows_short": short_ok,
        "clean_rows_long": long_ok,
        "csv_read_short_s": round(csv_short, 3),
        "csv_read_long_s": round(csv_long, 3),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Python {sys.version.split()[0]}")
    print(
        f"read_limit, common shape: {figures['read_limit_common_us']:.1f} µs "
        f"({figures['read_limit_common_us'] / figures['bare_regex_us']:.1f}x a bare regex "
        f"search, {figures['read_limit_common_us'] / figures['duration_parse_clean_us']:.1f}x "
        "Duration.parse of the clean form); target <= 20 µs"
    )
    print(
        f"read_limit over the corpus: single texts {figures['read_limit_corpus_single_us']:.1f} "
        f"µs, compound texts {figures['read_limit_corpus_compound_us']:.1f} µs"
    )
    print(
        f"kyluat check, {args.records:,} records: short limits {short_s:.2f} s, long published "
        f"limits {long_s:.2f} s (ratio {long_s / short_s:.3f}; target <= 1.10); clean rows "
        f"{short_ok:,} / {long_ok:,}"
    )
    print(
        f"  of which merely reading the CSV: {csv_short:.2f} s / {csv_long:.2f} s (the long file "
        f"is {csv_long / csv_short:.2f}x to read)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
