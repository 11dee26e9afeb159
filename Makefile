# Two commands do everything on a fresh machine (Python 3.11, pip, venv):
#   make reports   set up .venv and build every report from the bundled corpus
#   make test      set up .venv and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help setup reports test test-fast bench lab lock clean strip

help:  ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name kremlin-syria --display-name "Python (kremlin-syria)"
	touch $(STAMP)

setup: $(STAMP)  ## Create .venv and install the package, its tests' tools and the Jupyter kernel

reports: $(STAMP)  ## Execute every notebook on the bundled corpus into reports/ (index.html)
	$(BIN)/python -m helpers reports

test: $(STAMP)  ## Run the whole test suite (library, notebooks executed, report build)
	$(BIN)/python -m pytest

# The unit tests alone: no notebook executed, no report built, no browser (a few minutes).
SLOW_TESTS := tests/test_notebooks.py tests/test_reports.py tests/test_browser.py
test-fast: $(STAMP)  ## Run the unit tests alone (no notebooks, report build or browser)
	$(BIN)/python -m pytest $(addprefix --ignore=,$(SLOW_TESTS))

lock: $(STAMP)  ## After a green make test: record the installed versions in constraints.txt
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.tmp
	mv constraints.tmp constraints.txt

bench: $(STAMP)  ## Benchmark ours beside the naive way at 1,000, 10,000, 100,000 articles (~45 min; not in test)
	$(BIN)/python benchmarks/run.py

# JupyterLab serves the whole project (so helpers/data/*.toml|csv open in its editor) and
# starts in notebooks/; root (lab machines, containers) needs --allow-root.
LAB_UID   ?= $(shell id -u)
LAB_FLAGS := --ServerApp.root_dir="$(CURDIR)" --FileContentsManager.preferred_dir=notebooks \
             $(if $(filter 0,$(LAB_UID)),--allow-root)

lab: $(STAMP)  ## Open JupyterLab at the project root, in notebooks/, with the project's kernel
	$(BIN)/jupyter lab $(LAB_FLAGS)

strip: $(STAMP)  ## Remove outputs from the notebooks before committing them
	$(BIN)/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb

clean:  ## Remove .venv and generated reports
	rm -rf $(VENV) reports/*.html reports/*.ipynb reports/*_files reports/index.json reports/build.log
