"""Every example in kyluat's docstrings runs as a doctest."""

import doctest
import importlib
import pkgutil

import pytest

import kyluat

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(kyluat.__path__, "kyluat.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", ["kyluat", *MODULES])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_there_are_examples():
    total = sum(
        doctest.testmod(importlib.import_module(n), report=False).attempted for n in MODULES
    )
    assert total >= 20


def test_readme_examples():
    from pathlib import Path

    readme = Path(__file__).parent.parent / "README.md"
    result = doctest.testfile(str(readme), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted >= 4
