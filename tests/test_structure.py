"""The structure of the package, as rules a test can hold (STYLE.md 3, 21; docs: design).

* No module imports another public module's private names: what several modules share lives in
  a private kernel module (``kyluat._moments``, ``kyluat._values`` …) made for sharing.
* Each third-party engine has one room: only the lifecycle package imports ``transitions``,
  only ``_statutory`` imports ``holidays``; only the CLI prints.
* Every source module stays under 700 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MODULES = sorted((SRC / "kyluat").rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_private_module(name: str) -> bool:
    return any(part.startswith("_") for part in name.split(".")[1:])


def _imports(path: Path) -> list[tuple[str, str, int]]:
    """(module, imported name or '', line) of every import in a file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend((node.module, alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, "", node.lineno) for alias in node.names)
    return found


def test_the_scan_sees_the_whole_package() -> None:
    names = {_name(p) for p in MODULES}
    assert {"kyluat", "kyluat.deadline", "kyluat._moments", "kyluat._values"} <= names


def _offends(module: str, name: str) -> bool:
    """A private name of a public module (a private submodule is a kernel, not an offence)."""
    if not module.startswith("kyluat") or _is_private_module(module):
        return False
    if f"{module}.{name}" in NAMES:
        return False  # `from kyluat import _moments`: the module is the kernel itself
    return name.startswith("_") and not name.startswith("__")


NAMES = {_name(p) for p in MODULES}


def test_no_module_imports_private_names_of_a_public_module() -> None:
    offences = []
    for path in MODULES:
        importer = _name(path)
        for module, name, line in _imports(path):
            if _offends(module, name):
                offences.append(f"{importer}:{line} imports {name} from public {module}")
    assert offences == []


def test_the_scan_would_catch_an_offence(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from kyluat.deadline import _index\n"
        "from kyluat._moments import local\n"
        "from kyluat import _trace\n"
        "from kyluat.calendar import __all__\n"
    )
    caught = [(m, n) for m, n, _ in _imports(bad) if _offends(m, n)]
    assert caught == [("kyluat.deadline", "_index")]


@pytest.mark.parametrize(
    ("dependency", "allowed_prefix"),
    [
        ("transitions", "kyluat.lifecycle"),
        ("holidays", "kyluat._statutory"),
        ("pyarrow", "kyluat.columnar"),
        ("sqlalchemy", "kyluat.store"),
        ("alembic", "kyluat.store"),
        ("fastapi", "kyluat.server"),
        ("uvicorn", "kyluat.server"),
        ("starlette", "kyluat.server"),
    ],
)
def test_each_engine_has_one_room(dependency: str, allowed_prefix: str) -> None:
    users = {
        _name(path)
        for path in MODULES
        for module, _, _ in _imports(path)
        if module == dependency or module.startswith(dependency + ".")
    }
    assert users, f"nothing imports {dependency}"
    assert all(user.startswith(allowed_prefix) for user in users), users


def test_numpy_is_imported_only_by_the_array_modules() -> None:
    users = {
        _name(path)
        for path in MODULES
        for module, _, _ in _imports(path)
        if module == "numpy" or module.startswith("numpy.")
    }
    assert users
    assert all(
        user.startswith("kyluat.columnar") or user in ("kyluat._vector", "kyluat.batch")
        for user in users
    ), users


def test_import_kyluat_imports_no_array_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, kyluat, kyluat.check, kyluat.cli; "
        "print(sorted(m for m in ('numpy', 'pyarrow', 'pandas', 'polars', 'sqlalchemy') "
        "if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"


def test_only_the_cli_prints() -> None:
    printers = set()
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "print"
            ):
                printers.add(_name(path))
    assert printers <= {"kyluat.cli"}, printers


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_every_module_is_under_700_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < 700, f"{_name(path)} has {lines} lines"


# The floors of docs/explanation/design.md, lowest first: a module imports from its own floor or
# lower ones, never from a higher floor, so data flows one way.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("kyluat.errors",),
    (
        "kyluat._values",
        "kyluat._text",
        "kyluat._moments",
        "kyluat._validate",
        "kyluat._outcomes",
        "kyluat._models",
    ),
    ("kyluat.sources", "kyluat.data"),
    (
        "kyluat._days",
        "kyluat._calendar_index",
        "kyluat._statutory",
        "kyluat.calendar",
        "kyluat.duration",
        "kyluat.limits",
        "kyluat._limit_text",
        "kyluat.office_hours",
        "kyluat._year_files",
        "kyluat._year_schema",
        "kyluat._ics",
    ),
    ("kyluat._worktime", "kyluat._trace", "kyluat.deadline", "kyluat.datafiles"),
    ("kyluat.sla", "kyluat.process", "kyluat._vector"),
    (
        "kyluat.check",
        "kyluat.metrics",
        "kyluat.ratings",
        "kyluat.lifecycle",
        "kyluat.strategies",
        "kyluat.conformance",
        "kyluat.vectors",
        "kyluat.batch",
        "kyluat.columnar",
        "kyluat.store",
    ),
    ("kyluat.followup", "kyluat.server"),
    (
        "kyluat.cli",
        "kyluat._arguments",
        "kyluat._render",
        "kyluat._output",
        "kyluat._hypothesis",
        "kyluat.__main__",
        "kyluat",
    ),
)


def _floor(module: str) -> int:
    best = -1, -1  # (length of the matching prefix, floor)
    for number, rooms in enumerate(FLOORS):
        for room in rooms:
            if (module == room or module.startswith(room + ".")) and len(room) > best[0]:
                best = len(room), number
    return best[1]


def test_every_module_has_a_floor() -> None:
    assert [name for name in NAMES if _floor(name) < 0] == []
    assert _floor("kyluat.cli") > _floor("kyluat.deadline") > _floor("kyluat._moments") > 0
    assert _floor("kyluat.check._rows") == _floor("kyluat.check")


def test_imports_go_down_only() -> None:
    upward = []
    for path in MODULES:
        importer = _name(path)
        for module, name, line in _imports(path):
            if not module.startswith("kyluat"):
                continue
            target = f"{module}.{name}" if f"{module}.{name}" in NAMES else module
            if _floor(target) > _floor(importer):
                upward.append(f"{importer}:{line} imports {target}, a higher floor")
    assert upward == []
