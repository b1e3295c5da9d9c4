"""The bundled example finds exactly the mistakes planted in it (scripts/make_example.py)."""

from __future__ import annotations

from pathlib import Path

from kyluat.check import check_file

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "dossiers.csv"
PLANTED_MISMATCHES = {
    "HS-2026-0001",  # 02/01/2026 swapped day off forgotten (holidays 0.109)
    "HS-2025-0102",  # receipt day counted
    "HS-2026-0203",  # Tết 2026 not skipped
    "HS-2025-0304",  # make-up Saturday 26/04/2025 not counted
    "HS-2026-0405",  # on time recorded for a late result
    "HS-2026-0506",  # supplement pause not added
}
PLANTED_ERRORS = {"HS-2026-0607", "HS-2026-0708", "HS-2026-0809", "HS-2026-0910"}


def test_example_has_a_few_hundred_records_over_2025_2026():
    report = check_file(str(EXAMPLE))
    assert 200 <= report.records <= 1000
    assert {m.id for m in report.mismatches} == PLANTED_MISMATCHES
    assert {e.id for e in report.errors} == PLANTED_ERRORS
    assert report.ok == report.records - len(PLANTED_MISMATCHES) - len(PLANTED_ERRORS)
