"""Tests for the package's public API: helpers.__all__ matches what __init__ imports."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import helpers

INIT = Path(helpers.__file__)
CONTRACT = ["load_corpus", "sentence_sentiment", "frame_prevalence", "lexical_choice", "timeline"]


def imported_names() -> dict[str, str]:
    """Public names bound by __init__.py's `from .module import ...` statements -> module."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    names = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                name = alias.asname or alias.name
                if not name.startswith("_"):
                    names[name] = node.module
    return names


def test_all_has_no_duplicates():
    assert len(helpers.__all__) == len(set(helpers.__all__))


def test_all_equals_imported_public_names():
    assert set(helpers.__all__) == set(imported_names())


def test_every_name_in_all_exists():
    missing = [n for n in helpers.__all__ if not hasattr(helpers, n)]
    assert missing == []


def test_every_public_callable_attribute_is_exported():
    public = {n for n, v in vars(helpers).items()
              if not n.startswith("_") and callable(v) and not inspect.ismodule(v)}
    assert public - set(helpers.__all__) == set()


def test_imported_names_come_from_their_modules():
    import importlib

    for name, module in imported_names().items():
        source = importlib.import_module(f"helpers.{module}")
        assert getattr(helpers, name) is getattr(source, name), name


@pytest.mark.parametrize("name", CONTRACT)
def test_contract_names_exported(name):
    assert name in helpers.__all__
    assert callable(getattr(helpers, name))


def test_star_import_gives_exactly_all():
    namespace: dict = {}
    exec("from helpers import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(helpers.__all__)


def test_version_is_a_string():
    assert isinstance(helpers.__version__, str) and helpers.__version__.count(".") == 2
