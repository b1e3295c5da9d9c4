"""Recognisers for published limit texts (private kernel of [`kyluat.limits`][kyluat.limits]).

The text is read in two parallel forms of the same length: ``lower`` (lower case, NFC: spelled
numerals need their diacritics, "sáu" is six but "sau" is after) and ``folded`` (no diacritics,
"đ" as "d", every space one blank: the patterns are written once, for both spellings). Positions
in one are positions in the other, so conditions and names are cut from the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = [
    "CONDITION",
    "SIMPLE",
    "Mention",
    "Text",
    "amount_mentions",
    "clause_bounds",
    "clean",
    "condition_of",
    "cutoffs",
    "decimal",
    "event_clauses",
    "exclusions",
    "folded_english",
    "same_day",
    "stage_mentions",
    "unit_name",
]


@dataclass(frozen=True, slots=True)
class Text:
    """A limit text in the forms the recognisers read."""

    original: str
    nfc: str
    lower: str
    folded: str

    @classmethod
    def of(cls, text: str) -> Text:
        """Normalise ``text`` (NFC) and build its parallel forms."""
        nfc = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
        lower = nfc.lower()
        if len(lower) != len(nfc):  # a character whose lower case is longer: keep it as it is
            lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in nfc)
        return cls(text, nfc, lower, lower.translate(_FOLD))


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character: base letter without
    diacritics, "đ" as "d", any space as one blank."""  # noqa: D205, D209

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char == "đ":
            folded = "d"
        elif char.isspace():
            folded = " "
        else:
            folded = unicodedata.normalize("NFD", char)[0]
        self[code] = folded
        return folded


_FOLD: Final = _FoldTable()


def clean(text: str) -> str:
    """Trim bullets, punctuation and spaces around words cut from the text."""
    return " ".join(text.strip(" \t\n;,.:-+•*()").split())


# --- Amounts ------------------------------------------------------------------------------------

_SEP = r"[\s,.;:\-]{0,3}"
UNIT_PATTERN: Final = (
    r"(?P<unit>ngay" + _SEP + r"lam" + _SEP + r"viec|gio" + _SEP + r"lam" + _SEP + r"viec"
    r"|working\s+days?|working\s+hours?|calendar\s+days?"
    r"|ngay|gio|tuan|thang|nam|days?|hours?|weeks?|months?|years?)(?![a-z])"
)
# Spelled-out numerals after the figure: "05 (năm)", "07 (bảy)", "02 (hai)".
_WORDS = r"(?:\s*\(\s*[a-z]+(?:\s+[a-z]+){0,3}\s*\))?"
_DIGITS: Final = re.compile(
    r"(?<![\d.,/])(?P<amount>\d{1,15}(?:[.,]\d{1,6})?)(?![\d/])" + _WORDS + r"\s*" + UNIT_PATTERN
)
_FIGURE = r"\d{1,15}(?:[.,]\d{1,6})?"
_RANGE: Final = re.compile(
    r"(?<![\d.,/])(?P<low>"
    + _FIGURE
    + r")"
    + _WORDS
    + r"(?:\s*(?:"
    + UNIT_PATTERN.replace("?P<unit>", "?:")
    + r")?\s*(?:-|–|—|den|toi|~)"
    + r"|\s*(?:hoac|or))"
    + r"\s*(?P<high>"
    + _FIGURE
    + r")"
    + _WORDS
    + r"\s*"
    + UNIT_PATTERN
)
_ONES = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_ONE = "một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín"
_SPELLED: Final = re.compile(
    r"(?<![^\W\d_])(?:(?P<tens>hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)\s+mươi(?:\s+(?P<tail>"
    + _ONE
    + r"))?|(?P<ten>mười)(?:\s+(?P<teen>"
    + _ONE
    + r"))?|(?P<one>một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín))(?=\s+(?:ngày|giờ|tháng|tuần|năm)"
    r"(?![^\W\d_]))"
)
_UNITS: Final = {
    "ngay": "days",
    "days": "days",
    "day": "days",
    "gio": "bare_hours",
    "hours": "hours",
    "hour": "hours",
    "tuan": "weeks",
    "weeks": "weeks",
    "week": "weeks",
    "thang": "months",
    "months": "months",
    "month": "months",
    "nam": "years",
    "years": "years",
    "year": "years",
}
_UNIT_AFTER: Final = re.compile(r"\s+" + UNIT_PATTERN)


def unit_name(word: str) -> str:
    """The unit of a unit word as matched: a `Unit` value, or ``"bare_hours"`` for "giờ"."""
    squeezed = re.sub(r"[^a-z]+", " ", word).strip()
    if squeezed.startswith(("ngay lam viec", "working day")):
        return "working_days"
    if squeezed.startswith(("gio lam viec", "working hour")):
        return "working_hours"
    if squeezed.startswith("calendar day"):
        return "days"
    return _UNITS[squeezed]


