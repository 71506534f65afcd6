# lamtheo - `make run` serves the demo, `make test` runs the whole suite. Nothing else is needed
# on a fresh machine: both install what is missing (uv, the locked dependencies, Chromium).

SHELL := /bin/bash
PORT ?= 8000
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system

UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
LAMTHEO := .venv/bin/lamtheo
PYTEST_ARGS ?=

.PHONY: run test setup lint messages browser worker bench clean help

help:
	@echo "make run   - install what is missing, migrate, load the demo, serve http://127.0.0.1:$(PORT)"
	@echo "make test  - install what is missing and run the whole suite"
	@echo "make lint  - ruff, import contracts, migrations check"
	@echo "make messages - extract and compile the English catalogue"
	@echo "make bench - performance figures on SQLite and PostgreSQL, load test (throwaway databases)"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

setup: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --locked --quiet

run: setup
	$(LAMTHEO) migrate --noinput
	$(LAMTHEO) load-demo --if-empty
	@echo "lamtheo: http://127.0.0.1:$(PORT)/  (Ctrl+C to stop; the task worker runs alongside)"
	$(LAMTHEO) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(LAMTHEO) runserver 127.0.0.1:$(PORT)

worker: setup
	$(LAMTHEO) worker

# Debian's Chromium drives the browser tests (Playwright's own browser download cannot work
# offline); LibreOffice turns the official reports into PDF (and lets the tests look at page
# 1); fonts-liberation2 gives both Times New Roman's metrics with the Vietnamese letters.
# Installed with apt when missing and allowed (root, or sudo without a password);
# LAMTHEO_NO_APT=1 forbids it. Without them those tests skip loudly, or fail under CI=true.
browser:
	@if { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/soffice ]; } && [ -z "$$LAMTHEO_NO_APT" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; \
		else echo "!! Chromium or LibreOffice is missing and apt is not allowed here: their tests will skip"; exit 0; fi; \
		echo "Installing Debian's chromium and libreoffice-writer-nogui for the tests..."; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			chromium fonts-liberation2 libreoffice-writer-nogui >/dev/null; \
	fi

test: setup browser
	.venv/bin/pytest $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	$(LAMTHEO) makemigrations --check --dry-run

# Figures, not tests (docs/benchmarks.md): each run builds a national tree of about 100,000 units
# in a throwaway database (a temporary SQLite file; a fresh PostgreSQL database when one is
# reachable) and times the hierarchy queries, then bench-docs adds 100,000 documents and times
# the registry's searches; on PostgreSQL, bench-load then serves the application with gunicorn
# and loads it over loopback with locust; then bench-plans adds 1.6 million figures and times
# the indicator roll-up for a province and the country; bench-honours adds 400,000 exemplary
# cases with 500,000 commendations and times their statistics; bench-reporting has the first
# province's communes answer a report on 50 indicators (5,000 values) and times its
# consolidation and its .docx, .pdf and .xlsx; last, bench-oversight has those communes scored
# on 40 criteria and given 10,000 recommendations, and times the ranking, a reviewer's save,
# the board, the inbox and the listing. About 50 minutes on 2 cores.
BENCH_PG_HOST ?= 127.0.0.1
BENCH_PG_DB ?= lamtheo_bench
bench: setup
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
		export DATABASE_URL= LAMTHEO_DATA_DIR=$$tmp; \
		$(LAMTHEO) migrate -v0 && $(LAMTHEO) bench-org --keep && $(LAMTHEO) bench-docs && \
		$(LAMTHEO) bench-plans && $(LAMTHEO) bench-honours && $(LAMTHEO) bench-reporting && \
		$(LAMTHEO) bench-oversight
	@if command -v pg_isready >/dev/null && pg_isready -q -h $(BENCH_PG_HOST); then \
		psql -h $(BENCH_PG_HOST) -U postgres -qc "DROP DATABASE IF EXISTS $(BENCH_PG_DB)" \
			-c "CREATE DATABASE $(BENCH_PG_DB)" && \
		export DATABASE_URL=postgres://postgres@$(BENCH_PG_HOST):5432/$(BENCH_PG_DB) && \
		$(LAMTHEO) migrate -v0 && $(LAMTHEO) bench-org --keep && $(LAMTHEO) bench-docs && \
		$(LAMTHEO) bench-load && $(LAMTHEO) bench-plans && $(LAMTHEO) bench-honours && \
		$(LAMTHEO) bench-reporting && $(LAMTHEO) bench-oversight; \
		status=$$?; \
		psql -h $(BENCH_PG_HOST) -U postgres -qc "DROP DATABASE $(BENCH_PG_DB)"; exit $$status; \
	else echo "PostgreSQL not reachable at $(BENCH_PG_HOST): its figures are skipped"; fi

messages: setup
	cd lamtheo && ../$(LAMTHEO) makemessages -l en --no-obsolete --no-location --ignore "tests/*"
	cd lamtheo && ../$(LAMTHEO) compilemessages

clean:
	rm -rf .venv .tools var .pytest_cache
