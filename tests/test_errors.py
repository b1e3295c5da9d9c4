import pytest

from kyluat import errors

CODES = {
    errors.KyluatError: "kyluat_error",
    errors.InvalidInputError: "invalid_input",
    errors.CoverageError: "out_of_coverage",
    errors.ProvisionalDataError: "provisional_data",
    errors.DataError: "invalid_data",
    errors.ProcessBudgetError: "process_over_limit",
    errors.InvalidTransitionError: "invalid_transition",
    errors.PermissionDeniedError: "permission_denied",
    errors.ConcurrencyError: "concurrent_update",
    errors.NotFoundError: "not_found",
    errors.StoreUnavailableError: "store_unavailable",
}


@pytest.mark.parametrize(("cls", "code"), CODES.items())
def test_codes_are_stable(cls, code):
    assert cls.code == code


@pytest.mark.parametrize(
    "cls",
    [
        c
        for c in CODES
        if c
        not in (
            errors.KyluatError,
            errors.PermissionDeniedError,
            errors.ConcurrencyError,
            errors.NotFoundError,
            errors.StoreUnavailableError,
        )
    ],
)
def test_errors_subclass_value_error(cls):
    assert issubclass(cls, errors.KyluatError)
    assert issubclass(cls, ValueError)


def test_permission_denied_is_a_permission_error():
    assert issubclass(errors.PermissionDeniedError, PermissionError)
    assert issubclass(errors.PermissionDeniedError, errors.KyluatError)


def test_field_is_named_in_message():
    err = errors.InvalidInputError("must be positive", field="n")
    assert str(err) == "n: must be positive"
    assert err.field == "n"
    assert err.message == "must be positive"


def test_provisional_warning_is_a_kyluat_warning():
    assert issubclass(errors.ProvisionalDataWarning, errors.KyluatWarning)
    assert issubclass(errors.KyluatWarning, UserWarning)