@dataclass(frozen=True, slots=True)
class Mention:
    """An amount and its unit, where the text says it."""

    start: int
    end: int
    amount: Decimal
    unit: str
    high: Decimal | None = None
    """The upper bound of a range."""


def _spelled_value(match: re.Match[str]) -> int:
    if match["tens"]:
        return _ONES[match["tens"]] * 10 + (_ONES[match["tail"]] if match["tail"] else 0)
    if match["ten"]:
        return 10 + (_ONES[match["teen"]] if match["teen"] else 0)
    return _ONES[match["one"]]


def amount_mentions(text: Text) -> list[Mention]:
    """Every amount with a unit: figures, ranges and spelled-out numerals, in order.

    Dates ("ngày 01 tháng 9") and thresholds ("từ 01 năm trở lên") are not amounts.
    """
    folded = text.folded
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(folded):
        found.append(
            Mention(
                match.start(),
                match.end(),
                _decimal(match["low"]),
                unit_name(match["unit"]),
                _decimal(match["high"]),
            )
        )
        taken.append(match.span())
    for match in _DIGITS.finditer(folded):
        if not any(a <= match.start() < b for a, b in taken):
            found.append(
                Mention(
                    match.start(), match.end(), _decimal(match["amount"]), unit_name(match["unit"])
                )
            )
    for match in _SPELLED.finditer(text.lower):
        unit = _UNIT_AFTER.match(folded, match.end())
        if unit is not None and not any(a <= match.start() < b for a, b in taken):
            found.append(
                Mention(
                    match.start(),
                    unit.end(),
                    Decimal(_spelled_value(match)),
                    unit_name(unit["unit"]),
                )
            )
    return sorted(
        (
            m
            for m in found
            if not _is_date(folded, m)
            and not _is_threshold(folded, m)
            and not _folded_english(text, m)
        ),
        key=lambda m: m.start,
    )


_ENGLISH_UNIT: Final = re.compile(
    r"(?:working\s+|calendar\s+)?(?:days?|hours?|weeks?|months?|years?)$"
)


def _folded_english(text: Text, mention: Mention) -> bool:
    return folded_english(text, mention.start, mention.end)


def folded_english(text: Text, start: int, end: int) -> bool:
    """Whether the English unit word ending at ``end`` is really Vietnamese with its marks
    folded away ("5 dày", "5 đây" are not "5 days")."""  # noqa: D205, D209
    found = _ENGLISH_UNIT.search(text.folded, start, end)
    if found is None:
        return False
    return text.lower[found.start() : found.end()] != text.folded[found.start() : found.end()]


_LABEL = (
    r"(?:[a-z0-9]{1,3}[.)]\s*)?(?:thoi\s+(?:han|gian)(?:\s+giai\s+quyet)?|time\s+limit)\s*:?\s*"
)
_PREFIX = (
    r"(?:(?:toi\s+da\s+)?khong\s+qua|toi\s+da|trong\s+vong|trong\s+thoi\s+han|trong"
    r"|within|not\s+more\s+than|at\s+most)\s+"
)
SIMPLE: Final = re.compile(
    r"[\s\-+•*(]*(?:"
    + _LABEL
    + r")?(?:"
    + _PREFIX
    + r")?(?<![\d.,])(?P<amount>\d{1,15}(?:[.,]\d{1,6})?)"
    + _WORDS
    + r"\s*"
    + UNIT_PATTERN
    + r"\s*[,.]?\s*(?P<event>(?:ke\s+tu|tinh\s+tu)\b[^;()\n\d]*?)?"
    r"[\s.;)]*"
)
"""The common shape, read without the general machinery: "[label] [Không quá] 05 ngày làm
việc [kể từ ngày nhận đủ hồ sơ hợp lệ]", with no exclusion, case, cut-off or second amount."""


def decimal(figure: str) -> Decimal:
    """The amount a figure writes ("4,5" and "4.5" alike)."""
    return _decimal(figure)


def _decimal(figure: str) -> Decimal:
    return Decimal(figure.replace(",", "."))


_DATE_BEFORE: Final = re.compile(r"(?:ngay|thang|nam)\s*$")
_THRESHOLD_AFTER: Final = re.compile(r"\s*tro\s+(?:len|xuong)\b")


def _is_date(folded: str, mention: Mention) -> bool:
    return _DATE_BEFORE.search(folded, max(0, mention.start - 6), mention.start) is not None


def _is_threshold(folded: str, mention: Mention) -> bool:
    return _THRESHOLD_AFTER.match(folded, mention.end) is not None


