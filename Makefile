# Two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The demo and the suite are development runs: DEBUG on unless the caller set it (the settings default
# to off, which a production install needs).
run demo migrate worker test pytest checks typecheck check-migrations bench: export DEBUG ?= true

.PHONY: run test venv dev-venv migrate demo worker checks lint typecheck check-migrations pytest bench clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("需要 Python 3.11 或更高版本 (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.dev-installed

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## make run: set up, migrate, load demo data, start the worker and the web server on $(HOST):$(PORT)
run: demo
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@$(PY) manage.py worker & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

worker: venv
	$(PY) manage.py worker

## make test: lint, type check, migrations check and the whole pytest suite, side by side (each
## prints its output when it finishes); any failure fails the run
test: dev-venv
	@$(MAKE) --no-print-directory -j4 --output-sync=target checks pytest

checks: lint typecheck check-migrations

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## mypy with django-stubs: strict for lib/, workdays/, search/ and every law.py, basic elsewhere (pyproject.toml)
typecheck: dev-venv
	$(VENV)/bin/mypy

check-migrations: dev-venv
	$(PY) manage.py makemigrations --check --dry-run

## the suite runs on every core (pytest-xdist); PYTEST_ARGS="-n0" runs it in one process
PYTEST_ARGS ?= -n auto --dist worksteal
pytest: dev-venv
	$(PY) -m pytest $(PYTEST_ARGS)

bench: dev-venv
	$(PY) bench/workdays.py
	$(PY) bench/annual_report.py
	$(PY) bench/imports.py
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
