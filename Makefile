# Two commands do all the set-up (see README):
#   make run   - install the app in .venv and launch it on its SQLite default
#   make test  - install everything (Python packages, Chromium, PostgreSQL, axe-core) and run every check
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint typecheck pytest system-deps browser-tools benchmarks clean

run: $(VENV)/.app-installed
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

test: $(VENV)/.test-installed system-deps browser-tools lint typecheck pytest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.app-installed

system-deps:
	bash scripts/install-system-deps.sh

# axe-core (the accessibility test injects it into the app's pages), pinned in package.json and
# package-lock.json, installed by npm into the git-ignored node_modules/.
browser-tools: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci
	touch $@

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

# PostgreSQL-backed store tests get a throwaway local server started by the script.
pytest:
	bash scripts/with-postgres.sh $(BIN)/python -m pytest

benchmarks: $(VENV)/.test-installed
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules
