# pazar: `make run` serves the API on SQLite, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := pazar.settings

.PHONY: install install-dev run migrate demo test lint format messages worker beat serve-prod prodcheck replicacheck error-codes loadtest bench smoke migrationcheck clean

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

# Load and faults: the production shape on its own PostgreSQL and Redis (free ports), 64 clients for
# 60 s while PostgreSQL restarts, Redis stops, workers are killed; fails unless nothing is lost and
# every email is delivered once; writes bench/RELIABILITY.md. LOADTEST_SECONDS, LOADTEST_USERS.
loadtest: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -r bench/loadtest/requirements.lock
	$(BIN)/python bench/loadtest/run.py

# Speed: pazar against a raw-SQL floor at small and large scale on the local PostgreSQL;
# writes bench/RESULTS.md and bench/results.png. BENCH_SCALES, BENCH_SECONDS, BENCH_CONCURRENCY.
bench: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -r bench/requirements.lock
	$(BIN)/python bench/run.py

# CI's smoke of both tools (.ci/run): `make bench` at the tiny scale for a second per endpoint on
# database $(SMOKE_DB_PREFIX)_tiny, and `make loadtest` for 20 s with every fault; both fail on a
# broken endpoint, a lost write or an email not delivered once. Reports go to SMOKE_OUT, not bench/.
SMOKE_OUT ?= $(or $(TMPDIR),/tmp)/pazar-smoke
SMOKE_DB_PREFIX ?= pazar_bench_smoke
SMOKE_REDIS_URL ?= redis://127.0.0.1:6379/14
SMOKE_BENCH_PORT ?= 8290
smoke: install
	$(MAKE) bench BENCH_SMOKE=1 BENCH_SCALES=tiny BENCH_SECONDS=1 BENCH_ROUNDS=1 BENCH_WARMUP=0 \
		BENCH_CONCURRENCY=2 BENCH_WORKERS=1 BENCH_DB_PREFIX=$(SMOKE_DB_PREFIX) BENCH_PORT=$(SMOKE_BENCH_PORT) \
		BENCH_REDIS_URL=$(SMOKE_REDIS_URL) BENCH_OUT=$(SMOKE_OUT)/bench
	$(MAKE) loadtest LOADTEST_SECONDS=20 LOADTEST_USERS=8 LOADTEST_SHOPPERS=8 LOADTEST_WEB_WORKERS=2 \
		LOADTEST_DIGEST_MINUTES=0 LOADTEST_OUTBOX_WAIT=120 LOADTEST_REPORT=$(SMOKE_OUT)/RELIABILITY.md

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

# Reads on a real streaming replica (CI runs it after the suite): its own primary (initdb under a
# temporary directory, free loopback ports; never DATABASE_URL's server) and a standby from
# pg_basebackup -R; checks routing, read-your-writes, replay paused and the standby stopped.
replicacheck: install
	$(BIN)/python deploy/replicacheck.py

clean:
	rm -rf $(VENV) db.sqlite3 media private staticfiles
