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

.PHONY: run test setup lint messages browser worker clean help

help:
	@echo "make run   - install what is missing, migrate, load the demo, serve http://127.0.0.1:$(PORT)"
	@echo "make test  - install what is missing and run the whole suite"
	@echo "make lint  - ruff, import contracts, migrations check"
	@echo "make messages - extract and compile the English catalogue"

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
# offline). Installed with apt when missing and allowed (root, or sudo without a password);
# LAMTHEO_NO_APT=1 forbids it. Without it the browser tests skip loudly, or fail under CI=true.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ -z "$$LAMTHEO_NO_APT" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; \
		else echo "!! Chromium is missing and apt is not allowed here: browser tests will skip"; exit 0; fi; \
		echo "Installing Debian's chromium for the browser tests..."; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			chromium fonts-liberation2 >/dev/null; \
	fi

test: setup browser
	.venv/bin/pytest $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	$(LAMTHEO) makemigrations --check --dry-run

messages: setup
	cd lamtheo && ../$(LAMTHEO) makemessages -l en --no-obsolete --no-location --ignore "tests/*"
	cd lamtheo && ../$(LAMTHEO) compilemessages

clean:
	rm -rf .venv .tools var .pytest_cache