# --- What surrounds the amounts -------------------------------------------------------------------

_EXCLUSION: Final = re.compile(
    r"\b(?:khong|chua)\s+(?:ke|tinh|bao\s+gom|tinh\s+vao)\b(?:[^;()\n.]|\.(?=\d))*"
)
_EVENT: Final = re.compile(
    r"\b(?:ke\s+tu|tinh\s+tu|from)\b[^;(),\n.:\d]*"
    r"|\bngay\s+(?:sau\s+)?khi\b[^;(),\n.:\d]*"
)
_CUTOFF: Final = re.compile(
    r"\bsau\s+(?P<hour>\d{1,2})\s*(?:gio|h|:)\s*(?P<minute>\d{2})?(?:\s*phut)?"
    r"|\bafter\s+(?P<hour_en>\d{1,2})[:.h](?P<minute_en>\d{2})"
)
_SAME_DAY: Final = re.compile(
    r"\bgiai\s+quyet\s+ngay\b|\btra\s+(?:ket\s+qua\s+)?ngay\b|\bngay\s+(?:sau\s+)?khi\s+"
    r"(?:tiep\s+)?nhan\b|\b(?:ngay\s+)?trong\s+(?:ngay|buoi)\b(?!\s+lam\s+viec\s+tiep\s+theo)"
    r"|\bsame[\s-]day\b"
)


def exclusions(text: Text) -> list[re.Match[str]]:
    """The clauses saying a period is not counted ("không kể thời gian …")."""
    return list(_EXCLUSION.finditer(text.folded))


def parenthesised(folded: str) -> list[tuple[int, int]]:
    """Spans of parenthesised text (outermost level)."""
    spans = []
    depth, begin = 0, 0
    for i, char in enumerate(folded):
        if char == "(":
            if depth == 0:
                begin = i
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((begin, i + 1))
    return spans


def event_clauses(text: Text) -> list[re.Match[str]]:
    """The clauses naming the starting event ("kể từ ngày nhận đủ hồ sơ hợp lệ")."""
    return list(_EVENT.finditer(text.folded))


def cutoffs(text: Text) -> list[tuple[int, int, int, int]]:
    """Receipt cut-offs ("sau 15 giờ") as (start, end, hour, minute)."""
    found = []
    for match in _CUTOFF.finditer(text.folded):
        hour = int(match["hour"] or match["hour_en"])
        minute = int(match["minute"] or match["minute_en"] or 0)
        if hour <= 23 and minute <= 59:
            found.append((match.start(), match.end(), hour, minute))
    return found


def same_day(text: Text) -> re.Match[str] | None:
    """The first same-day phrase ("trong ngày", "giải quyết ngay", "ngay sau khi nhận")."""
    return _SAME_DAY.search(text.folded)


# --- Stages: budgets per level, unit or step --------------------------------------------------

_ORG = (
    r"(?:cap\s+(?:xa|huyen|tinh|trung\s+uong|bo|so)|so|phong|ban|bo\s+phan|bo|cuc|chi\s+cuc"
    r"|tong\s+cuc|ubnd|uy\s+ban|van\s+phong|trung\s+tam|co\s+quan|don\s+vi|hoi\s+dong"
    r"|cong\s+an|thanh\s+tra|kho\s+bac|chu\s+tich|giam\s+doc|thu\s+truong|buoc)\b"
)
_NAME = r"(?P<name>" + _ORG + r"[^:;\n+•*\d]{0,70}?)"
_STAGE_COLON: Final = re.compile(r"(?:^|[;:,\n+\-•*]|\.\s)\s*" + _NAME + r"\s*:")
_STAGE_BULLET: Final = re.compile(r"(?:^|[\n+•*]|\.\s)\s*" + _NAME + r"\s+(?=\d)")
_STAGE_AT: Final = re.compile(r"\s*(?:tai|o)\s+" + _NAME + r"\s*(?=[,;.)\n]|$)")
_STAGE_ACTOR: Final = re.compile(
    r"\s*,\s*(?:ke\s+tu|tinh\s+tu)[^,;\n]*,\s*"
    + _NAME.replace("{0,70}?", "{0,40}?")
    + r"\s+(?=chuyen|gui|co\s+trach|xem\s+xet|tham\s+dinh|quyet\s+dinh|cap|trinh|ky|xac\s+nhan"
    r"|thong\s+bao|phai|tien\s+hanh|kiem\s+tra|tra|ra)"
)


