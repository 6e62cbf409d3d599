# BLP platform. `make run` and `make test` are all a new machine needs (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install browser run test lint format bench bench-registry bench-training bench-finance bench-framework lock clean client

$(STAMP): pyproject.toml requirements.lock
	@echo "install: Python environment in $(VENV) (a minute the first time)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	@echo "install: dependencies from requirements.lock"
	$(BIN)/uv pip sync --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

run: install
	@$(BIN)/blp run

# Debian's chromium for the browser tests (tests/test_docs_ui.py): CI starts from a clean machine
# (as root), so the project installs it itself; nothing happens when it is already on PATH
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  echo "installing Debian's chromium for the browser tests (apt-get)" >&2; \
	  $$sudo apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends \
	    chromium fonts-dejavu-core || { \
	    echo "could not install chromium: the browser tests need it (apt-get install chromium)" >&2; \
	    exit 1; }; }

# pytest exits 5 when it collected nothing: that is a failure here, never a pass
test: install browser
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# the gateway hop against a direct call and nginx (a few minutes)
bench: install
	$(BIN)/python bench/gateway.py

# registry import, get-by-id and search at 100,000 companies on SQLite and PostgreSQL (long)
bench-registry: install
	$(BIN)/python bench/registry.py

# training: development plan event to needs visible (p50/p99), 10 MB upload memory (a minute)
bench-training: install
	$(BIN)/python bench/training.py

bench-finance: install
	$(BIN)/python bench/finance.py

# /v1/framework and the dashboard call over the demo year: all up, one down, one hung (~10 min)
bench-framework: install
	$(BIN)/python bench/framework.py

# regenerate the lockfiles after changing dependencies in pyproject.toml: requirements.lock
# (what `make install` syncs, dev tools included) and deploy/requirements.lock (the image's:
# the same versions, without the dev extra)
lock: install
	$(BIN)/uv pip compile -q pyproject.toml --extra dev -o requirements.lock
	$(BIN)/uv pip compile -q pyproject.toml --constraint requirements.lock -o deploy/requirements.lock

# the typed TypeScript client (clients/typescript/README.md): the gateway's merged OpenAPI
# document, built in-process (no server, no database), then the types generated from it;
# deterministic, so `git diff clients/typescript` shows what changed in the API
CLIENT := clients/typescript
client: install $(CLIENT)/node_modules/.installed-stamp
	$(BIN)/python $(CLIENT)/dump_openapi.py $(CLIENT)/openapi.json
	cd $(CLIENT) && npm run -s generate

$(CLIENT)/node_modules/.installed-stamp: $(CLIENT)/package.json $(CLIENT)/package-lock.json
	cd $(CLIENT) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
