# The two commands of the README: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Branch coverage the tests must keep, in percent (README, "Working on the code").
COVERAGE_FLOOR := 89
COVERAGE_FLOOR_PARTNERSHIPS := 96
COVERAGE_FLOOR_MEETINGS := 92
COVERAGE_FLOOR_SERVICES := 88
SERVICES := coop_lib/writes.py,partnerships/services.py,meetings/services.py
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links

.PHONY: serve setup test lint lock mutation

# Creates the virtual environment and installs the locked Python packages
# (every hash checked) and the npm packages; re-runs only when a lock changes.
$(INSTALLED): requirements.lock requirements-dev.lock package.json package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required.")'
	@command -v npm >/dev/null 2>&1 || { echo "Node.js 18 or newer with npm is required (it installs Bootstrap)."; exit 1; }
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' || { echo "Node.js 18 or newer is required."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	npm ci --no-audit --no-fund --loglevel=error
	touch $(INSTALLED)

setup: $(INSTALLED)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py setup_roles
	$(BIN)/python manage.py load_demo

# The development server with a job worker beside it (background jobs:
# large exports, the reminder digests); Ctrl-C stops both.
serve: setup
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker & worker=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy

test: lint
	$(BIN)/pytest --cov --cov-report=
	$(BIN)/coverage report --fail-under=$(COVERAGE_FLOOR)
	$(BIN)/coverage report --include='partnerships/*' --fail-under=$(COVERAGE_FLOOR_PARTNERSHIPS) --format=total
	$(BIN)/coverage report --include='meetings/*' --fail-under=$(COVERAGE_FLOOR_MEETINGS) --format=total
	$(BIN)/coverage report --include='$(SERVICES)' --fail-under=$(COVERAGE_FLOOR_SERVICES) --format=total

# Re-resolves the full dependency set, with hashes, from the hand-written
# pins in requirements.txt and requirements-dev.txt.
lock: $(INSTALLED)
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --output-file requirements-dev.lock requirements-dev.txt

# Mutation testing of the write door, the row rules and the export cells
# (slow: not part of `make test`); the score goes in the README.
mutation: $(INSTALLED)
	-$(BIN)/mutmut run
	$(BIN)/mutmut results
