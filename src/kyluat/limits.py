"""Processing limits as public procedure pages publish them (thời hạn giải quyết).

Integrators copy the "Thời hạn giải quyết" field of the national and provincial procedure pages
into their databases. Those texts are rarely just "5 ngày làm việc": the starting event follows
the amount ("… kể từ ngày nhận đủ hồ sơ hợp lệ"), labels and bullets precede it ("Thời hạn giải
quyết:", "- ", "Không quá"), numerals are spelled out ("05 (năm)"), same-day procedures carry a
cut-off ("sau 15 giờ … trả kết quả trong ngày làm việc tiếp theo"), periods are excluded ("không
kể thời gian thực hiện nghĩa vụ tài chính"), and about one text in five holds several cases
("03 ngày làm việc; trường hợp phải xác minh thì … không quá 10 ngày làm việc").

[`read_limit`][kyluat.limits.read_limit] reads such a text into a
[`PublishedLimit`][kyluat.limits.PublishedLimit]: the limit, every case with its condition as
written, the starting event, the cut-off, the excluded periods, per-level budgets, and whether the
reading is unsafe (a range, an approximation, no amount, a bare "giờ"), with a short trace of what
was recognised. It never picks one number out of a compound text as if it were the whole.

Examples:
    >>> limit = read_limit("05 (năm) ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ")
    >>> limit.duration, limit.counted_from.value
    (Duration.working_days(5), 'complete_receipt')
    >>> same_day = read_limit("Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ "
    ...                       "thì trả kết quả trong ngày làm việc tiếp theo")
    >>> same_day.duration, same_day.cutoff
    (Duration.same_day(), datetime.time(15, 0))
    >>> compound = read_limit("03 ngày làm việc; trường hợp phải xác minh thì thời hạn giải "
    ...                       "quyết không quá 10 ngày làm việc")
    >>> [(case.condition, str(case.duration)) for case in compound.cases]
    [('', '3 working days'), ('trường hợp phải xác minh', '10 working days')]

References:
    BLDS 2015 (91/2015/QH13) Art. 147 (when a period starts); NĐ 61/2018/NĐ-CP and
    NĐ 118/2025/NĐ-CP (one-stop receipt, supplement, financial obligations); docs: reference,
    "Published limits".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from enum import StrEnum
from typing import Final

from kyluat import _limit_text as lt
from kyluat._values import Value
from kyluat.duration import Duration, Unit
from kyluat.errors import AmbiguousLimitError, CompoundLimitError, InvalidInputError

__all__ = [
    "MAX_TEXT_LENGTH",
    "CountedFrom",
    "Exclusion",
    "LimitCase",
    "PublishedLimit",
    "Stage",
    "Uncertainty",
    "read_limit",
    "read_published",
    "resolve",
]

MAX_TEXT_LENGTH: Final = 20_000
"""Longest text read (the longest real limit texts, with per-level budgets, are a few thousand
characters); longer text is refused rather than scanned."""


class CountedFrom(StrEnum):
    """The event a published limit is counted from. Values are stable."""

    COMPLETE_RECEIPT = "complete_receipt"
    """Kể từ ngày nhận đủ hồ sơ (hợp lệ) / nhận được hồ sơ: receipt of a complete dossier."""
    ACCEPTANCE = "acceptance"
    """Kể từ ngày thụ lý: acceptance of the case."""
    REQUEST = "request"
    """Kể từ ngày nhận được yêu cầu / đơn / đề nghị: receipt of the request or application."""
    POSTMARK = "postmark"
    """Theo dấu bưu điện: the postmark date."""
    OTHER = "other"
    """Another stated event (see ``counted_from_text``)."""


class Exclusion(StrEnum):
    """A period a published limit says is not counted; values match the clock's pause reasons
    where one exists ([`PauseReason`][kyluat.PauseReason]). Values are stable."""  # noqa: D205, D209

    FINANCIAL_OBLIGATION = "financial_obligation"
    """Không kể thời gian thực hiện nghĩa vụ tài chính (portal status 6)."""
    SUPPLEMENT = "supplement"
    """Không kể thời gian bổ sung, hoàn thiện hồ sơ (portal status 5)."""
    VERIFICATION = "verification"
    """Không kể thời gian xác minh, lấy ý kiến, thẩm định, kiểm tra thực địa …"""
    LAND_CLEARANCE = "land_clearance"
    """Không kể thời gian giải phóng mặt bằng."""
    OTHER = "other"
    """Another excluded period, as written in the text."""


class Uncertainty(StrEnum):
    """Why a reading is unsafe to compute a deadline from. Values are stable."""

    RANGE = "range"
    """A range ("3-5 ngày làm việc"): the lower bound is read."""
    APPROXIMATE = "approximate"
    """An approximation ("khoảng 30 ngày")."""
    NO_AMOUNT = "no_amount"
    """No amount at all ("Theo quy định")."""
    BARE_HOURS = "bare_hours"
    """Hours without "làm việc" ("8 Giờ"): read as working hours by the portal convention."""


@dataclass(frozen=True, slots=True)
class LimitCase(Value):
    """One case of a published limit: its condition as written ('' for the general case)."""

    condition: str
    duration: Duration


@dataclass(frozen=True, slots=True)
class Stage(Value):
    """A per-level or per-step budget a text lists ("Cấp xã: không quá 10 ngày làm việc")."""

    name: str
    duration: Duration


@dataclass(frozen=True, slots=True)
class PublishedLimit(Value):
    """A published limit text, read.

    Attributes:
        text: The text as given.
        duration: The limit; for a compound text, the general (first) case; ``None`` when the
            text gives no amount.
        cases: Every case with its condition (a compound text has at least two; a single limit
            has one, with the condition '').
        counted_from: The starting event, when the text states one.
        counted_from_text: The words of the starting event as written ('' when none).
        cutoff: The receipt cut-off the text states ("sau 15 giờ" gives 15:00).
        excluded: The periods the text says are not counted.
        stages: Per-level or per-step budgets, when the text lists them.
        uncertain: Why the reading is unsafe, or ``None``.
        trace: What was recognised, in order (short English notes).
    """

    text: str
    duration: Duration | None
    cases: tuple[LimitCase, ...]
    counted_from: CountedFrom | None
    counted_from_text: str
    cutoff: time | None
    excluded: tuple[Exclusion, ...]
    stages: tuple[Stage, ...]
    uncertain: Uncertainty | None
    trace: tuple[str, ...]

    @property
    def compound(self) -> bool:
        """Whether the text holds several cases."""
        return len(self.cases) > 1

    def choose(self, case: int | str | None = None) -> Duration:
        """The limit to compute with: the single limit, or the case ``case`` of a compound text.

        Args:
            case: For a compound text, the case by its number (1 is the first, the general
                case) or by words of its condition ("xác minh"); ignored for a single limit.

        Raises:
            CompoundLimitError: A compound text and no case (the message lists the cases).
            AmbiguousLimitError: A range, an approximation or no amount.
            InvalidInputError: No case or several match ``case`` (field ``case``).
        """
        if self.compound:
            if case is None or (isinstance(case, str) and not case.strip()):
                raise self._compound_error()
            return self._case(case)
        if self.duration is None or self.uncertain in _UNSAFE:
            reason = (self.uncertain or Uncertainty.NO_AMOUNT).value
            raise AmbiguousLimitError(
                _WHY[reason].format(_shown(self.text))
                + "; expected e.g. '5 ngày làm việc', '8 giờ làm việc', '15 ngày', '1 tháng' or "
                "'trong ngày'",
                field="limit",
                reason=reason,
            )
        return self.duration

    def _compound_error(self) -> CompoundLimitError:
        cases = tuple((c.condition or "general", str(c.duration)) for c in self.cases)
        listed = "; ".join(
            f"{n}. {condition}: {limit}" for n, (condition, limit) in enumerate(cases, 1)
        )
        return CompoundLimitError(
            f"{_shown(self.text)} holds {len(cases)} cases: {listed} (choose one by its number "
            "or by words of its condition)",
            field="limit",
            cases=cases,
        )

    def _case(self, case: int | str) -> Duration:
        if isinstance(case, bool):
            raise InvalidInputError("expected a case number or words", field="case")
        if isinstance(case, int) or case.strip().isdigit():
            number = int(case)
            if not 1 <= number <= len(self.cases):
                raise InvalidInputError(
                    f"case {number} does not exist; the text has {len(self.cases)}", field="case"
                )
            return self.cases[number - 1].duration
        words = lt.Text.of(case).folded.strip()
        matches = [c for c in self.cases if words and words in lt.Text.of(c.condition).folded]
        if len(matches) != 1:
            found = "no case" if not matches else f"{len(matches)} cases"
            raise InvalidInputError(
                f"{found} of {_shown(self.text)} match {case!r}: "
                + "; ".join(
                    f"{n}. {c.condition or 'general'}" for n, c in enumerate(self.cases, 1)
                ),
                field="case",
            )
        return matches[0].duration

    def to_dict(self) -> dict[str, object]:
        """JSON form (``kyluat limit --json``; public contract)."""

        def limit(duration: Duration | None) -> dict[str, str] | None:
            if duration is None:
                return None
            vi, en = duration.label()
            return {
                "unit": duration.unit.value,
                "amount": f"{duration.amount:f}",
                "vi": vi,
                "en": en,
            }

        return {
            "text": self.text,
            "duration": limit(self.duration),
            "compound": self.compound,
            "cases": [
                {"condition": c.condition, "duration": limit(c.duration)} for c in self.cases
            ],
            "counted_from": None if self.counted_from is None else self.counted_from.value,
            "counted_from_text": self.counted_from_text,
            "cutoff": None if self.cutoff is None else self.cutoff.isoformat("minutes"),
            "excluded": [e.value for e in self.excluded],
            "stages": [{"name": s.name, "duration": limit(s.duration)} for s in self.stages],
            "uncertain": None if self.uncertain is None else self.uncertain.value,
            "trace": list(self.trace),
        }


_UNSAFE: Final = frozenset({Uncertainty.RANGE, Uncertainty.APPROXIMATE, Uncertainty.NO_AMOUNT})
_WHY: Final = {
    "range": "{} gives a range",
    "approximate": "{} gives an approximation",
    "no_amount": "cannot read {} as a processing limit (no amount)",
}


def _shown(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def resolve(
    limit: Duration | str | PublishedLimit,
    *,
    case: int | str | None = None,
    bare_hours: Unit | None = None,
) -> tuple[Duration, PublishedLimit | None]:
    """The duration to compute with, and the reading it came from (``None`` for a clean limit).

    A [`Duration`][kyluat.Duration] is itself; clean text ("05 ngày làm việc") is read at once;
    any other text is read with [`read_limit`][kyluat.limits.read_limit], and its case chosen.

    Args:
        limit: The limit.
        case: The case of a compound text (see
            [`PublishedLimit.choose`][kyluat.limits.PublishedLimit.choose]).
        bare_hours: How to read hours written without "làm việc" in text: ``None`` (default)
            refuses them as ambiguous; `Unit.WORKING_HOURS` follows the portal convention.

    Raises:
        CompoundLimitError: A compound text and no case.
        AmbiguousLimitError: A range, an approximation or no amount.
        InvalidInputError: Not a limit (field ``duration``), or a bad ``case``.
    """
    if isinstance(limit, Duration):
        return limit, None
    if isinstance(limit, str):
        clean = Duration._parse_clean(limit)
        if clean is not None:
            return clean, None
        limit = read_published(limit, bare_hours=bare_hours)
    if not isinstance(limit, PublishedLimit):
        raise InvalidInputError(
            f"expected a Duration, limit text or PublishedLimit, got {type(limit).__name__}",
            field="duration",
        )
    return limit.choose(case), limit


def read_published(text: str, *, bare_hours: Unit | None = None) -> PublishedLimit:
    """`read_limit` for a text that is not a clean limit, refusing bare hours unless told.

    Raises:
        AmbiguousLimitError: Hours without "làm việc" and ``bare_hours`` is ``None``.
    """
    limit = read_limit(text, bare_hours=bare_hours or Unit.WORKING_HOURS)
    if bare_hours is None and limit.uncertain is Uncertainty.BARE_HOURS:
        raise AmbiguousLimitError(
            f"{_shown(limit.text)} gives hours without 'làm việc' (working or clock hours?); "
            "write 'giờ làm việc', or read it with kyluat.read_limit(text, bare_hours=...)",
            field="limit",
            reason=Uncertainty.BARE_HOURS.value,
        )
    return limit


# --- Reading -------------------------------------------------------------------------------------


def _classify(words: str) -> Exclusion:
    if "nghia vu tai chinh" in words or "nop thue" in words or "phi, le phi" in words:
        return Exclusion.FINANCIAL_OBLIGATION
    if "giai phong mat bang" in words:
        return Exclusion.LAND_CLEARANCE
    if "buu chinh" in words or "buu dien" in words:
        return Exclusion.OTHER  # postal transit, not a pause the clock knows
    if "bo sung" in words or "hoan thien ho so" in words or "hoan chinh ho so" in words:
        return Exclusion.SUPPLEMENT
    if any(
        w in words
        for w in ("xac minh", "lay y kien", "tham dinh", "kiem tra thuc", "giam dinh", "niem yet")
    ):
        return Exclusion.VERIFICATION
    return Exclusion.OTHER


def _counted_from(words: str) -> CountedFrom:
    if "thu ly" in words:
        return CountedFrom.ACCEPTANCE
    if "buu dien" in words or "buu chinh" in words:
        return CountedFrom.POSTMARK
    if re.search(
        r"\b(?:van\s+ban\s+)?(?:don|yeu\s+cau|de\s+nghi|van\s+ban|to\s+khai|request)\b", words
    ) and not re.search(r"\bho\s+so\b", words):
        return CountedFrom.REQUEST
    if re.search(r"\bho\s+so\b|\bdossier\b|\bapplication\b", words):
        return CountedFrom.COMPLETE_RECEIPT
    return CountedFrom.OTHER


_APPROXIMATE: Final = re.compile(
    r"\b(?:khoang|xap\s+xi|uoc\s+tinh|du\s+kien|approximately|about)\s+$"
)
_REDUCTION: Final = re.compile(r"\bxuong\s+con\b")
_UNIT_OF: Final = {unit.value: unit for unit in Unit}


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _duration(mention: lt.Mention, bare_hours: Unit, text: str) -> Duration:
    unit = bare_hours if mention.unit == "bare_hours" else _UNIT_OF[mention.unit]
    try:
        return Duration(unit, mention.amount)
    except InvalidInputError as exc:
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise InvalidInputError(f"{shown!r}: {exc.message}", field="limit") from None


def read_limit(text: str, *, bare_hours: Unit = Unit.WORKING_HOURS) -> PublishedLimit:
    """Read a published limit text ("Thời hạn giải quyết") into its parts.

    Args:
        text: The text as published.
        bare_hours: The unit of hours written without "làm việc" ("8 Giờ"): working hours (the
            portal convention, default) or clock hours (`Unit.HOURS`, BLDS 2015 Art. 147(1)).
            Either way the reading says it is uncertain.

    Returns:
        The reading; see [`PublishedLimit`][kyluat.limits.PublishedLimit].

    Raises:
        InvalidInputError: Not text, empty, longer than `MAX_TEXT_LENGTH`, or an amount its unit
            cannot take (a fraction of a month) (field ``limit``).
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"expected text, got {type(text).__name__}", field="limit")
    if bare_hours not in (Unit.WORKING_HOURS, Unit.HOURS):
        raise InvalidInputError("expected Unit.WORKING_HOURS or Unit.HOURS", field="bare_hours")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidInputError(
            f"a limit text of {len(text):,} characters is longer than {MAX_TEXT_LENGTH:,}",
            field="limit",
        )
    if not text.strip():
        raise InvalidInputError("empty limit text", field="limit")
    t = lt.Text.of(text)
    folded = t.folded
    simple = lt.SIMPLE.fullmatch(folded)
    if simple is not None and not lt.folded_english(t, simple.start("unit"), simple.end("unit")):
        # the common shape, "[Không quá] 05 ngày làm việc [kể từ …]"
        return _simple(t, simple, bare_hours)
    trace: list[str] = []

    # Periods not counted, the starting event and the cut-off: their numbers are not limits.
    excluded: list[Exclusion] = []
    ignored: list[tuple[int, int]] = []
    exclusion_matches = lt.exclusions(t)
    for match in exclusion_matches:
        kind = _classify(match.group())
        if kind not in excluded:
            excluded.append(kind)
        ignored.append(match.span())
        trace.append(f"excluded: {lt.clean(t.nfc[match.start() : match.end()])} ({kind.value})")
    if exclusion_matches and "(" in folded:
        ignored.extend(
            span
            for span in lt.parenthesised(folded)
            if any(_inside(m.start(), [span]) for m in exclusion_matches)
        )
    counted_from: CountedFrom | None = None
    counted_words = ""
    for match in lt.event_clauses(t):
        ignored.append(match.span())
        if counted_from is None:
            counted_from = _counted_from(match.group())
            counted_words = lt.clean(t.nfc[match.start() : match.end()])
            trace.append(f"counted from: {counted_words} ({counted_from.value})")
    cutoff: time | None = None
    for start, end, hour, minute in lt.cutoffs(t):
        ignored.append((start, end))
        if cutoff is None:
            cutoff = time(hour, minute)
            trace.append(f"cut-off: after {cutoff:%H:%M}")

    mentions = [m for m in lt.amount_mentions(t) if not _inside(m.start, ignored)]
    reduction = _REDUCTION.search(folded)
    if reduction is not None:
        before = [m for m in mentions if m.end <= reduction.start()]
        if before and any(m.start >= reduction.end() for m in mentions):
            mentions.remove(before[-1])
            trace.append("reduced: the limit after 'xuống còn' stands")

    uncertain: Uncertainty | None = None
    for mention in mentions:
        if mention.high is not None:
            uncertain = uncertain or Uncertainty.RANGE
            trace.append(f"range: {mention.amount}-{mention.high} (lower bound read)")
        if _APPROXIMATE.search(folded, max(0, mention.start - 24), mention.start):
            uncertain = uncertain or Uncertainty.APPROXIMATE
            trace.append(f"approximate: {mention.amount}")

    stages = lt.stage_mentions(t, mentions)
    staged = {m.start for _, m in stages}
    candidates = [m for m in mentions if m.start not in staged]
    stage_values = tuple(Stage(name, _duration(m, bare_hours, text)) for name, m in stages)
    if stages:
        trace.append("stages: " + "; ".join(f"{s.name}: {s.duration}" for s in stage_values))

    same_day = lt.same_day(t)
    cases: list[LimitCase] = []
    if same_day is not None and (not candidates or same_day.start() < candidates[0].start):
        cases.append(LimitCase("", Duration.same_day()))
        trace.append(
            "same day" + ("" if cutoff is None else f", next working day after {cutoff:%H:%M}")
        )
    previous = 0
    for mention in candidates:
        condition = lt.condition_of(t, mention, previous, first=not cases)
        cases.append(LimitCase(condition, _duration(mention, bare_hours, text)))
        previous = mention.end
    if not cases and stage_values:
        total = _sum(tuple(s.duration for s in stage_values))
        if total is not None:
            cases.append(LimitCase("", total))
            trace.append(f"limit: the sum of the stages, {total}")
    if (
        len(cases) > 1
        and len({c.duration for c in cases}) == 1
        and not any(lt.CONDITION.search(lt.Text.of(c.condition).folded) for c in cases[1:])
    ):
        cases = [LimitCase(cases[0].condition, cases[0].duration)]  # the same limit, restated
    if len(cases) == 1:
        trace.append(f"limit: {cases[0].duration}")
    else:
        trace.extend(f"case: {c.condition or 'general'}: {c.duration}" for c in cases)
    if not cases:
        uncertain = uncertain or Uncertainty.NO_AMOUNT
        trace.append("no amount")
    elif any(m.unit == "bare_hours" for m in mentions):
        uncertain = uncertain or Uncertainty.BARE_HOURS
        trace.append(f"bare 'giờ' read as {bare_hours.value}")
    return PublishedLimit(
        text=text,
        duration=cases[0].duration if cases else None,
        cases=tuple(cases),
        counted_from=counted_from,
        counted_from_text=counted_words,
        cutoff=cutoff,
        excluded=tuple(excluded),
        stages=stage_values,
        uncertain=uncertain,
        trace=tuple(trace),
    )


