"""A module of ``helpers`` as it was at an earlier commit, read from git, to run beside today's.

Modules written before the stage subpackages (issue 11) import their siblings relatively
(``from .language import …``); ``at_commit`` points those imports at where each module
lives now, so the old code runs on today's other modules.
"""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
# The flat layout before issue 11: module -> where it lives now, under helpers.
MOVED = {
    "corpus": "corpus.reading", "check": "corpus.check", "importers": "corpus.importers",
    "outlets": "corpus.outlets", "duplicates": "corpus.duplicates", "formats": "corpus.formats",
    "collect": "collect.links", "fetch": "collect.fetch", "wayback": "collect.wayback",
    "warc_files": "collect.warc_files", "clean": "text.clean", "dates": "text.dates",
    "bylines": "text.bylines", "navigation": "text.navigation", "language": "text.sentences",
    "kwic": "text.kwic", "sentiment": "measures.tone", "fast_vader": "measures.fast_vader",
    "target_polarity": "measures.target_polarity", "actors": "measures.actors",
    "framing": "measures.framing", "keyness": "measures.keyness", "voices": "measures.voices",
    "timeline": "measures.timeline", "validation": "measures.validation",
    "stats": "measures.stats", "plots": "figures.plots", "tables": "figures.tables",
    "findings": "figures.findings", "cache": "run.cache", "pipeline": "run.pipeline",
    "distributed": "run.distributed", "reports": "run.reports", "provenance": "run.provenance",
    "exercises": "teaching.exercises", "explore": "teaching.explore",
}
_RELATIVE = re.compile(r"^(\s*)from \.(\w+)", re.M)


def git_show(commit: str, path: str) -> str:
    """A commit and a repository path -> the file's text then (exit with a message when git cannot)."""
    try:
        return subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        raise SystemExit(f"cannot read the baseline {path} at {commit} from git: {err}") from None


def relocate(source: str) -> str:
    """Old module source -> the same with its relative imports pointed at today's modules."""
    return _RELATIVE.sub(lambda m: f"{m[1]}from helpers.{MOVED.get(m[2], m[2])}", source)


def at_commit(commit: str, path: str, name: str) -> ModuleType:
    """A commit, a module's path then and a module name -> the old module, loaded."""
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "helpers"
    sys.modules[name] = module
    source = relocate(git_show(commit, path))
    exec(compile(source, f"{commit}:{path}", "exec"), module.__dict__)
    return module
