# Clientbook. `make run` and `make test` work on a fresh machine: they create .venv and install on first use.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt bench fuzz install browser

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install Clientbook with its development tools

# The browser test (tests/e2e/test_browser_sso.py) drives Debian's Chromium through Playwright; never `playwright install`.
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) apt-get update && $(SUDO) apt-get install -y chromium

browser: $(CHROMIUM) ## install Debian's Chromium for the real-browser test when it is missing

run: $(STAMP) ## migrate, create a demo business on an empty database, serve on 127.0.0.1:8000 (SQLite in ./var)
	@mkdir -p var
	$(BIN)/clientbook db upgrade
	$(BIN)/clientbook demo
	$(BIN)/clientbook serve --host 127.0.0.1 --port 8000

# axe-core, injected by the browser tests to check each page's accessibility (tests/e2e/node_modules, gitignored).
AXE := tests/e2e/node_modules/axe-core/axe.min.js

$(AXE):
	npm install --no-save --no-audit --no-fund --prefix tests/e2e axe-core@4

# The suite runs in TEST_WORKERS processes (pytest-xdist), one per core of the 2-core machines CI runs on: each worker
# migrates its own SQLite file and PostgreSQL database (tests/conftest.py), so workers share only the PostgreSQL
# server. worksteal hands each worker a contiguous half of the run (mostly one backend each, so each migrates few
# databases) and lets an idle worker take the tail of the other's. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2

test: $(STAMP) $(CHROMIUM) $(AXE) ## the whole suite on SQLite, and on PostgreSQL too when CLIENTBOOK_TEST_POSTGRES_URL is set
	$(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist worksteal

lint: $(STAMP) ## ruff (format and rules) and mypy
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

fmt: $(STAMP) ## format and fix what ruff can
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

fuzz: $(STAMP) ## schemathesis against every dialect's served OpenAPI on a real server (SQLite; PostgreSQL too when CLIENTBOOK_TEST_POSTGRES_URL is set)
	$(BIN)/python -m tests.fuzz

bench: $(STAMP) ## load benchmarks against a real server, as ratios to a ceiling measured in the same run
	$(BIN)/python -m bench
