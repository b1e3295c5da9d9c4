"""Text shared by every module (private kernel): weekday names and diacritic folding."""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["MAX_SHOWN", "WEEKDAY_EN", "WEEKDAY_EN_SHORT", "WEEKDAY_VI", "fold", "shown"]

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


MAX_SHOWN: Final = 80
"""Longest value quoted in a message (longer values are cut, with their length)."""

_CONTROL: Final = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)} | {
    0x09: "\\t",
    0x0A: "\\n",
    0x0D: "\\r",
}


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    r"""A value as quoted in a message or on a terminal: quoted, control characters escaped,
    cut to ``limit`` characters with the full length said.

    Examples:
        >>> print(shown("HS-1\x1b[31m"))
        'HS-1\x1b[31m'
        >>> print(shown("x" * 100, limit=3))
        'xxx…' (100 characters)
    """  # noqa: D205
    text = value if isinstance(value, str) else str(value)
    cut = text[:limit].translate(_CONTROL)
    if len(text) <= limit:
        return f"'{cut}'"
    return f"'{cut}…' ({len(text):,} characters)"
