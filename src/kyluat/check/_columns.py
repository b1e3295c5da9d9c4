"""The columns a record file may have, the names each is recognised by, and the header read once.

A column (cột) is recognised by any of its names, whatever the case, the surrounding spaces, a
byte-order mark, ``_`` or ``-`` or a space between words, and with or without Vietnamese marks
(dấu): ``Status``, ``STATUS``, ``Trạng thái`` and ``trang thai`` all name ``status``. The names
are data, listed in `COLUMNS` and on the reference page "kyluat check".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from kyluat._text import fold, shown
from kyluat.errors import DataError

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "Header",
    "JsonKeys",
    "column_key",
    "read_columns",
    "unknown_keys_warning",
]

REQUIRED_COLUMNS: Final = ("id", "received_at", "limit", "due_date")
"""Columns every file must have (the header of a CSV file, the keys of a JSON object)."""

COLUMNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "id": ("id", "mã hồ sơ", "số hồ sơ"),
        "received_at": ("received_at", "ngày nhận", "ngày tiếp nhận"),
        "limit": ("limit", "thời hạn", "thời hạn giải quyết"),
        "case": ("case", "trường hợp"),
        "due_date": ("due_date", "hạn giải quyết", "ngày hẹn trả"),
        "finished_at": ("finished_at", "ngày hoàn thành", "ngày trả kết quả"),
        "status": ("status", "trạng thái"),
        "unit": ("unit", "đơn vị"),
        "procedure": ("procedure", "thủ tục"),
        "person": ("person", "người xử lý"),
        "pauses": ("pauses", "tạm dừng"),
        "objective_cause": ("objective_cause", "nguyên nhân khách quan", "lý do khách quan"),
    }
)
"""Each column kyluat reads, and the names it is recognised by (the column's own name first).

Names match whatever their case, spaces, ``_`` or ``-``, and with or without marks.
"""


def column_key(name: str) -> str:
    r"""The form names are compared in: no mark, lower case, words separated by one space.

    Examples:
        >>> column_key("\ufeff Received_At "), column_key("Trạng  thái")
        ('received at', 'trang thai')
    """
    return fold(name.replace("\ufeff", "").replace("_", " ").replace("-", " "))


_BY_KEY: Final = {column_key(name): column for column, names in COLUMNS.items() for name in names}

_LISTED: Final = 20
"""Unknown names listed in a warning (the others are counted)."""


def _listing(names: Iterable[str], total: int) -> str:
    shown_names = ", ".join(shown(name) for name in names)
    more = total - min(total, _LISTED)
    return shown_names + (f" and {more:,} more" if more else "")


class Header:
    """A CSV header read: the key of each column's value in a record, and what was ignored.

    Attributes:
        names: For each column, its name in records: the column it names (``"status"``), the
            header cell as written for an unknown column, ``""`` for an unnamed one.
        width: The number of columns.
        id_index: The position of the ``id`` column.
        warnings: Unknown and unnamed columns, said once.
    """

    __slots__ = ("id_index", "names", "warnings", "width")

    def __init__(self, names: list[str], warnings: tuple[str, ...]) -> None:
        self.names = names
        self.width = len(names)
        self.id_index = names.index("id")
        self.warnings = warnings


def read_columns(cells: list[str]) -> Header:
    """Recognise the columns of a CSV header row.

    Raises:
        DataError: Two cells name the same column, or a required column is missing.

    Examples:
        >>> header = read_columns(["ID", "Received at", "Thời hạn", "due-date", "Ghi chú"])
        >>> header.names
        ['id', 'received_at', 'limit', 'due_date', 'Ghi chú']
        >>> header.warnings
        ("unknown columns ignored: 'Ghi chú'",)
    """
    names: list[str] = []
    first: dict[str, int] = {}  # compared form -> position
    unknown: list[str] = []
    unnamed: list[int] = []
    for position, cell in enumerate(cells, start=1):
        key = column_key(cell)
        if not key:
            names.append("")
            unnamed.append(position)
            continue
        known = _BY_KEY.get(key)
        column = cell.replace("\ufeff", "").strip() if known is None else known
        same = key if known is None else known  # what two cells must not share
        if same in first:
            other = first[same]
            raise DataError(
                f"column {shown(column)} appears twice: {shown(cells[other - 1].strip())} "
                f"(column {other}) and {shown(cell.strip())} (column {position})",
                field="file",
            )
        first[same] = position
        if known is None:
            unknown.append(column)
        names.append(column)
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        found = [cell.strip() for cell in cells if cell.strip()]
        raise DataError(
            f"required columns missing: {', '.join(missing)} (found: "
            f"{_listing(found[:_LISTED], len(found)) or 'none'})",
            field="file",
        )
    warnings = []
    if unknown:
        warnings.append(f"unknown columns ignored: {_listing(unknown[:_LISTED], len(unknown))}")
    if unnamed:
        warnings.append(
            f"unnamed columns ignored: {', '.join(str(p) for p in unnamed[:_LISTED])}"
            + (f" and {len(unnamed) - _LISTED:,} more" if len(unnamed) > _LISTED else "")
        )
    return Header(names, tuple(warnings))


class JsonKeys:
    """Recognises the keys of JSON Lines objects; unknown keys are remembered to warn once.

    Attributes:
        unknown: The first unknown keys met, each with the line it was first met on.
        more: Whether more unknown keys were met than are remembered.
    """

    __slots__ = ("cache", "more", "unknown")

    LIMIT: Final = 100
    """Unknown keys remembered."""

    def __init__(self) -> None:
        self.cache: dict[str, str | None] = {}
        self.unknown: dict[str, int] = {}
        self.more = False

    def column(self, key: str, line: int) -> str:
        """The column ``key`` names, or ``key`` itself when it names none (remembered)."""
        column = self.cache.get(key, "")
        if column == "":
            column = _BY_KEY.get(column_key(key))
            if len(self.cache) < 10_000:  # never grow unbounded
                self.cache[key] = column
        if column is not None:
            return column
        if key not in self.unknown:
            if len(self.unknown) < self.LIMIT:
                self.unknown[key] = line
            else:
                self.more = True
        return key


def unknown_keys_warning(unknown: Mapping[str, int], *, more: bool) -> str:
    """The warning listing the unknown keys of JSON Lines objects."""
    listed = [f"{shown(key)} (line {line:,})" for key, line in list(unknown.items())[:_LISTED]]
    extra = " and more" if more or len(unknown) > _LISTED else ""
    return f"unknown keys ignored: {', '.join(listed)}{extra}"
