"""Every example in kyluat's docstrings runs as a doctest."""

import doctest
import importlib
import pkgutil
from pathlib import Path

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


ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(ROOT.glob("docs/**/*.md"))


def test_readme_examples():
    readme = ROOT / "README.md"
    result = doctest.testfile(str(readme), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted >= 4


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_examples(page):
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.failed == 0


def test_docs_have_runnable_examples():
    attempted = sum(
        doctest.testfile(str(p), module_relative=False, report=False).attempted for p in PAGES
    )
    assert attempted >= 25
