"""Working-day arithmetic: kyluat against holidays, a bare index and numpy, in one run.

Run: ``python benchmarks/calendar_bench.py [--rows 1000000] [--json]``
(needs ``pip install -e '.[bench]'``).

Prints per-call times of ``add_working_days`` for n = 5 and n = 60 against ``holidays``'
``get_nth_working_day`` and a bare dense cumulative index (the floor for pure Python), then the
time of a million random additions over 2020–2029 with kyluat's vectorised path against
``numpy.busday_offset`` given the same weekday holidays, and how many of numpy's answers are wrong
because it cannot express make-up working Saturdays. Ratios are computed within this run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import warnings
from datetime import date

import holidays
import numpy as np

import kyluat
from _timing import per_call
from kyluat.batch import add_working_days as add_many


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore", kyluat.ProvisionalDataWarning)

    cal = kyluat.default_calendar()
    rng = random.Random(20261126)
    lo, hi = date(2020, 1, 1).toordinal(), date(2029, 10, 31).toordinal()
    decided_hi = date(2026, 10, 31).toordinal()
    starts = [date.fromordinal(rng.randint(lo, decided_hi)) for _ in range(1000)]

    # The bare dense index: cumulative counts by ordinal plus the list of working days.
    first, cumulative = cal.working_day_index()
    base = first.toordinal()
    working = list(cal.working_days(first, date(2030, 12, 31)))

    def bare(d, n):
        return working[cumulative[d.toordinal() - base + 1] + n - 1]

    vn = holidays.VN(years=range(2018, 2031))
    results: dict[str, object] = {
        "python": sys.version.split()[0],
        "holidays": holidays.__version__,
    }
    for n in (5, 60):
        calls = [(d, n) for d in starts]
        t_kyluat = per_call(cal.add_working_days, calls, 20_000, repeat=7)
        t_bare = per_call(bare, calls, 20_000, repeat=7)
        t_holidays = per_call(vn.get_nth_working_day, calls, 2_000, repeat=7)
        results[f"n{n}"] = {
            "kyluat_us": round(t_kyluat, 3),
            "bare_index_us": round(t_bare, 3),
            "holidays_us": round(t_holidays, 2),
            "kyluat_over_bare": round(t_kyluat / t_bare, 2),
            "holidays_over_kyluat": round(t_holidays / t_kyluat, 1),
        }

    # The same call on provisional years (2027-2029) pays for the warning it must emit.
    prov_lo = date(2027, 1, 1).toordinal()
    prov_starts = [date.fromordinal(rng.randint(prov_lo, hi)) for _ in range(1000)]
    t_prov = per_call(cal.add_working_days, [(d, 5) for d in prov_starts], 20_000, repeat=7)
    results["n5_provisional_years"] = {"kyluat_us": round(t_prov, 3)}

    # A million random additions, 2020-2029, n from 1 to 60.
    np_rng = np.random.default_rng(20261126)
    epoch = date(1970, 1, 1).toordinal()
    days = np_rng.integers(lo - epoch, hi - epoch, size=args.rows).astype("datetime64[D]")
    amounts = np_rng.integers(1, 61, size=args.rows)
    weekday_offs = [
        d
        for y in range(2018, 2031)
        for d in (info.date for info in cal.year_info(y).days)
        if d.weekday() < 5 and not cal.day_info(d).working
    ]
    np_holidays = np.array(weekday_offs, dtype="datetime64[D]")
    calendar = np.busdaycalendar(weekmask="1111100", holidays=np_holidays)

    t0 = time.perf_counter()
    add_many(cal, days[:1000], amounts[:1000])  # first use builds the calendar's arrays
    t_first = time.perf_counter() - t0
    t_ours = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        ours = add_many(cal, days, amounts)
        t_ours = min(t_ours, time.perf_counter() - t0)
    t_numpy = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        theirs = np.busday_offset(days, amounts, roll="backward", busdaycal=calendar)
        t_numpy = min(t_numpy, time.perf_counter() - t0)
    sample = rng.sample(range(args.rows), 2000)
    exact = all(
        ours[i].item() == cal.add_working_days(days[i].item(), int(amounts[i])) for i in sample
    )
    wrong = int(np.count_nonzero(ours != theirs))
    results["million"] = {
        "rows": args.rows,
        "kyluat_batch_s": round(t_ours, 4),
        "kyluat_batch_first_use_s": round(t_first, 4),
        "numpy_busday_offset_s": round(t_numpy, 4),
        "numpy_over_kyluat": round(t_numpy / t_ours, 1),
        "numpy_wrong_rows": wrong,
        "numpy_wrong_share": round(wrong / args.rows, 4),
        "kyluat_matches_scalar_path_on_sample": exact,
    }

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"Python {results['python']}, holidays {results['holidays']}")
    print(
        f"{'n':>4} {'kyluat µs':>10} {'bare µs':>9} {'holidays µs':>12} "
        f"{'kyluat/bare':>12} {'holidays/kyluat':>16}"
    )
    for n in (5, 60):
        r = results[f"n{n}"]
        assert isinstance(r, dict)
        print(
            f"{n:>4} {r['kyluat_us']:>10} {r['bare_index_us']:>9} {r['holidays_us']:>12} "
            f"{r['kyluat_over_bare']:>12} {r['holidays_over_kyluat']:>16}"
        )
    p = results["n5_provisional_years"]
    assert isinstance(p, dict)
    print(f"   5 {p['kyluat_us']:>10}  (starts in 2027-2029: includes the provisional warning)")
    m = results["million"]
    assert isinstance(m, dict)
    print(
        f"{m['rows']:,} random additions 2020-2029: kyluat batch {m['kyluat_batch_s']} s, "
        f"(first use, building its arrays: {m['kyluat_batch_first_use_s']} s), "
        f"numpy busday_offset {m['numpy_busday_offset_s']} s "
        f"(numpy/kyluat {m['numpy_over_kyluat']}x); numpy wrong on {m['numpy_wrong_rows']:,} "
        f"rows ({m['numpy_wrong_share']:.2%}); kyluat batch = scalar path on sample: "
        f"{m['kyluat_matches_scalar_path_on_sample']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
