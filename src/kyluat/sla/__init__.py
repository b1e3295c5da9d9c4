"""SLA clocks (đồng hồ thời hạn): deadlines that pause, resume, restart and are extended.

A dossier's deadline moves while it waits for the applicant; a task's moves when an extension is
approved; a late dossier gets an apology with a new date — the re-appointment slip, or for a
dossier received from 01/07/2025 (NĐ 118/2025/NĐ-CP) the extension request of form 04 — but
still counts as late. An [`SlaClock`][kyluat.SlaClock] tracks all of that in working time. It is
immutable and event-sourced: every event returns a new clock, an invalid event raises a
[`KyluatError`][kyluat.KyluatError] and leaves the clock as it was, and the event list
round-trips through JSON and replays to the same clock.

Three ways of counting, chosen by the limit (each a small object behind the one clock):

* **whole working days** (and same-day limits) count in days: a pause on day P counts P, a
  resumption on day R resumes counting on the next working day (R is not counted, as a receipt
  day is not: BLDS 2015 Art. 147), and the due date moves by the working days in between;
* **working hours and fractions of a day** count in seconds of office time: exactly the paused
  office time is excluded;
* **calendar periods** (days, weeks, months, years) move their last day by the calendar days in
  (P, R], then roll to the next working day (BLDS 2015 Art. 148(5)); they are extended in days.

Examples:
    The supplement example: received Tue 03/03/2026, 10 working days (due Tue 17/03); a
    supplement is requested on Fri 06/03 after 3 days used and supplied Wed 11/03.

    >>> from datetime import date
    >>> from kyluat import Duration
    >>> clock = SlaClock.start(date(2026, 3, 3), Duration.working_days(10))
    >>> clock.due_date
    datetime.date(2026, 3, 17)
    >>> paused = clock.pause(date(2026, 3, 6), reason="supplement_request")
    >>> paused.resume(date(2026, 3, 11)).due_date       # pause and resume
    datetime.date(2026, 3, 20)
    >>> paused.restart(date(2026, 3, 11), reason="resubmitted").due_date  # limit restarts
    datetime.date(2026, 3, 25)

References:
    BLDS 2015 (91/2015/QH13) Art. 147, 148(5), 156; NĐ 61/2018/NĐ-CP and NĐ 118/2025/NĐ-CP
    (supplement requests; apology and re-appointment slip, or apology and extension request,
    TT 03/2025/TT-VPCP Mẫu số 04); docs: explanation/sla-clocks.md.
"""

from __future__ import annotations

from kyluat._outcomes import ClockStatus, Outcome
from kyluat.data.rules import LateNoticeKind
from kyluat.sla._clock import SlaClock
from kyluat.sla._events import ClockEvent, EventKind, PauseReason, Reappointment

__all__ = [
    "ClockEvent",
    "ClockStatus",
    "EventKind",
    "LateNoticeKind",
    "Outcome",
    "PauseReason",
    "Reappointment",
    "SlaClock",
]
