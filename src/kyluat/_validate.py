"""Validation helpers shared by every module (private kernel).

One translator from pydantic's validation errors to kyluat's typed errors, so that users see
``field: message`` with kyluat's stable code and never pydantic's ``Value error,`` prefixes; and
the small checks several modules make.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from kyluat.errors import InvalidInputError, KyluatError

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = ["from_pydantic", "require_date", "require_key", "require_text"]

_PREFIXES = ("Value error, ", "Assertion failed, ")


def from_pydantic(
    exc: ValidationError,
    *,
    error: type[KyluatError] = InvalidInputError,
    prefix: str = "",
    default_field: str = "value",
) -> KyluatError:
    """The kyluat error for pydantic's first validation error (raise it ``from None``).

    Args:
        exc: pydantic's error.
        error: The kyluat error class (``InvalidInputError`` for arguments, ``DataError`` for
            stored data).
        prefix: Prepended to the field path, e.g. ``"events"`` gives ``events.0.at``.
        default_field: The field when pydantic names none.
    """
    first = exc.errors()[0]
    path = ".".join(str(part) for part in first.get("loc", ()))
    field = ".".join(p for p in (prefix, path) if p) or default_field
    message = str(first.get("msg", "invalid value"))
    for noise in _PREFIXES:
        if message.startswith(noise):
            message = message[len(noise) :]
    return error(message, field=field)


def require_text(value: object, field: str) -> str:
    """``value`` if it is non-blank text.

    Raises:
        InvalidInputError: It is missing, not text, or blank (names ``field``).
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError("required, and must not be empty", field=field)
    return value


def require_key(data: Mapping[str, object], key: str) -> str:
    """``data[key]`` if it is non-blank text (the field named is ``key``)."""
    return require_text(data.get(key), key)


def require_date(value: object, field: str) -> date:
    """``value`` if it is a date (a datetime is refused: its local day is the caller's to say).

    Raises:
        InvalidInputError: Not a ``datetime.date``, or a ``datetime`` (names ``field``).
    """
    if isinstance(value, datetime):
        raise InvalidInputError(
            f"expected a date, got the datetime {value.isoformat()}; pass its local date "
            "(value.astimezone(ZoneInfo('Asia/Ho_Chi_Minh')).date())",
            field=field,
        )
    if not isinstance(value, date):
        raise InvalidInputError(
            f"expected a datetime.date, got {type(value).__name__}", field=field
        )
    return value