def stage_mentions(text: Text, mentions: list[Mention]) -> list[tuple[str, Mention]]:
    """Budgets per level, unit or step, when the text lists two or more of them.

    Shapes: "Cấp xã: … 10 ngày", "+ UBND tỉnh 05 ngày", "05 ngày làm việc tại Sở …", and
    "Trong thời hạn 07 ngày …, kể từ …, Sở Tư pháp có trách nhiệm …".
    """
    folded = text.folded
    stages: dict[int, tuple[str, Mention]] = {}

    def name(match: re.Match[str]) -> str:
        return clean(text.nfc[match.start("name") : match.end("name")])

    for pattern in (_STAGE_COLON, _STAGE_BULLET):
        for match in pattern.finditer(folded):
            following = [m for m in mentions if m.start >= match.end()]
            if following and not _between_has_amount(mentions, match.end(), following[0]):
                stages.setdefault(following[0].start, (name(match), following[0]))
    for mention in mentions:
        for pattern in (_STAGE_AT, _STAGE_ACTOR):
            after = pattern.match(folded, mention.end)
            if after is not None:
                stages.setdefault(mention.start, (name(after), mention))
    found = [stages[start] for start in sorted(stages)]
    return found if len(found) >= 2 else []


def _between_has_amount(mentions: list[Mention], start: int, mention: Mention) -> bool:
    return any(start <= m.start < mention.start for m in mentions)


# --- Clauses and conditions ---------------------------------------------------------------------

CONDITION: Final = re.compile(
    r"\b(?:truong\s+hop|doi\s+voi|voi\s+truong\s+hop|neu|rieng|hoac|in\s+case|if|otherwise)\b"
)
_CLAUSE_END: Final = re.compile(r"[;\n]|\.(?:\s|$)|\s[-+]\s")
_INTRO: Final = re.compile(
    r"\s*(?:,|:)?\s*(?:thi\s+)?(?:(?:thoi\s+(?:han|gian)(?:\s+giai\s+quyet)?(?:\s+[a-z]+){0,4}"
    r"?\s+(?:la|:)?)|(?:co\s+the\s+)?(?:duoc\s+)?(?:gia\s+han|keo\s+dai)(?:\s+[a-z]+){0,6}?"
    r"\s+(?=nhung|khong|toi|$)|nhung|khong\s+qua|toi\s+da|trong\s+vong|trong\s+thoi\s+han"
    r"|trong|la|ít\s+nhat|it\s+nhat|:|,|\s)*$"
)


def clause_bounds(folded: str, position: int) -> tuple[int, int]:
    """Start and end of the clause around ``position`` (clauses end at ';', a line break or
    a sentence end)."""  # noqa: D205, D209
    start = 0
    for match in _CLAUSE_END.finditer(folded, 0, position):
        start = match.end()
    end_match = _CLAUSE_END.search(folded, position)
    return start, len(folded) if end_match is None else end_match.start()


_TRAILING: Final = re.compile(r"[^;\n(]{0,40}?\((?P<words>[^()]{2,160})\)")
_AFTER_CONDITION: Final = re.compile(
    r"(?:[^;\n(]|\([^()\n]*\)){0,120}?\b(?P<words>(?:doi\s+voi|truong\s+hop|neu)\b[^;\n]*)"
)


def condition_of(text: Text, mention: Mention, previous_end: int, *, first: bool) -> str:
    """The condition of a case as written, '' when the case states none.

    A parenthesis right after the amount ("(vụ việc đơn giản)"), a condition after it in its
    clause ("… đối với trường hợp …"), or the words before it in its clause ("Trường hợp cần
    xác minh thì … không quá 10 ngày").
    """
    folded, nfc = text.folded, text.nfc
    clause_start, clause_end = clause_bounds(folded, mention.start)
    trailing = _TRAILING.match(folded, mention.end, clause_end)
    if trailing is not None:
        words = trailing["words"]
        if not re.search(r"\d|\bkhong\s+(?:ke|tinh)\b|\bke\s+tu\b", words):
            return clean(nfc[trailing.start("words") : trailing.end("words")])
        if CONDITION.search(words):
            inner = CONDITION.search(words)
            assert inner is not None
            begin = trailing.start("words") + inner.start()
            cut = re.search(r"\s+thi\b", folded[begin : trailing.end("words")])
            stop = begin + cut.start() if cut else trailing.end("words")
            return clean(nfc[begin:stop])
    after = _AFTER_CONDITION.match(folded, mention.end, clause_end)
    if after is not None:
        return clean(nfc[after.start("words") : after.end("words")])
    begin = max(clause_start, previous_end)
    before = folded[begin : mention.start]
    if first and not CONDITION.search(before):
        return ""
    found = CONDITION.search(before)
    start = begin + (found.start() if found else 0)
    intro = _INTRO.search(folded, start, mention.start)
    stop = intro.start() if intro is not None else mention.start
    cut = re.search(r"\s+thi\b", folded[start:stop])
    if cut is not None:
        stop = start + cut.start()
    return clean(nfc[start:stop])
