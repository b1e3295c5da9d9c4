"""Errors and warnings raised by kyluat.

Every error derives from [`KyluatError`][kyluat.errors.KyluatError] and also from the matching
builtin, so ``except ValueError`` keeps working in code that does not know kyluat. Each class
carries a stable ``code`` (listed in ``docs/reference/errors.md``) that integrators may match on;
codes never change meaning once released.

Examples:
    >>> from kyluat.errors import CoverageError, KyluatError
    >>> err = CoverageError("2017-12-31 is before the calendar's first day", field="d")
    >>> isinstance(err, KyluatError), isinstance(err, ValueError), err.code
    (True, True, 'out_of_coverage')
    >>> str(err)
    "d: 2017-12-31 is before the calendar's first day"
"""

from __future__ import annotations

__all__ = [
    "AmbiguousLimitError",
    "CompoundLimitError",
    "ConcurrencyError",
    "CoverageError",
    "DataError",
    "InvalidInputError",
    "InvalidTransitionError",
    "KyluatError",
    "KyluatWarning",
    "NotFoundError",
    "PermissionDeniedError",
    "ProcessBudgetError",
    "ProvisionalDataError",
    "ProvisionalDataWarning",
    "StoreUnavailableError",
]


class KyluatError(Exception):
    """Root of every error kyluat raises on purpose.

    Attributes:
        code: Stable machine-readable code of the error class.
        field: Name of the argument, option or column at fault, when there is one.
        message: The human-readable message without the field prefix.
    """

    code: str = "kyluat_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class InvalidInputError(KyluatError, ValueError):
    """An argument is malformed or out of its allowed range (wrong type, impossible date …)."""

    code = "invalid_input"


class ProcessBudgetError(InvalidInputError):
    """The steps of an internal process add up to more than the published limit."""

    code = "process_over_limit"


class CompoundLimitError(InvalidInputError):
    """A limit text holds several cases; one number cannot stand for all of them.

    Attributes:
        cases: Each case as ``(condition, limit)`` text, the general case first.
    """

    code = "compound_limit"

    def __init__(
        self, message: str, *, field: str | None = None, cases: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(message, field=field)
        self.cases = cases


class AmbiguousLimitError(InvalidInputError):
    """A limit text gives no safe amount: a range, an approximation, no amount at all.

    Attributes:
        reason: Why (``range``, ``approximate``, ``no_amount``).
    """

    code = "ambiguous_limit"

    def __init__(self, message: str, *, field: str | None = None, reason: str = "") -> None:
        super().__init__(message, field=field)
        self.reason = reason


class InvalidTransitionError(KyluatError, ValueError):
    """A lifecycle trigger is not allowed from the current state, or a guard refuses it.

    The message names the triggers allowed from the state.

    Attributes:
        state: The record's state when the trigger was refused (``None`` when not known).
        trigger: The refused trigger (``None`` when not known).
        allowed: The triggers allowed from ``state``, sorted (for a guard's refusal: the
            others).
    """

    code = "invalid_transition"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        state: str | None = None,
        trigger: str | None = None,
        allowed: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, field=field)
        self.state = state
        self.trigger = trigger
        self.allowed = allowed


class PermissionDeniedError(KyluatError, PermissionError):
    """The actor's role or unit may not fire this trigger under the permission policy.

    Attributes:
        role: The actor's role (``None`` when not known).
        allowed_roles: The roles the policy allows to fire the trigger, sorted.
    """

    code = "permission_denied"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        role: str | None = None,
        allowed_roles: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, field=field)
        self.role = role
        self.allowed_roles = allowed_roles


class CoverageError(KyluatError, ValueError):
    """A date lies outside the years the calendar data covers; kyluat never guesses there."""

    code = "out_of_coverage"


class ProvisionalDataError(KyluatError, ValueError):
    """A strict calendar was asked about a year whose schedule is not yet officially announced."""

    code = "provisional_data"


class DataError(KyluatError, ValueError):
    """Data kyluat reads is malformed or contradicts itself: the bundled calendar data, a
    stored clock event log or audit log (a broken hash chain, a replay that disagrees), or a
    records file that cannot be read at all."""  # noqa: D205, D209

    code = "invalid_data"


class ConcurrencyError(KyluatError, RuntimeError):
    """Another writer saved the record first: the save would lose its update (nothing was
    written; load the record again and retry). Raised by `kyluat.store`."""  # noqa: D205, D209

    code = "concurrent_update"


class NotFoundError(KyluatError, LookupError):
    """No stored record has the id asked for (`kyluat.store`)."""

    code = "not_found"


class StoreUnavailableError(KyluatError, OSError):
    """The database cannot be reached or refused the operation (the driver's message is
    given; `kyluat.store`)."""  # noqa: D205, D209

    code = "store_unavailable"


class KyluatWarning(UserWarning):
    """Base class of the soft problems kyluat reports through `warnings`."""


class ProvisionalDataWarning(KyluatWarning):
    """A result depends on a year whose official schedule has not been announced yet.

    Such years follow the statutory rules only (Labor Code 2019 Art. 112); the Prime Minister's
    Tết days and any day swaps may still change the answer.
    """