def _simple(t: lt.Text, match: re.Match[str], bare_hours: Unit) -> PublishedLimit:
    mention = lt.Mention(
        match.start("amount"), match.end(), lt.decimal(match["amount"]), lt.unit_name(match["unit"])
    )
    duration = _duration(mention, bare_hours, t.original)
    trace = [f"limit: {duration}"]
    counted_from, counted_words = None, ""
    if match["event"]:
        counted_from = _counted_from(match["event"])
        counted_words = lt.clean(t.nfc[match.start("event") : match.end("event")])
        trace.insert(0, f"counted from: {counted_words} ({counted_from.value})")
    bare = mention.unit == "bare_hours"
    if bare:
        trace.append(f"bare 'giờ' read as {bare_hours.value}")
    return PublishedLimit(
        text=t.original,
        duration=duration,
        cases=(LimitCase("", duration),),
        counted_from=counted_from,
        counted_from_text=counted_words,
        cutoff=None,
        excluded=(),
        stages=(),
        uncertain=Uncertainty.BARE_HOURS if bare else None,
        trace=tuple(trace),
    )


def _sum(durations: tuple[Duration, ...]) -> Duration | None:
    units = {d.unit for d in durations}
    if len(units) != 1:
        return None
    return Duration(units.pop(), sum((d.amount for d in durations), Decimal(0)))
