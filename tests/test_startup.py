"""What ``kyluat day`` imports: Vietnam's calendar of ``holidays``, not every country's.

Structural, not timed (``benchmarks/startup_bench.py`` measures the time): each check runs in a
fresh interpreter, where ``sys.modules`` shows what the command path imported.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_day_command_imports_no_country_module_and_no_heavy_engine() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from kyluat.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as text:\n"
        "    status = main(['day', '2026-01-02'])\n"
        "assert status == 0 and 'swapped_day_off' in text.getvalue(), text.getvalue()\n"
        "countries = [m for m in sys.modules if m.startswith('holidays.countries')]\n"
        "heavy = [m for m in ('pydantic', 'transitions', 'numpy', 'pyarrow', 'kyluat.followup',"
        " 'kyluat._year_schema', 'fastapi', 'sqlalchemy') if m in sys.modules]\n"
        "print(countries, heavy)\n"
    )
    assert _run(code) == "[] []"


def test_vietnam_read_alone_gives_the_days_of_holidays_vn() -> None:
    # The same years through Vietnam's module read alone, then through holidays' own package
    # (which the second half imports): the records must be equal, provisional years included.
    code = (
        "import sys\n"
        "from kyluat import _statutory\n"
        "alone = _statutory.load(2018, 2040)\n"
        "assert not [m for m in sys.modules if m.startswith('holidays.countries')]\n"
        "_statutory._vietnam.cache_clear()\n"
        "import holidays\n"
        "from holidays.countries.vietnam import Vietnam\n"
        "assert _statutory._vietnam() is Vietnam\n"
        "assert _statutory.load(2018, 2040) == alone\n"
        "assert holidays.VN(years=2026) == Vietnam(years=2026)\n"
        "print(len(alone[0]), len(alone[1]))\n"
    )
    days, workdays = map(int, _run(code).split())
    assert days > 23 * 9  # at least the Labor Code's eleven days a year, and their names
    assert workdays > 0  # the swaps' Saturdays that holidays knows of


@pytest.mark.parametrize(
    "break_it",
    [
        # The module cannot be found where it was looked for.
        "importlib.util.spec_from_file_location = lambda *args, **kwargs: None",
        # The module is found but cannot be imported alone (relative import, renamed module).
        "real = importlib.util.spec_from_file_location\n"
        "bad = pathlib.Path(tempfile.mkdtemp(), 'vietnam.py')\n"
        "bad.write_text('from . import nothing_here')\n"
        "importlib.util.spec_from_file_location = lambda name, path: real(name, bad)",
    ],
    ids=["not-found", "import-error"],
)
def test_holidays_own_import_is_the_fallback(break_it: str) -> None:
    code = (
        "import importlib.util, pathlib, sys, tempfile\n"
        f"{break_it}\n"
        "from kyluat import _statutory\n"
        "from kyluat.calendar import default_calendar\n"
        "from datetime import date\n"
        "assert not default_calendar().is_working_day(date(2026, 2, 17))\n"
        "from holidays.countries.vietnam import Vietnam\n"
        "assert _statutory._vietnam() is Vietnam\n"
        "print('ok')\n"
    )
    assert _run(code) == "ok"
