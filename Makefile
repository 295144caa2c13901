# Kezek: every target bootstraps .venv when it is missing or pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the desk window of `make run` must use the real display, whatever the tests use
RUN_QPA := $(QT_QPA_PLATFORM)
export QT_QPA_PLATFORM ?= offscreen

DEMO_DIR := var/demo
DEMO_DB := sqlite:///$(CURDIR)/$(DEMO_DIR)/server.db
export KEZEK_SMS_OUTBOX_PATH ?= $(CURDIR)/$(DEMO_DIR)/sms-outbox.jsonl

DEMO_PORT := 8750
DEMO_URL := http://127.0.0.1:$(DEMO_PORT)
DESK_HOME := $(DEMO_DIR)/desk
# the demo store's passphrase where the machine has no keyring (a real desk asks for it)
DEMO_PASSPHRASE := kezek demo desk

# Qt Linguist: .ts sources are kept in git, .qm files are build outputs (gitignored)
I18N_DIR := desktop/i18n
LANGS := kk ru en
TS := $(patsubst %,$(I18N_DIR)/kezek_%.ts,$(LANGS))
QM := $(patsubst %,$(I18N_DIR)/kezek_%.qm,$(LANGS))

.PHONY: test lint format typecheck run demo-server stop-demo-server bench clean i18n lupdate screenshots

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

test: $(STAMP) i18n
	$(BIN)/python -m pytest

i18n: $(QM)

$(I18N_DIR)/kezek_%.qm: $(I18N_DIR)/kezek_%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# After changing UI texts: refresh the .ts sources, then translate the new entries
# (pyside6-linguist, or by hand); a test refuses unfinished entries.
lupdate: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations none $$(find desktop/ui -name '*.py' | sort) -ts $(TS)

# The demo region is generated once into var/demo (referrals waiting at the first five
# kindergartens); delete that folder to start afresh. The server runs in the background
# (log: var/demo/server.log, pid: var/demo/server.pid) and is reused while it answers;
# the desk opens signed in as head1 (profile "demo", its store under var/demo/desk) and
# keeps working when the server is stopped (make stop-demo-server).
run: $(STAMP) i18n demo-server
	@echo "Demo logins: department admin/admin, kindergarten heads head1..head40 / demo"
	env $(if $(RUN_QPA),QT_QPA_PLATFORM=$(RUN_QPA),-u QT_QPA_PLATFORM) \
		KEZEK_DESK_HOME=$(CURDIR)/$(DESK_HOME) KEZEK_DESK_PASSPHRASE="$(DEMO_PASSPHRASE)" \
		$(BIN)/python -m desktop.ui.app \
		--profile demo --server $(DEMO_URL) --login head1 --password demo

demo-server: $(STAMP)
	@mkdir -p $(DEMO_DIR)
	@test -f $(DEMO_DIR)/server.db || $(BIN)/kezek-server demo-data --db $(DEMO_DB) \
		--kindergartens 40 --applications 4000 --seed 1 --activity 5
	@if curl -fs -o /dev/null $(DEMO_URL)/api/v1/public/kindergartens; then \
		echo "demo server already running on $(DEMO_URL)"; \
	else \
		echo "starting the demo server on $(DEMO_URL) (log: $(DEMO_DIR)/server.log)"; \
		nohup $(BIN)/kezek-server serve --db $(DEMO_DB) --port $(DEMO_PORT) --dev-clock \
			>$(DEMO_DIR)/server.log 2>&1 & echo $$! >$(DEMO_DIR)/server.pid; \
		for i in $$(seq 1 100); do \
			curl -fs -o /dev/null $(DEMO_URL)/api/v1/public/kindergartens && break; \
			sleep 0.2; \
		done; \
		curl -fs -o /dev/null $(DEMO_URL)/api/v1/public/kindergartens \
			|| { echo "the demo server did not start: see $(DEMO_DIR)/server.log"; exit 1; }; \
	fi

stop-demo-server:
	@if test -f $(DEMO_DIR)/server.pid; then kill $$(cat $(DEMO_DIR)/server.pid) 2>/dev/null; \
		rm -f $(DEMO_DIR)/server.pid; echo "demo server stopped"; fi

# Every desk page in Kazakh, Russian and English, rendered offscreen with real data from a
# demo server the script starts on a free port: docs/screenshots/<lang>-<page>.png
screenshots: $(STAMP) i18n
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop.ui.screenshots --out docs/screenshots

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
# Then the desks' sync against a server process (push, pull, storm, slow link) into its
# "Sync" section; e.g. make bench SYNC_BENCH_ARGS="--quick --db postgresql"
# Then the desk app itself, offscreen, over a 50,000-child store (cold start, filter
# keystrokes, memory) into its "Desk (desktop/ui)" section; e.g. make bench UI_BENCH_ARGS=--quick
bench: $(STAMP)
	$(BIN)/python -m bench --out docs/PERFORMANCE.md $(BENCH_ARGS)
	$(BIN)/python -m bench sync --out docs/PERFORMANCE.md $(SYNC_BENCH_ARGS)
	$(BIN)/python -m bench ui --out docs/PERFORMANCE.md $(UI_BENCH_ARGS)

clean:
	rm -f $(QM)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
