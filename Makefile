# Two commands do all the set-up (see README):
#   make run   - install the app in .venv and launch it on its SQLite default
#   make test  - install everything (Python packages, Chromium, PostgreSQL) and run every check
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint typecheck pytest system-deps benchmarks clean

run: $(VENV)/.app-installed
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

test: $(VENV)/.test-installed system-deps lint typecheck pytest

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
