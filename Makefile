# The Hub's commands. Needs only python3 (3.11+) and make; everything else is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run install setup demo test test-sqlite test-postgres test-browser lint format bench messages totp clean help

help:
	@echo "make run       set up and serve the demo site at http://127.0.0.1:$(PORT) (PORT= to change)"
	@echo "make test      run the whole test suite (SQLite; browser tests when Chromium is present)"
	@echo "make lint      formatting, lint, types, Django checks, migrations, import contracts"
	@echo "make bench     run the benchmarks (results under bench/results/)"
	@echo "make messages  extract and compile translations (needs GNU gettext)"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml requirements/constraints.txt
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c requirements/constraints.txt ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# Database (the migrations load the vocabularies) and demo content; safe to run again.
setup: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo

run: setup
	@echo "Starting the background task worker and the site at http://127.0.0.1:$(PORT)/"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	export HUB_BASE_URL="$${HUB_BASE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(PY) manage.py hub_worker --interval 2 & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

totp: install
	@$(PY) manage.py demo_totp

test: install
	@bash scripts/test.sh

test-postgres: install
	@OPENBLAS_NUM_THREADS=1 bash scripts/with-postgres.sh $(BIN)/pytest -q -m "not browser" -p no:randomly -n auto --dist load

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(PY) scripts/check_messages.py
	$(PY) scripts/check_status_writes.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	@mkdir -p bench/results
	$(PY) -m bench.run

messages: install
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
