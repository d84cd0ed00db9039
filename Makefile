# pazar: `make run` serves the API on SQLite, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := pazar.settings

.PHONY: install install-dev run migrate demo test lint format messages worker beat serve-prod prodcheck error-codes loadtest bench migrationcheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a lock changes. Production needs requirements.lock only; the tools
# (pytest, ruff, schemathesis, Faker) are in requirements-dev.lock.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Regenerate docs/error-codes.md from the apps' error_codes.py (a test fails when it drifts).
error-codes: install
	$(BIN)/python manage.py error_codes_doc --write docs/error-codes.md

# Turkish translations of pazar's own messages; the compiled .mo is committed (no gettext needed to run).
messages: install
	$(BIN)/python manage.py makemessages -l tr --ignore=.venv --ignore=bench
	$(BIN)/python manage.py compilemessages -l tr --ignore=.venv

worker: install
	$(BIN)/celery -A pazar worker --loglevel=INFO

beat: install
	$(BIN)/celery -A pazar beat --loglevel=INFO

# Load and faults (not in CI): the production shape on its own PostgreSQL and Redis, 64 clients for
# 60 s while PostgreSQL restarts, Redis stops, workers are killed; writes bench/RELIABILITY.md.
loadtest: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -r bench/loadtest/requirements.lock
	$(BIN)/python bench/loadtest/run.py

# Speed (not in CI): pazar against a raw-SQL floor at small and large scale on the local PostgreSQL;
# writes bench/RESULTS.md and bench/results.png. BENCH_SCALES, BENCH_SECONDS, BENCH_CONCURRENCY.
bench: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -r bench/requirements.lock
	$(BIN)/python bench/run.py

# Migrations on a loaded database (not in CI): MIGRATIONS_SCALE's data (small unless set) in a new
# PostgreSQL database, every migration replayed one at a time while a probe reads and writes the big
# tables; writes bench/MIGRATIONS.md with each one's duration and longest lock.
migrationcheck: install-dev
	$(BIN)/python bench/migrations.py

# The production shape on one machine: gunicorn on PostgreSQL and Redis (set DATABASE_URL,
# REDIS_URL, SECRET_KEY, DEBUG=0, ALLOWED_HOSTS); run `make worker` and `make beat` beside it.
serve-prod: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn pazar.wsgi -c gunicorn.conf.py

# The production shape through nginx on loopback ports (nginx from Debian if missing): gunicorn with
# DEBUG=0 on PostgreSQL (DATABASE_URL's server, a database of its own) and Redis (REDIS_URL); checks
# health, admin CSS, Swagger JS, public and private media, X-Forwarded-For and a 413, then stops all.
prodcheck: install
	@command -v nginx >/dev/null 2>&1 || command -v /usr/sbin/nginx >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null)
	$(BIN)/python deploy/prodcheck.py

clean:
	rm -rf $(VENV) db.sqlite3 media private staticfiles
