"""The one base of kyluat's pydantic models (private kernel; loads pydantic).

Models are kept where a value is exchanged as JSON (clock events, audit entries, actors,
snapshots). Building one with bad data raises kyluat's
[`InvalidInputError`][kyluat.errors.InvalidInputError] naming the field, never pydantic's
``ValidationError``: no third-party exception escapes the public API.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from kyluat._validate import from_pydantic

__all__ = ["Model"]


class Model(BaseModel):
    """A pydantic model whose constructor raises kyluat's errors."""

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise from_pydantic(exc, default_field=type(self).__name__) from None
