"""Citations: which official document backs a rule or a date.

A [`Source`][kyluat.sources.Source] names a document (decree, decision, official letter, notice,
code), its date of issue where known, the provision (article, clause) and how well the fact was
checked. kyluat attaches sources to every calendar reason and every rule it applies, so an answer
can always be traced to the text that decides it.

Examples:
    >>> from datetime import date
    >>> str(Source("12729/VPCP-KGVX", issued=date(2025, 12, 25), status=Status.PRESS))
    '12729/VPCP-KGVX (25/12/2025) [verified in press]'
    >>> str(Source("Bộ luật Lao động 2019 (45/2019/QH14)", provision="Điều 112 khoản 1"))
    'Bộ luật Lao động 2019 (45/2019/QH14), Điều 112 khoản 1'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kyluat._values import Value

__all__ = ["Source", "Status", "cite"]


class Status(StrEnum):
    """How well a cited fact has been checked (docs: legal basis)."""

    VERIFIED = "verified"
    """Read in the official text or a faithful copy."""
    PRESS = "verified_in_press"
    """Reported consistently by the press; the text itself not read."""
    SECONDARY = "secondary"
    """Reported by others; to confirm before relying on it."""
    UNVERIFIED = "unverified"
    """General knowledge, not yet confirmed."""


_STATUS_TAGS = {
    Status.VERIFIED: "",
    Status.PRESS: " [verified in press]",
    Status.SECONDARY: " [secondary]",
    Status.UNVERIFIED: " [unverified]",
}


@dataclass(frozen=True, slots=True)
class Source(Value):
    """A citable official document.

    Attributes:
        document: Number and type as officially written, e.g. ``"12729/VPCP-KGVX"``.
        issued: Date of issue, when known.
        provision: Article, clause or point, e.g. ``"Điều 112 khoản 1"``.
        status: How well the fact was checked.
        note: Free text, e.g. what part of the document applies.
    """

    document: str
    issued: date | None = None
    provision: str | None = None
    status: Status = Status.VERIFIED
    note: str | None = None

    def __str__(self) -> str:
        text = self.document
        if self.issued is not None:
            text += f" ({self.issued:%d/%m/%Y})"
        if self.provision:
            text += f", {self.provision}"
        if self.note:
            text += f" — {self.note}"
        return text + _STATUS_TAGS[self.status]


def cite(sources: Iterable[Source]) -> str:
    """Join several sources into the one-line citation used in reasons and traces.

    Examples:
        >>> cite([Source("QĐ 188/1999/QĐ-TTg", provision="Điều 1"), Source("A/B")])
        'QĐ 188/1999/QĐ-TTg, Điều 1; A/B'
    """
    return "; ".join(str(source) for source in sources)
