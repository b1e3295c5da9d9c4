"""compute_deadline against businesstimedelta, pandas CustomBusinessHour and holidays, one run.

Run: ``python benchmarks/deadline_bench.py [--json]`` (needs ``pip install -e '.[bench]'``).

Per-call times, best of several repeats, on the same receipt moments (random working-day moments
of 2025–2026 on the 07:30–12:00, 13:00–16:30 schedule) and the same weekday holidays:

* working hours, 4 h and 60 h: kyluat vs ``businesstimedelta`` (WorkDayRule + LunchTimeRule +
  HolidayRule) vs pandas ``CustomBusinessHour``;
* working days, 5: kyluat vs ``holidays``' ``get_nth_working_day``;
* the cost of reading the trace (rendering its text) against the computation itself.

The other libraries cannot express make-up Saturdays, so their answers are not compared here;
``calendar_bench.py`` counts such differences.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import warnings
from datetime import date, datetime, time, timedelta

import businesstimedelta
import holidays
import pandas as pd

import kyluat
from _timing import per_call


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # pandas' and others' deprecation chatter

    cal = kyluat.default_calendar()
    hours = kyluat.OfficeHours.parse("07:30-12:00,13:00-16:30")
    rng = random.Random(20261126)
    days = list(cal.working_days(date(2025, 1, 2), date(2026, 10, 30)))
    moments = []
    for _ in range(500):
        d = rng.choice(days)
        minute = rng.choice([*range(7 * 60 + 30, 12 * 60), *range(13 * 60, 16 * 60 + 30)])
        moments.append(datetime(d.year, d.month, d.day, minute // 60, minute % 60))
    aware = [m.replace(tzinfo=kyluat.VIETNAM) for m in moments]
    offs = [
        info.date
        for y in (2025, 2026, 2027)
        for info in cal.year_info(y).days
        if info.date.weekday() < 5 and not info.working
    ]

    weekdays = [0, 1, 2, 3, 4]
    btd_rules = businesstimedelta.Rules(
        [
            businesstimedelta.WorkDayRule(time(7, 30), time(16, 30), working_days=weekdays),
            businesstimedelta.LunchTimeRule(time(12, 0), time(13, 0), working_days=weekdays),
            businesstimedelta.HolidayRule(offs),
        ]
    )
    cbh = pd.offsets.CustomBusinessHour(
        start=["07:30", "13:00"], end=["12:00", "16:30"], holidays=offs
    )
    stamps = [pd.Timestamp(m) for m in moments]
    vn = holidays.VN(years=range(2025, 2028))

    results: dict[str, object] = {
        "python": sys.version.split()[0],
        "businesstimedelta": businesstimedelta.__version__
        if hasattr(businesstimedelta, "__version__")
        else "1.0.1",
        "pandas": pd.__version__,
        "holidays": holidays.__version__,
    }
    for h in (4, 60):
        limit = kyluat.Duration.working_hours(h)
        k = per_call(
            lambda m, limit=limit: kyluat.compute_deadline(m, limit, office_hours=hours),
            [(m,) for m in aware],
            20_000,
        )
        delta = businesstimedelta.BusinessTimeDelta(btd_rules, hours=h)
        b = per_call(lambda m, delta=delta: m + delta, [(m,) for m in moments], 1_000)
        offset = h * cbh
        p = per_call(lambda s, offset=offset: s + offset, [(s,) for s in stamps], 1_000)
        results[f"hours_{h}"] = {
            "kyluat_us": round(k, 2),
            "businesstimedelta_us": round(b, 1),
            "pandas_us": round(p, 1),
            "businesstimedelta_over_kyluat": round(b / k, 1),
            "pandas_over_kyluat": round(p / k, 1),
        }

    limit = kyluat.Duration.working_days(5)
    dates = [m.date() for m in moments]
    k = per_call(lambda d: kyluat.compute_deadline(d, limit), [(d,) for d in dates], 20_000)
    hol = per_call(lambda d: vn.get_nth_working_day(d, 5), [(d,) for d in dates], 2_000)
    results["working_days_5"] = {
        "kyluat_us": round(k, 2),
        "holidays_us": round(hol, 2),
        "holidays_over_kyluat": round(hol / k, 1),
    }

    computed = [kyluat.compute_deadline(m, kyluat.Duration.working_hours(4)) for m in aware]
    render = per_call(lambda d: d.trace, [(d,) for d in computed], 20_000)
    compute = results["hours_4"]["kyluat_us"]  # type: ignore[index]
    results["trace"] = {
        "render_us": round(render, 2),
        "compute_us": compute,
        "render_over_compute": round(render / compute, 2),
    }
    # Sanity: the three agree where make-up Saturdays play no part (a moment in March 2026).
    m = datetime(2026, 3, 6, 15, 0)
    check = {
        "kyluat": kyluat.compute_deadline(
            m.replace(tzinfo=kyluat.VIETNAM), kyluat.Duration.working_hours(4), office_hours=hours
        ).due_at.replace(tzinfo=None),
        "businesstimedelta": (m + businesstimedelta.BusinessTimeDelta(btd_rules, hours=4)).replace(
            tzinfo=None
        ),
        "pandas": (pd.Timestamp(m) + 4 * cbh).to_pydatetime(),
    }
    results["agree_on_2026_03_06_15h_plus_4h"] = len(set(check.values())) == 1
    results["provisional"] = provisional_cost()
    assert check["kyluat"] == datetime(2026, 3, 9, 10, 0), check
    _ = timedelta  # imported for readers adapting the script

    if args.json:
        print(json.dumps(results, indent=2, default=str))
        return 0
    print(f"Python {results['python']}, pandas {results['pandas']}, holidays {results['holidays']}")
    for h in (4, 60):
        r = results[f"hours_{h}"]
        assert isinstance(r, dict)
        print(
            f"{h:>3} working hours: kyluat {r['kyluat_us']} µs, businesstimedelta "
            f"{r['businesstimedelta_us']} µs ({r['businesstimedelta_over_kyluat']}x), pandas "
            f"{r['pandas_us']} µs ({r['pandas_over_kyluat']}x)"
        )
    r = results["working_days_5"]
    assert isinstance(r, dict)
    print(
        f"  5 working days: kyluat {r['kyluat_us']} µs, holidays {r['holidays_us']} µs "
        f"({r['holidays_over_kyluat']}x)"
    )
    t = results["trace"]
    assert isinstance(t, dict)
    print(
        f"trace: rendering {t['render_us']} µs vs computing {t['compute_us']} µs "
        f"(ratio {t['render_over_compute']})"
    )
    agree = results["agree_on_2026_03_06_15h_plus_4h"]
    print(f"all three agree on Fri 06/03/2026 15:00 + 4 h: {agree}")
    print(f"provisional year, 2027 call / 2026 call: {results['provisional']}")
    return 0


def provisional_cost() -> dict[str, float]:
    """A 5-working-day deadline from a 2027 receipt (provisional) over one from 2026, per call.

    ``filtered``: ProvisionalDataWarning ignored; ``unfiltered``: emitted on every call (action
    ``always``) to a ``showwarning`` that drops it, so the warnings machinery runs in full.
    """
    limit = kyluat.Duration.working_days(5)
    d2026 = [(date(2026, 3, d),) for d in range(2, 28)]
    d2027 = [(date(2027, 3, d),) for d in range(2, 28)]

    def call(d: date) -> object:
        return kyluat.compute_deadline(d, limit)

    ratios: dict[str, float] = {}
    for name, action in (("filtered", "ignore"), ("unfiltered", "always")):
        with warnings.catch_warnings():
            warnings.simplefilter(action, kyluat.ProvisionalDataWarning)
            warnings.showwarning = lambda *args, **kwargs: None
            us_2026 = per_call(call, d2026, 50_000)
            us_2027 = per_call(call, d2027, 50_000)
        ratios[f"{name}_2026_us"] = round(us_2026, 2)
        ratios[f"{name}_2027_us"] = round(us_2027, 2)
        ratios[f"{name}_ratio"] = round(us_2027 / us_2026, 2)
    return ratios


if __name__ == "__main__":
    sys.exit(main())
