# Set-up and checks. `make test` installs everything the tests need (Python packages, Debian's chromium)
# and runs lint and the test suite; CI runs exactly this.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install install-test browser lint check test build bench

install:
	$(PIP) install --quiet .

install-test:
	$(PIP) install --quiet -e '.[test]'

browser:
	bash .ci/install-system-deps

lint:
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m ruff format --check src tests benchmarks

test: install-test browser check

# Lint and tests without installing anything (what a change must pass before it lands).
check: lint
	$(PYTHON) -m pytest -q

build: install
	mmr-graph build

bench: install-test
	$(PYTHON) benchmarks/run.py
