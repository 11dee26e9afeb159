"""Tests for the package's public API: the lazy front door gives every listed name, and only on use."""
from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import helpers

CONTRACT = ["load_corpus", "sentence_sentiment", "frame_prevalence", "lexical_choice", "timeline"]
HEAVY = ["matplotlib", "seaborn", "scipy", "IPython", "ipywidgets", "dask", "nltk", "papermill"]


def test_all_has_no_duplicates():
    assert len(helpers.__all__) == len(set(helpers.__all__))


def test_all_equals_the_api_table():
    assert set(helpers.__all__) == {name for names in helpers.API.values() for name in names}


def test_every_name_in_all_exists():
    missing = [n for n in helpers.__all__ if not hasattr(helpers, n)]
    assert missing == []


def test_every_listed_name_is_its_modules_own_object():
    for module, names in helpers.API.items():
        source = importlib.import_module(f"helpers.{module}")
        for name in names:
            assert getattr(helpers, name) is getattr(source, name), (module, name)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        helpers.no_such_name


def test_import_helpers_loads_no_heavy_stack():
    code = ("import sys, helpers; heavy = " + repr(HEAVY) +
            "; print(','.join(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_public_name_loads_its_stack_only_when_used():
    code = ("import sys, helpers; helpers.plot_tone; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


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
