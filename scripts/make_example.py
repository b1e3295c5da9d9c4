"""Regenerate examples/dossiers.csv: realistic one-stop records with a few planted mistakes.

Run from the repository root: ``python scripts/make_example.py``. Deterministic (fixed seed).
The planted rows are listed in PLANTED; tests/test_check_example.py expects exactly them.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import kyluat

# Units as they stand after the 2025 reorganisation (NQ 202/2025/QH15: 34 provinces from
# 01/07/2025, two-level local government, no district level): provincial departments and the
# commune/ward level.
PROCEDURES = [
    (
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "15 ngày làm việc",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
    ),
    ("Đăng ký thành lập hộ kinh doanh", "03 ngày làm việc", "Phòng Kinh tế"),
    ("Chứng thực bản sao từ bản chính", "trong ngày", "Trung tâm Phục vụ hành chính công"),
    ("Cấp giấy chứng nhận xuất xứ hàng hóa", "8 giờ làm việc", "Sở Công Thương"),
    ("Đăng ký khai sinh", "01 ngày làm việc", "Văn phòng HĐND và UBND phường"),
    ("Cấp đổi giấy chứng nhận quyền sử dụng đất", "10 ngày làm việc", "Văn phòng đăng ký đất đai"),
    ("Giải quyết khiếu nại lần đầu", "30 ngày", "Thanh tra tỉnh"),
]
PERSONS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thu Hà"]

PLANTED = {
    "HS-2026-0001": "due_date: the 02/01/2026 day off forgotten (08/01 instead of 09/01)",
    "HS-2025-0102": "due_date: the receipt day was counted",
    "HS-2026-0203": "due_date: Tết 16-20/02/2026 not skipped",
    "HS-2025-0304": "due_date: the make-up Saturday 26/04/2025 not counted",
    "HS-2026-0405": "status: marked on time but finished after the deadline",
    "HS-2026-0506": "due_date: the supplement pause was not added",
    "HS-2026-0607": "error: impossible receipt date 30/02/2026",
    "HS-2026-0708": "error: unreadable limit",
    "HS-2026-0809": "error: finished before it was received",
    "HS-2026-0910": "error: negative limit",
}


def main() -> None:
    """Write examples/dossiers.csv."""
    rng = random.Random(2026)
    cal = kyluat.default_calendar()
    days = list(cal.working_days(date(2025, 1, 2), date(2026, 10, 30)))
    rows: list[list[str]] = []
    for k in range(300):
        name, limit, unit = rng.choice(PROCEDURES)
        day = rng.choice(days)
        minute = rng.randrange(7 * 60 + 30, 16 * 60 + 30)
        received = datetime(
            day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=kyluat.VIETNAM
        )
        deadline = kyluat.compute_deadline(received, limit)
        due = deadline.due_date
        finished = max(day, due + timedelta(days=rng.choice([-5, -3, -2, -1, -1, 0, 0, 0, 1, 3])))
        status = {-1: "trước hạn", 0: "đúng hạn", 1: "quá hạn"}[(finished > due) - (finished < due)]
        rows.append(
            [
                f"HS-{day.year}-{k:04d}x",
                received.strftime("%Y-%m-%d %H:%M"),
                limit,
                due.isoformat(),
                finished.isoformat(),
                status,
                unit,
                name,
                rng.choice(PERSONS),
                "",
            ]
        )
    planted = [
        [
            "HS-2026-0001",
            "2025-12-31 09:15",
            "5 ngày làm việc",
            "2026-01-08",
            "2026-01-08",
            "đúng hạn",
        ],
        [
            "HS-2025-0102",
            "2025-03-03 10:00",
            "5 ngày làm việc",
            "2025-03-07",
            "2025-03-07",
            "đúng hạn",
        ],
        [
            "HS-2026-0203",
            "2026-02-11 14:00",
            "5 ngày làm việc",
            "2026-02-18",
            "2026-02-24",
            "quá hạn",
        ],
        [
            "HS-2025-0304",
            "2025-04-24 08:30",
            "2 ngày làm việc",
            "2025-04-28",
            "2025-04-28",
            "đúng hạn",
        ],
        [
            "HS-2026-0405",
            "2026-03-03 09:00",
            "5 ngày làm việc",
            "2026-03-10",
            "2026-03-11",
            "đúng hạn",
        ],
        ["HS-2026-0910", "2026-03-03 09:00", "-3 ngày làm việc", "2026-03-06", "", ""],
        ["HS-2026-0607", "2026-02-30 09:00", "5 ngày làm việc", "2026-03-09", "", ""],
        ["HS-2026-0708", "2026-03-03 09:00", "sớm nhất có thể", "2026-03-06", "", ""],
        [
            "HS-2026-0809",
            "2026-03-10 09:00",
            "5 ngày làm việc",
            "2026-03-17",
            "2026-03-02",
            "trước hạn",
        ],
    ]
    for row in planted:
        rows.append(
            [
                *row,
                "Phòng Kinh tế, Hạ tầng và Đô thị",
                "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                "Lê Minh Châu",
                "",
            ]
        )
    # LAW.md §4 supplement example, recorded without the pause: due 17/03 instead of 20/03.
    rows.append(
        [
            "HS-2026-0506",
            "2026-03-03 08:00",
            "10 ngày làm việc",
            "2026-03-17",
            "2026-03-19",
            "đúng hạn",
            "Văn phòng đăng ký đất đai",
            "Cấp đổi giấy chứng nhận quyền sử dụng đất",
            "Hoàng Thu Hà",
            json.dumps([["2026-03-06", "2026-03-11"]]),
        ]
    )
    # Open work (no finished_at) received in November 2026, for `kyluat remind` and the
    # backlog of `kyluat report --html` (as of 30/11/2026): a separate generator, so the
    # finished records above keep their values and ids.
    open_rng = random.Random(1130)
    november = list(cal.working_days(date(2026, 11, 2), date(2026, 11, 27)))
    for k in range(20):
        name, limit, unit = open_rng.choice(PROCEDURES)
        day = open_rng.choice(november)
        minute = open_rng.randrange(7 * 60 + 30, 16 * 60 + 30)
        received = datetime(
            day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=kyluat.VIETNAM
        )
        due = kyluat.compute_deadline(received, limit).due_date
        rows.append(
            [
                f"HS-2026-{k:04d}x",
                received.strftime("%Y-%m-%d %H:%M"),
                limit,
                due.isoformat(),
                "",
                "",
                unit,
                name,
                open_rng.choice(PERSONS),
                "",
            ]
        )
    # A confirmed objective cause (nguyên nhân khách quan) on a few late records: no delay
    # counts against them in `kyluat report --performance`.
    late = [row for row in rows if row[5] == "quá hạn" and not row[0].startswith("HS-2026-0")]
    for row in late:
        row.append("")
    for row in rows:
        if len(row) == 10:
            row.append("")
    for row in late[::15]:
        row[10] = "có"
    rows.sort(key=lambda r: r[1])
    target = Path(__file__).resolve().parent.parent / "examples" / "dossiers.csv"
    with target.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(
            [
                "id",
                "received_at",
                "limit",
                "due_date",
                "finished_at",
                "status",
                "unit",
                "procedure",
                "person",
                "pauses",
                "objective_cause",
            ]
        )
        for n, row in enumerate(rows):
            if row[0].endswith("x"):
                row[0] = f"HS-{row[1][:4]}-{1000 + n:04d}"
            out.writerow(row)
    print(f"wrote {target} ({len(rows)} records, {len(PLANTED)} planted mistakes)")


if __name__ == "__main__":
    main()
