# Jansewa: two commands on a fresh machine -- `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= data
EXPORTS   ?= $(DATA)/exports
WAREHOUSE ?= $(DATA)/warehouse/jansewa.duckdb
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: demo generate refresh serve up test test-deps lint format bench browser-deps postgres-deps clean

# The stylesheets and scripts GX Data Docs link to, served by the dashboard so that the docs
# work with no network (dashboards/data_docs.py). The versions are the ones the docs ask for
# (bootstrap 4.3.1 declares popper >= 1.14.7 as a peer; the docs load popper 1.12.9).
VENDOR := dashboards/vendor
$(VENDOR)/node_modules/.installed: $(VENDOR)/package.json
	@command -v npm >/dev/null 2>&1 || { echo "npm missing: Data Docs will be served without their styles"; exit 0; }; \
	  npm install --prefix $(VENDOR) --no-package-lock --no-audit --no-fund --ignore-scripts \
	    --omit=dev --legacy-peer-deps --loglevel=error && touch $@

# The venv is rebuilt whenever the declared dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

demo: $(VENV)/.installed $(VENDOR)/node_modules/.installed
	$(BIN)/jansewa demo --exports $(EXPORTS) --warehouse $(WAREHOUSE) --host $(HOST) --port $(PORT)

generate: $(VENV)/.installed
	$(BIN)/jansewa generate --out $(EXPORTS) --scale demo

refresh: $(VENV)/.installed
	$(BIN)/jansewa refresh --exports $(EXPORTS) --warehouse $(WAREHOUSE)

serve: $(VENV)/.installed $(VENDOR)/node_modules/.installed
	$(BIN)/jansewa serve --warehouse $(WAREHOUSE) --host $(HOST) --port $(PORT)

# The service on this machine: dagster-daemon, dagster-webserver and the dashboard under
# gunicorn, supervised together until Ctrl+C (JANSEWA_PII_KEY must be set).
up: $(VENV)/.installed $(VENDOR)/node_modules/.installed
	$(BIN)/jansewa up --exports $(EXPORTS) --warehouse $(WAREHOUSE) --host $(HOST) --dashboard-port $(PORT)

# Browser tests need Debian's chromium and its driver, and a Devanagari font for the Hindi
# pages; install them when missing.
browser-deps:
	@{ command -v chromium && command -v chromedriver && fc-list | grep -qi "Noto Sans Devanagari"; } >/dev/null 2>&1 || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-core >/dev/null) \
	    || echo "chromium/chromedriver missing and not installable: browser tests will be skipped"; }

# The PostgreSQL run-storage test starts a throw-away cluster; install the server when
# missing (the test is skipped, saying why, when it cannot be).
postgres-deps:
	@{ command -v initdb || ls /usr/lib/postgresql/*/bin/initdb; } >/dev/null 2>&1 || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	    || echo "postgresql missing and not installable: the PostgreSQL test will be skipped"; }

test-deps: browser-deps postgres-deps

# pytest exits 5 when it collects no test; make treats every non-zero exit as a failure.
# Two workers (pytest-xdist), one per core of the reference machine; a file's tests stay on
# one worker, so module fixtures are built once; files go out in collection order, which
# tests/conftest.py sorts longest first. The slowest tests are listed at the end.
test: $(VENV)/.installed $(VENDOR)/node_modules/.installed test-deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=25

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(DATA) test-output bench-output $(VENDOR)/node_modules
