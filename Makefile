# Convene: `make run` to try it, `make test` to test it. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Zone data from the pinned tzdata package, the same on every machine.
export PYTHONTZPATH :=
export PYTHONDONTWRITEBYTECODE := 1
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# `make run PORT=8001` serves on another port; links in e-mails and on the wiki follow
# SITE_URL, which defaults to the address served.
HOST ?= 127.0.0.1
PORT ?= 8000
SITE_URL ?= http://$(HOST):$(PORT)

# The interface languages' catalogs (locale names: pt_BR, zh_Hans); compiled here with
# Babel (no gettext needed), never committed.
LOCALES := en es fr pt_BR ar zh_Hans ja
MO_FILES := $(patsubst %.po,%.mo,$(wildcard src/convene/locale/*/LC_MESSAGES/django.po))

.PHONY: run setup test test-postgres test-fast lint bench messages catalogs clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel -q compile --input-file $< --output-file $@

catalogs: $(MO_FILES)

setup: $(STAMP) catalogs
	$(BIN)/convene migrate --noinput
	$(BIN)/convene collectstatic --noinput --verbosity 0
	SITE_URL=$(SITE_URL) $(BIN)/convene demo

run: setup
	SITE_URL=$(SITE_URL) INSECURE_HTTP=true $(BIN)/convene serve --host $(HOST) --port $(PORT)

# A module over 600 lines (src/, migrations aside) fails lint; MODULE_LINES_STRICT=0
# only names them.
MODULE_LINES_STRICT ?= 1

lint: $(STAMP)
	MODULE_LINES_STRICT=$(MODULE_LINES_STRICT) scripts/module-lines
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/convene makemigrations --check --dry-run --verbosity 1
	$(BIN)/lint-imports
	$(BIN)/mypy

# scripts/test-deps installs Chromium, gettext and MediaWiki where they are missing and it
# can (root, apt-get); it never fails the target (TEST_DEPS=0 turns it off).
test: lint catalogs
	@scripts/test-deps
	$(BIN)/pytest

# Runs the suite against the PostgreSQL in DATABASE_URL (default: the local `test`
# database); Django creates and drops its own test database next to it.
test-postgres: $(STAMP) catalogs
	@scripts/test-deps
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest

test-fast: $(STAMP) catalogs
	$(BIN)/pytest -m "not e2e" -x -q

bench: $(STAMP) catalogs
	$(BIN)/python bench/run.py

messages: $(STAMP)
	cd src/convene && ../../$(BIN)/convene makemessages $(LOCALES:%=--locale %) --ignore 'static/*' --no-obsolete
	$(BIN)/convene translations

clean:
	rm -rf $(VENV) var/static
