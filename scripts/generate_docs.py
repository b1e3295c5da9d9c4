"""Regenerate the reference pages derived from code (lifecycle diagrams and JSON Schemas).

Run from the repository root: ``python scripts/generate_docs.py``. A test checks that the pages
in ``docs/reference/`` are what ``reference_docs()`` gives, so a change to the lifecycles fails
the tests until the pages are regenerated.
"""

from __future__ import annotations

import json
from pathlib import Path

from kyluat.lifecycle import DOSSIER_LIFECYCLE, DossierState, json_schemas, mermaid

TARGET = Path(__file__).resolve().parent.parent / "docs" / "reference"


def reference_docs() -> dict[str, str]:
    """The generated reference pages (file name → text) kept in ``docs/reference/``."""
    states = "\n".join(
        f"| {DossierState(state).portal_code} | `{state}` |" for state in DOSSIER_LIFECYCLE.states
    )
    page = (
        "# Lifecycles\n\n"
        "Generated from the definitions in `kyluat.lifecycle` by `scripts/generate_docs.py`; "
        "do not edit by hand.\n\n"
        "## Dossier (hồ sơ thủ tục hành chính)\n\n"
        "| portal code | state |\n|---|---|\n"
        f"{states}\n\n"
        f"```mermaid\n{mermaid('dossier').strip()}\n```\n\n"
        "## Assigned task (nhiệm vụ được giao)\n\n"
        f"```mermaid\n{mermaid('task').strip()}\n```\n"
    )
    schemas = json.dumps(json_schemas(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return {"lifecycles.md": page, "lifecycle-schemas.json": schemas}


def main() -> None:
    """Write the pages."""
    for name, text in reference_docs().items():
        (TARGET / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/reference/{name}")


if __name__ == "__main__":
    main()
