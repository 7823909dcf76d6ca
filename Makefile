# Set-up and checks. `make test` installs what the tests need (the Python packages of the test extra,
# Debian's chromium) and runs lint and the test suite; CI runs it in strict mode (.ci/run). Where something
# cannot be installed (no network, no apt, not root) it says what is missing and how to install it, and still
# runs lint and every test that can run (the others are skipped, each with its reason).
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install install-test browser lint check test build bench

install:
	$(PIP) install --quiet .

install-test:
	PYTHON=$(PYTHON) bash .ci/install-python-deps

browser:
	bash .ci/install-system-deps

lint:
	@if ! $(PYTHON) -c 'import ruff' 2>/dev/null && ! $(PYTHON) -m ruff --version >/dev/null 2>&1; then \
	  echo "missing: ruff, for lint (pip install -e '.[test]'); lint not run" >&2; \
	  if [ "$$MMR_GRAPH_STRICT_TESTS" = "1" ]; then exit 1; fi; \
	else \
	  $(PYTHON) -m ruff check src tests benchmarks && $(PYTHON) -m ruff format --check src tests benchmarks; \
	fi
	@if ! $(PYTHON) -m mypy --version >/dev/null 2>&1; then \
	  echo "missing: mypy, for the type check (pip install -e '.[test]'); type check not run" >&2; \
	  if [ "$$MMR_GRAPH_STRICT_TESTS" = "1" ]; then exit 1; fi; \
	else \
	  $(PYTHON) -m mypy; \
	fi

test: install-test browser check

# Lint and tests without installing anything (what a change must pass before it lands).
check: lint
	$(PYTHON) -m pytest -q

build: install
	mmr-graph build

# About 20 minutes on 2 cores (1k, 10k and 100k entries); `python benchmarks/run.py --help` for smaller runs.
bench: install-test
	$(PYTHON) benchmarks/run.py
