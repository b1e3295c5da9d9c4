"""``kyluat remind`` on a province's volume of open records: time and whole-tree peak memory.

Run: ``python benchmarks/remind_bench.py [--records 1000000] [--json]`` (Linux: it reads /proc).

N open records (no ``finished_at``) are built like the open work of ``examples/dossiers.csv``:
receipts on the working days of September to November 2026 at office hours, the example's
limits (working days, working hours, same day, calendar days), units and people, each with its
own id and the due date kyluat would record. As of Mon 30/11/2026 09:00 most are overdue and
some are due soon, so nearly every record becomes a reminder: the worst case for memory (the
list is sorted whole, most urgent first).

In the same run, each a child process whose standard output goes to a file:
``kyluat remind FILE --as-of 2026-11-30T09:00 --json`` and its text output, ``kyluat check
FILE --engine row --jobs 1 --json`` (the same reader and row checks, without the reminders),
and ``polars.read_csv`` of the file in this process (best of 3). Ratios are printed against
both. Peak memory is the whole process tree's proportional set size, sampled every 10 ms
(see ``check_bench.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kyluat
from check_bench import polars_read, run_tree

LIMITS = [
    (
        "15 ngày làm việc",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    ),
    ("03 ngày làm việc", "Phòng Kinh tế", "Đăng ký thành lập hộ kinh doanh"),
    ("trong ngày", "Trung tâm Phục vụ hành chính công", "Chứng thực bản sao từ bản chính"),
    ("8 giờ làm việc", "Sở Công Thương", "Cấp giấy chứng nhận xuất xứ hàng hóa"),
    ("01 ngày làm việc", "Văn phòng HĐND và UBND phường", "Đăng ký khai sinh"),
    ("10 ngày làm việc", "Văn phòng đăng ký đất đai", "Cấp đổi giấy chứng nhận quyền sử dụng đất"),
    ("30 ngày", "Thanh tra tỉnh", "Giải quyết khiếu nại lần đầu"),
]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thu Hà"]
AS_OF = "2026-11-30T09:00"


def generate(path: Path, n: int, seed: int = 1130) -> None:
    """Write n open records with the due dates kyluat computes (one deadline per receipt kind)."""
    rng = random.Random(seed)
    days = list(kyluat.default_calendar().working_days(date(2026, 9, 1), date(2026, 11, 30)))
    due: dict[tuple[date, int, str], str] = {}
    with path.open("w", encoding="utf-8") as f:
        f.write("id,received_at,limit,due_date,finished_at,status,unit,procedure,person\n")
        for k in range(n):
            limit, unit, procedure = LIMITS[k % len(LIMITS)]
            day = days[rng.randrange(len(days))]
            minute = 450 + 30 * rng.randrange(18)  # 07:30 … 16:00 in half hours
            key = (day, minute, limit)
            if key not in due:
                moment = datetime(day.year, day.month, day.day, minute // 60, minute % 60,
                                  tzinfo=kyluat.VIETNAM)  # fmt: skip
                due[key] = kyluat.compute_deadline(moment, limit).due_date.isoformat()
            person = PEOPLE[rng.randrange(len(PEOPLE))]
            f.write(
                f"R{k:07d},{day.isoformat()} {minute // 60:02d}:{minute % 60:02d},{limit},"
                f'{due[key]},,,"{unit}","{procedure}",{person}\n'
            )


def run(command: list[str], output: Path) -> dict[str, object]:
    """Run a command: seconds, whole-tree peak (MiB), exit code."""
    seconds, peak, _, code, errors = run_tree(command, output)
    if code not in (0, 1):
        raise SystemExit(f"{command} failed ({code}): {errors.decode()}")
    return {"seconds": round(seconds, 2), "tree_peak_mib": round(peak / 1024, 1), "exit": code}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    kyluat_cmd = [sys.executable, "-m", "kyluat"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "open.csv"
        generate(path, args.records)
        out = Path(folder) / "out"
        remind_json = run([*kyluat_cmd, "remind", str(path), "--as-of", AS_OF, "--json",
                           "--no-progress"], out)  # fmt: skip
        found = json.loads(out.read_text(encoding="utf-8"))
        remind_text = run([*kyluat_cmd, "remind", str(path), "--as-of", AS_OF, "--no-progress"],
                          out)  # fmt: skip
        check = run([*kyluat_cmd, "check", str(path), "--engine", "row", "--jobs", "1", "--json",
                     "--no-progress"], out)  # fmt: skip
        polars_s = polars_read(path)
        result = {
            "records": args.records,
            "file_mib": round(path.stat().st_size / 2**20, 1),
            "remind_json": remind_json,
            "remind_text": remind_text,
            "check_row_engine": check,
            "polars_read_csv_s": None if polars_s is None else round(polars_s, 3),
            "reminders": len(found["items"]),
            "overdue": found["overdue"],
            "escalated": found["escalated"],
            "erroneous": found["erroneous"],
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    r, c = result["remind_json"], result["check_row_engine"]
    print(f"{args.records:,} open records ({result['file_mib']} MiB): "
          f"{result['reminders']:,} reminders, {result['overdue']:,} overdue, "
          f"{result['escalated']:,} escalated")  # fmt: skip
    for name in ("remind_json", "remind_text", "check_row_engine"):
        item = result[name]
        print(f"  {name:<17} {item['seconds']:>7.2f} s  peak {item['tree_peak_mib']:>7.1f} MiB")
    print(f"  remind --json / check --engine row: {r['seconds'] / c['seconds']:.2f}× time, "
          f"{r['tree_peak_mib'] / c['tree_peak_mib']:.2f}× memory")  # fmt: skip
    if polars_s:
        print(
            f"  polars.read_csv {polars_s:.3f} s: remind --json is {r['seconds'] / polars_s:.1f}×"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
