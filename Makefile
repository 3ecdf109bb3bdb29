# `make` lists the targets. Two commands do all the set-up (see README):
#   make run   - install the app in .venv and launch it on its SQLite default (localhost only)
#   make test  - install everything (Python packages, Chromium, PostgreSQL, nginx, axe-core) and run every check
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8501

.DEFAULT_GOAL := help
.PHONY: help install run test lint typecheck pytest cluster cluster-test system-deps \
	browser-tools benchmarks bench-cluster clean

help: ## list the targets
	@echo "Targets (variables: HOST=$(HOST) PORT=$(PORT) VENV=$(VENV) PYTHON=$(PYTHON)):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-13s %s\n", $$1, $$2}'

install: $(VENV)/.app-installed ## install the app into .venv

# Forwarded headers: Streamlit's server (uvicorn) believes X-Forwarded-For from 127.0.0.1 unless
# FORWARDED_ALLOW_IPS says otherwise; here it follows READINESS_TRUSTED_PROXIES (unset or empty:
# nobody), so a spoofed header on a direct or tunnelled connection passes no limit.
# No outside lookups: Streamlit prints our URL (its own banner looks up the public address
# when bound to every interface) and sends no usage statistics.
run: $(VENV)/.app-installed ## launch the app on http://HOST:PORT (HOST=0.0.0.0 serves other machines)
	@echo "Serving the app on http://$(HOST):$(PORT)  (Ctrl-C stops it)"
	FORWARDED_ALLOW_IPS="$${READINESS_TRUSTED_PROXIES-}" \
		$(BIN)/streamlit run streamlit_app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false --logger.hideWelcomeMessage true

test: $(VENV)/.test-installed system-deps browser-tools lint typecheck pytest cluster-test ## install everything and run every check (what CI runs)

# python3 -m venv needs python3-venv on Debian: installed first when missing.
$(VENV)/bin/python:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || bash scripts/install-system-deps.sh venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.app-installed

system-deps: ## install the Debian packages the checks need (Chromium, PostgreSQL, nginx, npm)
	bash scripts/install-system-deps.sh

# axe-core (the accessibility test injects it into the app's pages), pinned in package.json and
# package-lock.json, installed by npm into the git-ignored node_modules/.
browser-tools: node_modules/axe-core/axe.min.js ## fetch the pinned axe-core (accessibility test)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci
	touch $@

lint: ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: ## mypy over the package
	$(BIN)/mypy

# PostgreSQL-backed store tests get a throwaway local server started by the script.
pytest: ## unit, integration and browser tests (a throwaway PostgreSQL included)
	bash scripts/with-postgres.sh $(BIN)/python -m pytest

cluster: $(VENV)/.app-installed ## nginx + 2 app replicas + PostgreSQL on http://127.0.0.1:8080 (CLUSTER_PORT, CLUSTER_REPLICAS)
	PYTHON=$(abspath $(BIN))/python bash scripts/cluster.sh

cluster-test: $(VENV)/.test-installed system-deps ## the browser test through nginx to two replicas
	$(BIN)/python -m pytest -m cluster tests/e2e/test_cluster.py tests/e2e/test_cluster_failover.py

benchmarks: $(VENV)/.test-installed ## every benchmark, each beside a bare baseline
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

bench-cluster: $(VENV)/.test-installed system-deps ## the workshop benchmark through the cluster (and on one replica alone)
	PYTHON=$(abspath $(BIN))/python CLUSTER_PORT=$${CLUSTER_PORT:-8080} bash scripts/cluster.sh \
		bash scripts/bench-cluster.sh $(abspath $(BIN))/python

clean: ## remove what the make targets made: .venv, caches, egg-info, build files, data/ (the SQLite database)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info build dist data \
		node_modules
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
