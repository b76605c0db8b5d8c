# Ouderbetrokkenheid: the commands the README names. Environment overrides are honoured
# (DATABASE_URL, REDIS_URL, PYTEST_ARGS, ADDRESS, …).
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV ?= .venv
PYTEST_ARGS ?=
RUFF_VERSION ?= 0.17.6

.PHONY: help setup setup-test run demo-reset test test-days services bench lint format accessibility-statement

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

setup: ## Install what is missing (Debian packages, .venv, requirements)
	scripts/setup

setup-test: ## As setup, plus what the tests need (Debian's chromium)
	scripts/setup --test

run: setup ## Set up, load the demo school and run the app (web + Celery worker/beat) in development mode
	scripts/run

demo-reset: setup ## Start the demo afresh (deletes the demo school with what you added), simulated up to today
	scripts/demo-reset

test: setup-test ## Set up, start PostgreSQL/Redis if needed, check migrations and run all tests
	scripts/test $(PYTEST_ARGS)

test-days: setup-test ## The whole suite on each day the year's edges fall on (DAYS="2027-02-10 today" for others)
	scripts/test-days $(DAYS)

accessibility-statement: setup-test services ## Run the axe browser tests and write the accessibility statement's data
	@mkdir -p var && rm -f var/axe-results.jsonl
	OB_AXE_RESULTS="$(CURDIR)/var/axe-results.jsonl" DJANGO_SETTINGS_MODULE=ouderbetrokkenheid.settings_test \
	  $(VENV)/bin/pytest -q -p no:cacheprovider tests/e2e/test_accessibility.py::test_page_has_no_serious_wcag_violation \
	  tests/reach/test_dashboard_browser.py tests/e2e/test_privacy_flow.py; status=$$?; \
	DJANGO_SETTINGS_MODULE=ouderbetrokkenheid.settings_test $(VENV)/bin/python manage.py accessibility_statement \
	  var/axe-results.jsonl && exit $$status

services: setup ## Make sure PostgreSQL and Redis answer (start them if local and down)
	scripts/services

bench: setup services ## Run every bench/bench_*.py (DATABASE_URL/REDIS_URL: a scratch database it drops)
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ob_bench}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/15}" bench/run_all.sh

lint: setup ## ruff check and format check, and the layer contract (lint-imports, .importlinter)
	@$(VENV)/bin/ruff --version >/dev/null 2>&1 || $(VENV)/bin/python -m pip install -q "ruff==$(RUFF_VERSION)"
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: setup ## ruff: fix imports and format
	@$(VENV)/bin/ruff --version >/dev/null 2>&1 || $(VENV)/bin/python -m pip install -q "ruff==$(RUFF_VERSION)"
	$(VENV)/bin/ruff check --select I --fix .
	$(VENV)/bin/ruff format .
