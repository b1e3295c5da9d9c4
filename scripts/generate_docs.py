"""Regenerate the reference pages derived from code (lifecycle diagrams and JSON Schemas).

Run from the repository root: ``python scripts/generate_docs.py``.
"""

from __future__ import annotations

from pathlib import Path

from kyluat.lifecycle import reference_docs

TARGET = Path(__file__).resolve().parent.parent / "docs" / "reference"

for name, text in reference_docs().items():
    (TARGET / name).write_text(text, encoding="utf-8")
    print(f"wrote docs/reference/{name}")
