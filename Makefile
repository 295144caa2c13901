# Kezek: every target bootstraps .venv when it is missing or pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

DEMO_DIR := var/demo
DEMO_DB := sqlite:///$(CURDIR)/$(DEMO_DIR)/server.db
export KEZEK_SMS_OUTBOX_PATH ?= $(CURDIR)/$(DEMO_DIR)/sms-outbox.jsonl

.PHONY: test lint format typecheck run bench clean

# System libraries Qt needs to run offscreen, and fonts with Kazakh letters; installed only
# when missing (Debian/Ubuntu, as root), so a fresh machine needs nothing by hand.
SYSTEM_PACKAGES := libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
	fonts-dejavu-core

$(STAMP): pyproject.toml
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
		echo "installing system packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

# The demo region is generated once into var/demo; delete that folder to start afresh.
run: $(STAMP)
	@mkdir -p $(DEMO_DIR)
	@test -f $(DEMO_DIR)/server.db || $(BIN)/kezek-server demo-data --db $(DEMO_DB) \
		--kindergartens 40 --applications 4000 --seed 1
	@echo "Demo logins: department admin/admin, kindergarten heads head1..head40 / demo"
	$(BIN)/kezek-server serve --db $(DEMO_DB) --dev-clock

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP)
	$(BIN)/mypy domain server_stub sync desktop

# Central server latencies on SQLite and PostgreSQL (10,000 kindergartens, 1,000,000
# applications) into docs/PERFORMANCE.md; e.g. make bench BENCH_ARGS="--quick --db sqlite"
bench: $(STAMP)
	$(BIN)/python -m bench --out docs/PERFORMANCE.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
