r"""Follow-up to the final result (đôn đốc): what to chase today, whom to tell, how people did.

The directive behind this library asks heads of units to "thường xuyên đôn đốc, đánh giá, kiểm
tra, giám sát đến kết quả cuối cùng" and to name the unit and the person for every task; officials
are rated on it (NĐ 90/2020/NĐ-CP, NĐ 335/2025/NĐ-CP from 01/01/2026). This module turns checked
records into that follow-up:

- [`EscalationPolicy`][kyluat.followup.EscalationPolicy]: when open work is ``due_soon``, when it
  is ``overdue``, when it goes to the head of the unit, and when a person is repeatedly late;
  every default with its source, every one configurable.
- [remind][kyluat.followup.remind]: the open records overdue or due soon at a moment, most
  urgent first, each with its signed working time left and whom to escalate to
  (``kyluat remind``).
- [performance][kyluat.followup.performance]: per person or unit over a period, early / on time
  / late, late without a confirmed objective cause, the "repeatedly late" flag and the
  NĐ 335/2025 progress points those imply: the inputs a head needs for the rating.
- [report_data][kyluat.followup.report_data]: everything the leaders' report shows (figures by a
  key, by unit and by month, the overdue backlog by age, performance), folded in one reading of
  a file; [`ReportData.to_html`][kyluat.followup.ReportData.to_html] writes the page
  (``kyluat report --html``).

Records come as [`RowResult`][kyluat.check.RowResult]s (e.g. from
[iter_results][kyluat.check.iter_results]): the file is read as ``kyluat check`` reads it, and a
row it cannot read is counted as erroneous, never guessed.

References:
    Chỉ thị 02/CT-UBND (Cần Thơ, 2022): đôn đốc đến kết quả cuối cùng; NĐ 118/2025/NĐ-CP with
    TT 03/2025/TT-VPCP form 04 (apology and extension request, sent before the deadline);
    NĐ 61/2018/NĐ-CP Art. 19 (apology and re-appointment slip, before the deadline);
    NĐ 335/2025/NĐ-CP (progress points). See the docs' "Legal basis".

Examples:
    >>> import io
    >>> from datetime import datetime
    >>> from kyluat import VIETNAM
    >>> from kyluat.check import iter_results
    >>> text = (
    ...     "id,received_at,limit,due_date,unit,person\n"
    ...     "A,2026-03-03 09:00,5 ngày làm việc,2026-03-10,Sở A,Lan\n"
    ...     "B,2026-03-05 09:00,5 ngày làm việc,2026-03-12,Sở A,Minh\n"
    ...     "C,2026-03-09 09:00,5 ngày làm việc,2026-03-16,Sở B,Lan\n"
    ... )
    >>> rows = iter_results(io.StringIO(text), file_format="csv")
    >>> found = remind(rows, as_of=datetime(2026, 3, 12, 9, 0, tzinfo=VIETNAM))
    >>> [(r.id, r.level.value, r.escalate_to) for r in found.items]
    [('A', 'overdue', 'Thủ trưởng Sở A'), ('B', 'due_soon', None)]
    >>> found.items[1].remaining  # 09:00-12:00 and 13:00-16:30 of 12/03: 6 h 30 of work left
    datetime.timedelta(seconds=23400)
"""

from __future__ import annotations

from kyluat.followup._performance import (
    Performance,
    PerformanceTable,
    objective_cause,
    performance,
)
from kyluat.followup._policy import (
    DEFAULT_ESCALATION,
    DUE_SOON_SOURCE,
    ESCALATION_SOURCE,
    EscalationPolicy,
    Level,
    load_heads,
)
from kyluat.followup._remind import (
    Reminder,
    ReminderList,
    iso_working_time,
    remind,
    remind_store,
)
from kyluat.followup._report import BACKLOG_BUCKETS, Backlog, ReportData, report_data

__all__ = [
    "BACKLOG_BUCKETS",
    "DEFAULT_ESCALATION",
    "DUE_SOON_SOURCE",
    "ESCALATION_SOURCE",
    "Backlog",
    "EscalationPolicy",
    "Level",
    "Performance",
    "PerformanceTable",
    "Reminder",
    "ReminderList",
    "ReportData",
    "iso_working_time",
    "load_heads",
    "objective_cause",
    "performance",
    "remind",
    "remind_store",
    "report_data",
]
