# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint typecheck format bench migrate sample-data browser-deps schemathesis clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"

$(VENV)/.run-installed: requirements.lock | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(PY) manage.py import_authorities
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_sample_data
	DEBUG=$${DEBUG:-true} $(PY) manage.py recompute_deadlines --no-progress
	DEBUG=$${DEBUG:-true} VENV=$(VENV) ./scripts/run.sh

test: $(VENV)/.dev-installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.dev-installed
	DEBUG=true $(VENV)/bin/mypy foitracker requests_app

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.dev-installed
	$(PY) -m pytest bench -p no:randomly --benchmark-only $(PYTEST_ARGS)

# The API fuzzed against its OpenAPI schema on a live gunicorn (README "API schema").
schemathesis: $(VENV)/.dev-installed
	VENV=$(VENV) ./scripts/schemathesis.sh

# Debian's Chromium and axe-core for the browser tests (tests/browser); CI runs the same.
browser-deps:
	./.ci/system-deps

clean:
	rm -rf $(VENV) data/*.sqlite3 data/broker staticfiles
