"""Published limit texts: the corpus of real texts, the shapes the issue names, bad input."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest

import kyluat
from kyluat import Duration, Unit
from kyluat.errors import AmbiguousLimitError, CompoundLimitError, InvalidInputError, KyluatError
from kyluat.limits import CountedFrom, Exclusion, PublishedLimit, Uncertainty, read_limit

CORPUS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "published_limits.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]


def _limit(unit: str | None, amount: str | None) -> tuple[str | None, Decimal | None]:
    if unit is None:
        return (None, None)
    return (unit, None if unit == "same_day" else Decimal(amount or "0"))


def _read(duration: Duration | None) -> tuple[str | None, Decimal | None]:
    if duration is None:
        return (None, None)
    return (duration.unit.value, None if duration.unit is Unit.SAME_DAY else duration.amount)


def test_the_corpus_is_large_varied_and_verbatim() -> None:
    texts = [row["text"] for row in CORPUS]
    assert len(set(texts)) == len(texts) >= 150
    categories = Counter(row["category"] for row in CORPUS)
    assert categories["compound"] >= 25
    assert categories["same_day"] >= 5
    assert categories["uncertain"] >= 5
    assert categories["single"] >= 100
    assert all(row["source"] for row in CORPUS)


@pytest.mark.parametrize("row", CORPUS, ids=lambda row: row["text"][:50])
def test_every_corpus_text_reads_as_by_hand(row: dict[str, object]) -> None:
    reading = read_limit(str(row["text"]))
    assert _read(reading.duration) == _limit(row["unit"], row["amount"])  # type: ignore[arg-type]
    if row["category"] == "compound":
        assert reading.compound
        expected = [_limit(c["unit"], c["amount"]) for c in row["cases"]]  # type: ignore[attr-defined]
        assert [_read(c.duration) for c in reading.cases] == expected
        assert all(case.condition for case in reading.cases[1:])
    else:
        assert not reading.compound
    assert (reading.uncertain.value if reading.uncertain else None) == row["uncertain"]
    assert (reading.counted_from.value if reading.counted_from else None) == row["counted_from"]
    assert (reading.cutoff.strftime("%H:%M") if reading.cutoff else None) == row["cutoff"]
    assert sorted(e.value for e in reading.excluded) == sorted(row["excluded"])  # type: ignore[arg-type]
    stages = [_limit(s["unit"], s["amount"]) for s in row["stages"]]  # type: ignore[attr-defined]
    assert [_read(s.duration) for s in reading.stages] == stages
    assert reading.trace


def test_single_corpus_texts_read_by_duration_parse() -> None:
    singles = [r for r in CORPUS if r["category"] in ("single", "same_day") and r["unit"]]
    safe = [r for r in singles if r["uncertain"] is None]
    for row in safe:
        assert _read(Duration.parse(row["text"])) == _limit(row["unit"], row["amount"])


@pytest.mark.parametrize(
    ("text", "unit", "amount"),
    [
        # The shapes the issue lists, each as published.
        ("Kể từ ngày nhận đủ hồ sơ hợp lệ: 05 ngày làm việc", "working_days", "5"),
        ("Không quá 10 ngày làm việc kể từ khi nhận được hồ sơ", "working_days", "10"),
        ("Tối đa không quá 20 ngày làm việc", "working_days", "20"),
        ("trong vòng 15 ngày kể từ ngày thụ lý", "days", "15"),
        ("Thời gian giải quyết: 30 ngày", "days", "30"),
        ("Thời hạn giải quyết:15 ngày", "days", "15"),
        ("B. THỜI GIAN GIẢI QUYẾT: 12 ngày làm việc", "working_days", "12"),
        ("- 03 ngày làm việc", "working_days", "3"),
        ("+ 07 ngày làm việc", "working_days", "7"),
        ("-03 ngày làm việc", "working_days", "3"),
        ("( 30 ngày làm việc )", "working_days", "30"),
        ("+ Phòng Kinh tế - Hạ tầng : 10 ngày", "days", "10"),
        ("05 (năm) ngày làm việc", "working_days", "5"),
        ("07 (bảy) ngày làm việc kể từ ngày nhận đủ hồ sơ", "working_days", "7"),
        ("4,5 ngày làm việc", "working_days", "4.5"),
        ("20 Ngày làm việc", "working_days", "20"),
        ("03 ngày, làm việc", "working_days", "3"),
        (
            "Giảm thời gian giải quyết từ 07 ngày làm việc xuống còn 4,5 ngày làm việc",
            "working_days",
            "4.5",
        ),
        ("Mười lăm ngày", "days", "15"),
        ("Hai mươi lăm ngày làm việc", "working_days", "25"),
        ("ba tháng", "months", "3"),
        ("04 giờ làm việc", "working_hours", "4"),
        ("24 hours", "hours", "24"),
    ],
)
def test_decorated_single_limits(text: str, unit: str, amount: str) -> None:
    reading = read_limit(text)
    assert _read(reading.duration) == (unit, Decimal(amount))
    assert not reading.compound
    assert reading.uncertain is None
    if not text.startswith("-0"):  # Duration.parse takes a leading minus for a sign
        assert Duration.parse(text) == reading.duration


def test_starting_events() -> None:
    cases = {
        "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ": CountedFrom.COMPLETE_RECEIPT,
        "15 ngày kể từ ngày thụ lý": CountedFrom.ACCEPTANCE,
        "10 ngày kể từ ngày nhận được đơn": CountedFrom.REQUEST,
        "30 ngày tính từ ngày nhận hồ sơ theo dấu bưu điện": CountedFrom.POSTMARK,
        "30 ngày kể từ thời điểm công bố": CountedFrom.OTHER,
        "30 ngày": None,
    }
    for text, expected in cases.items():
        reading = read_limit(text)
        assert reading.counted_from is expected, text
        assert bool(reading.counted_from_text) is (expected is not None)


def test_same_day_with_a_cutoff() -> None:
    for text in (
        "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong "
        "ngày làm việc tiếp theo",
        "Trong ngày hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu sau 15 giờ",
    ):
        reading = read_limit(text)
        assert reading.duration == Duration.same_day()
        assert reading.cutoff == time(15, 0)
        assert not reading.compound


def test_exclusions_map_to_pause_reasons() -> None:
    reading = read_limit(
        "20 ngày (không kể thời gian giải phóng mặt bằng; không kể thời gian thực hiện nghĩa vụ "
        "tài chính của người sử dụng đất)"
    )
    assert reading.duration == Duration.days(20)
    assert reading.excluded == (Exclusion.LAND_CLEARANCE, Exclusion.FINANCIAL_OBLIGATION)
    assert Exclusion.FINANCIAL_OBLIGATION.value in {r.value for r in kyluat.PauseReason}


def test_compound_limits_list_every_case() -> None:
    reading = read_limit(
        "30 ngày kể từ ngày thụ lý (vụ việc đơn giản); Hoặc 45 ngày kể từ ngày thụ lý (nếu vụ "
        "việc phức tạp)"
    )
    assert [(c.condition, c.duration) for c in reading.cases] == [
        ("vụ việc đơn giản", Duration.days(30)),
        ("nếu vụ việc phức tạp", Duration.days(45)),
    ]
    assert reading.duration == Duration.days(30)
    with pytest.raises(CompoundLimitError) as err:
        Duration.parse(reading.text)
    assert err.value.code == "compound_limit"
    assert err.value.cases == (("vụ việc đơn giản", "30 days"), ("nếu vụ việc phức tạp", "45 days"))
    assert "vụ việc đơn giản: 30 days" in str(err.value)


def test_budgets_per_level_are_stages_of_the_total() -> None:
    reading = read_limit(
        "50 ngày làm việc, cụ thể: Cấp xã: không quá 10 ngày làm việc; Cấp huyện: không quá 15 "
        "ngày làm việc; Cấp tỉnh: không quá 25 ngày làm việc"
    )
    assert reading.duration == Duration.working_days(50)
    assert not reading.compound
    assert [(s.name, s.duration.amount) for s in reading.stages] == [
        ("Cấp xã", 10),
        ("Cấp huyện", 15),
        ("Cấp tỉnh", 25),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("3-5 ngày làm việc", Uncertainty.RANGE),
        ("từ 3 đến 5 ngày làm việc", Uncertainty.RANGE),
        ("5 hoặc 6 ngày", Uncertainty.RANGE),
        ("khoảng 30 ngày", Uncertainty.APPROXIMATE),
        ("Theo quy định", Uncertainty.NO_AMOUNT),
        ("Không quy định", Uncertainty.NO_AMOUNT),
        ("8 Giờ", Uncertainty.BARE_HOURS),
    ],
)
def test_unsafe_readings_are_flagged_and_refused_by_parse(text: str, reason: Uncertainty) -> None:
    assert read_limit(text).uncertain is reason
    with pytest.raises(AmbiguousLimitError) as err:
        Duration.parse(text)
    assert err.value.code == "ambiguous_limit"
    assert err.value.reason == reason.value


def test_bare_hours_are_working_hours_by_default_and_configurable() -> None:
    assert read_limit("8 Giờ").duration == Duration.working_hours(8)
    assert read_limit("8 Giờ", bare_hours=Unit.HOURS).duration == Duration.hours(8)
    with pytest.raises(InvalidInputError):
        read_limit("8 Giờ", bare_hours=Unit.DAYS)


def test_clock_hours_run_through_nights_and_days_off() -> None:
    # Fri 06/03/2026 15:00 + 24 hours = Sat 07/03/2026 15:00 (BLDS 2015 Art. 147(1)).
    received = datetime(2026, 3, 6, 15, 0, tzinfo=kyluat.VIETNAM)
    deadline = kyluat.compute_deadline(received, Duration.hours(24))
    assert deadline.due_at == datetime(2026, 3, 7, 15, 0, tzinfo=kyluat.VIETNAM)
    assert deadline.due_date == date(2026, 3, 7)
    assert "Điều 147 khoản 1" in deadline.trace[-1].source
    with pytest.raises(InvalidInputError):
        kyluat.compute_deadline(date(2026, 3, 6), Duration.hours(24))  # needs the moment
    with pytest.raises(InvalidInputError):
        kyluat.SlaClock.start(received, Duration.hours(24))


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t", "x" * 100_000, "5 ngày " * 20_000, 5, None],
)
def test_bad_input_is_a_clear_kyluat_error(text: object) -> None:
    with pytest.raises(KyluatError) as err:
        read_limit(text)  # type: ignore[arg-type]
    assert err.value.field == "limit"


def test_nfd_text_reads_like_nfc() -> None:
    text = "Không quá 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert read_limit(nfd).duration == read_limit(text).duration == Duration.working_days(5)
    assert read_limit(nfd).counted_from is CountedFrom.COMPLETE_RECEIPT


def test_amounts_too_large_for_any_calendar_are_clear_errors() -> None:
    with pytest.raises(InvalidInputError) as err:
        read_limit("99999999999 ngày làm việc")
    assert err.value.field == "limit"
    assert "largest limit" in err.value.message
    with pytest.raises(kyluat.CoverageError):  # within the bound, beyond the data
        kyluat.compute_deadline(date(2026, 3, 3), "39999 ngày làm việc")
    with pytest.raises(InvalidInputError):
        read_limit("1,5 tháng")  # months are whole


def test_a_reading_is_a_value_with_a_json_form() -> None:
    reading = read_limit("05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ")
    assert isinstance(reading, PublishedLimit)
    assert reading == read_limit(reading.text)
    data = reading.to_dict()
    assert data["duration"] == {
        "unit": "working_days",
        "amount": "5",
        "vi": "5 ngày làm việc",
        "en": "5 working days",
    }
    assert data["counted_from"] == "complete_receipt"
    assert data["compound"] is False
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
