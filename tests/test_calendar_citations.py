"""Each day cites the documents about that day only (issue 17), 24/11 on a weekend, 2027 proposals.

Expected documents per day are taken from the official notices as listed on the docs' "Data
coverage" page (never from kyluat's output): Tết and 2/9 of 2018 by 573/TB-VPCP (14/12/2017);
the 31/12/2018 swap by 6519/VPCP-KGVX and 3238/TB-LĐTBXH; 2021 by 4875/TB-LĐTBXH (11/12/2020);
Tết and 2/9 of 2026 with the 31/08 ↔ 22/08 swap proposed by 8764/BNV-CVL, approved by
9859/VPCP-KGVX (13/10/2025), announced by 9441/TB-BNV; the 02/01 ↔ 10/01/2026 swap only by
12729/VPCP-KGVX; 30/4–1/5/2026 by 3383/BNV-CVL; 24/11 by NQ 28/2026/QH16.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kyluat import DayKind, Decisions, WorkCalendar, load_decisions
from kyluat.datafiles import year_document

BUNDLED = WorkCalendar(decisions=Decisions())
FICTIONAL_2027 = Path(__file__).resolve().parent / "data" / "decisions" / "2027-fictional.json"


def _sources(day: date) -> str:
    return " | ".join(r.source for r in BUNDLED.day_info(day).reasons)


@pytest.mark.parametrize(
    ("day", "cited", "not_cited"),
    [
        (date(2018, 2, 15), ["573/TB-VPCP (14/12/2017)", "Điều 115"], ["6519", "3238"]),
        (date(2018, 9, 3), ["573/TB-VPCP"], ["6519"]),
        (date(2018, 12, 31), ["6519/VPCP-KGVX", "3238/TB-LĐTBXH"], ["573"]),
        (date(2021, 2, 11), ["4875/TB-LĐTBXH (11/12/2020)"], ["chưa xác minh"]),
        (date(2026, 1, 1), ["Điều 112 khoản 1"], ["12729", "9441", "9859"]),
        (date(2026, 1, 2), ["12729/VPCP-KGVX"], ["9441", "9859"]),
        (date(2026, 2, 17), ["9859/VPCP-KGVX (13/10/2025)", "9441/TB-BNV", "8764/BNV-CVL"],
         ["12729"]),
        (date(2026, 4, 30), ["3383/BNV-CVL"], ["12729", "9441"]),
        (date(2026, 4, 27), ["Điều 111 khoản 3"], ["12729", "9441", "3383"]),  # Hùng Kings
        (date(2026, 8, 31), ["9859/VPCP-KGVX", "9441/TB-BNV"], ["chưa xác minh", "12729"]),
        (date(2026, 8, 22), ["9859/VPCP-KGVX"], ["chưa xác minh"]),
        (date(2026, 9, 2), ["9859/VPCP-KGVX", "9441/TB-BNV"], ["12729"]),
        (date(2026, 11, 24), ["28/2026/QH16"], ["12729", "9441", "9859"]),
    ],
)  # fmt: skip
def test_each_day_cites_its_own_documents(day, cited, not_cited):
    text = _sources(day)
    for document in cited:
        assert document in text, (day, document, text)
    for document in not_cited:
        assert document not in text, (day, document, text)


def test_the_year_file_lists_all_the_years_documents():
    sources = " | ".join(year_document(2026, calendar=BUNDLED)["sources"])
    for document in ("9859/VPCP-KGVX", "9441/TB-BNV", "8764/BNV-CVL", "12729/VPCP-KGVX", "3383"):
        assert document in sources


def test_culture_day_on_a_weekend_is_compensated_by_default_and_unverified():
    # Saturday 24/11/2029: the first 24/11 on a weekend; Monday 26/11 is the next working day.
    info = BUNDLED.day_info(date(2029, 11, 26))
    assert info.working is False
    [reason] = [r for r in info.reasons if r.kind is DayKind.COMPENSATORY]
    assert "[unverified]" in reason.source
    assert "28/2026/QH16" in reason.source


def test_culture_day_compensation_is_configurable():
    calendar = WorkCalendar(decisions=Decisions(), culture_day_compensated=False)
    assert calendar.day_info(date(2029, 11, 26)).working is True
    assert calendar.day_info(date(2030, 11, 25)).working is True  # 24/11/2030 is a Sunday
    assert calendar.day_info(date(2029, 9, 4)).working is False  # other compensations stay
    assert calendar != BUNDLED
    with pytest.raises(ValueError, match="True or False"):
        WorkCalendar(culture_day_compensated="no")  # type: ignore[arg-type]


def _proposed(calendar: WorkCalendar, day: date) -> list[str]:
    return [r.name_en for r in calendar.day_info(day).reasons if r.kind is DayKind.PROPOSED]


def test_2027_proposals_are_shown_never_applied():
    # Option 1: Thu 04/02–Wed 10/02/2027; option 2: Fri 05/02–Sun 14/02/2027 (Bộ Nội vụ, 09/2026).
    assert len(_proposed(BUNDLED, date(2027, 2, 4))) == 1  # option 1 only
    assert len(_proposed(BUNDLED, date(2027, 2, 5))) == 2  # both
    friday = BUNDLED.day_info(date(2027, 2, 12))  # option 2 only, a working day meanwhile
    assert friday.working is True
    assert friday.provisional is True
    assert [r.kind for r in friday.reasons] == [DayKind.PROPOSED]
    assert "option 2" in friday.reasons[0].name_en
    assert "not decided" in friday.reasons[0].name_en
    assert "[secondary]" in friday.reasons[0].source
    assert _proposed(BUNDLED, date(2027, 2, 15)) == []
    assert _proposed(BUNDLED, date(2026, 2, 17)) == []


def test_a_decided_2027_drops_the_proposals():
    decided = WorkCalendar(decisions=load_decisions(FICTIONAL_2027))
    assert _proposed(decided, date(2027, 2, 5)) == []
    assert _proposed(decided, date(2027, 2, 12)) == []


def test_proposals_are_not_exported_as_decisions():
    kinds = {d["kind"] for d in year_document(2027, calendar=BUNDLED)["days"]}
    assert "proposed" not in kinds
