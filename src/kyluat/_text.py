"""Text shared by every module (private kernel): weekday names and diacritic folding."""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["WEEKDAY_EN", "WEEKDAY_EN_SHORT", "WEEKDAY_VI", "fold"]

WEEKDAY_VI: Final = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
"""Vietnamese weekday names, Monday first (``date.weekday()`` order)."""

WEEKDAY_EN: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English weekday names, Monday first."""

WEEKDAY_EN_SHORT: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""English weekday abbreviations, Monday first."""


def fold(text: str) -> str:
    """Lower case, without diacritics (``đ`` → ``d``), whitespace collapsed.

    Examples:
        >>> fold("  Đúng   Hạn ")
        'dung han'
    """
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
