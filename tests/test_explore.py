"""The explorer widget: what it shows in JupyterLab, and that a batch build creates none."""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import Markdown
from ipywidgets.widgets.widget import _instances  # every widget created, by id

from helpers.config import BATCH_ENV
from helpers.teaching.explore import kwic_explorer

ARTICLES = pd.DataFrame({
    "article_id": ["a", "b"], "outlet": ["Press TV", "The Independent"],
    "published": pd.to_datetime(["2016-09-29", "2015-09-24"]),
    "body": ["Peskov said <script>alert(1)</script> Daesh would lose.", "Rogachev said Isis would talk."],
})


def test_in_a_batch_build_the_explorer_is_a_note_and_no_widget(monkeypatch):
    monkeypatch.setenv(BATCH_ENV, "1")
    before = len(_instances)
    shown = kwic_explorer(ARTICLES, term="Daesh")
    assert isinstance(shown, Markdown) and "JupyterLab" in shown.data and "make lab" in shown.data
    assert len(_instances) == before                 # nothing for a frontend to wait on


def test_in_jupyterlab_the_lines_show_as_escaped_html_and_follow_the_term(monkeypatch):
    monkeypatch.delenv(BATCH_ENV, raising=False)
    box = kwic_explorer(ARTICLES, term="Daesh")
    controls, view = box.children
    assert isinstance(view, widgets.HTML)                        # no Output widget to capture into
    assert "<td>Press TV</td>" in view.value and "The Independent" not in view.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.value and "<script>" not in view.value
    controls.children[1].children[0].value = "Isis"              # type another term
    assert "<td>The Independent</td>" in view.value and "Press TV" not in view.value
    controls.children[1].children[1].value = "2016-13"           # a half-typed date
    assert view.value.startswith("<p>") and "<table" not in view.value
