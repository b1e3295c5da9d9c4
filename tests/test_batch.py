import random
import warnings
from datetime import date

import pytest

np = pytest.importorskip("numpy")

from kyluat import (  # noqa: E402 - after the importorskip above
    CoverageError,
    InvalidInputError,
    ProvisionalDataError,
    ProvisionalDataWarning,
    default_calendar,
)
from kyluat.batch import add_working_days  # noqa: E402

CAL = default_calendar()


def test_batch_equals_scalar_path():
    rng = random.Random(7)
    lo, hi = date(2018, 6, 1).toordinal(), date(2026, 9, 30).toordinal()
    starts = [date.fromordinal(rng.randint(lo, hi)) for _ in range(3000)]
    amounts = [rng.randint(-60, 60) for _ in starts]
    got = add_working_days(CAL, np.array(starts, dtype="datetime64[D]"), np.array(amounts))
    expected = [CAL.add_working_days(d, n) for d, n in zip(starts, amounts, strict=True)]
    assert [x.item() for x in got] == expected


def test_make_up_saturday_that_numpy_cannot_express():
    got = add_working_days(CAL, np.array(["2026-01-08"], dtype="datetime64[D]"), 2)
    assert got[0].item() == date(2026, 1, 10)


def test_coverage_errors():
    with pytest.raises(CoverageError):
        add_working_days(CAL, np.array(["2017-12-29"], dtype="datetime64[D]"), 1)
    with pytest.raises(CoverageError):
        add_working_days(CAL, np.array(["2018-01-02"], dtype="datetime64[D]"), -1)
    with pytest.raises(CoverageError):
        add_working_days(CAL, np.array(["2030-12-30"], dtype="datetime64[D]"), 5)


def test_provisional_results_warn_or_raise():
    starts = np.array(["2026-12-30"], dtype="datetime64[D]")
    with pytest.warns(ProvisionalDataWarning):
        add_working_days(CAL, starts, 5)
    with pytest.raises(ProvisionalDataError):
        add_working_days(CAL.replace(strict=True), starts, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        add_working_days(CAL, np.array(["2026-03-03"], dtype="datetime64[D]"), 5)


def test_bad_input():
    with pytest.raises(InvalidInputError) as err:
        add_working_days(CAL, np.array(["2026-03-03"], dtype="datetime64[D]"), np.array([1.5]))
    assert err.value.field == "n"
    with pytest.raises(InvalidInputError) as err:
        add_working_days(CAL, ["not a date"], 1)
    assert err.value.field == "starts"
