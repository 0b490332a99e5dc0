# ThiĐua — two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export THIDUA_VAR_DIR ?= $(CURDIR)/var

.PHONY: install run demo test test-sqlite test-postgres test-browser lint bench system-deps clean messages

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip >/dev/null
	$(BIN)/pip install -q -e '.[test]'
	touch $@

## make run: install, migrate, load the demo, serve on http://127.0.0.1:$(PORT) and print how to log in.
# The background worker (thidua db_worker: imports read and written as jobs) and the daily jobs (thidua daily_jobs
# --loop: reminders before deadlines, digest e-mails, at DAILY_JOBS_HOUR) run beside the web server and stop
# with it. The web server's timeout (60 s) is above the longest request left in the foreground (a large list's
# Excel export).
run: install
	THIDUA_DEMO=1 $(BIN)/thidua migrate --noinput -v0
	THIDUA_DEMO=1 $(BIN)/thidua demo
	THIDUA_DEMO=1 $(BIN)/thidua collectstatic --noinput -v0
	@echo ""
	@echo "ThiĐua đang chạy tại http://127.0.0.1:$(PORT)  (dừng: Ctrl+C). Đăng nhập bằng một tài khoản ở trên."
	@echo "Tiến trình nền (đọc, ghi tệp nhập Excel lớn): thidua db_worker, nhật ký ở var/worker.log."
	@echo "Việc hằng ngày (nhắc hạn, e-mail tổng hợp): thidua daily_jobs --loop, nhật ký ở var/daily_jobs.log."
	THIDUA_DEMO=1 $(BIN)/thidua db_worker >"$(THIDUA_VAR_DIR)/worker.log" 2>&1 & worker=$$!; \
	THIDUA_DEMO=1 PYTHONUNBUFFERED=1 $(BIN)/thidua daily_jobs --loop >"$(THIDUA_VAR_DIR)/daily_jobs.log" 2>&1 & daily=$$!; \
	trap 'kill $$worker $$daily 2>/dev/null' EXIT INT TERM; \
	THIDUA_DEMO=1 $(BIN)/gunicorn thidua.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --timeout 60 \
	  --access-logfile -

system-deps:
	bash scripts/install-system-deps.sh

## make lint: style and size (ruff, with McCabe complexity ≤ 12), the layers (import-linter), types of domain/.
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

## make test: everything, on SQLite, then on PostgreSQL, then in Chromium.
# Each database's suite runs on both cores (pytest-xdist, whole files per worker), then the tests marked serial
# run on their own: those that commit (they flush the test database behind them) and the permission matrix.
test: install system-deps lint test-sqlite test-postgres test-browser

PARALLEL := -n 2 --dist loadfile
SUITE := $(BIN)/pytest -q -m "not browser and not serial" $(PARALLEL) && $(BIN)/pytest -q -m "serial and not browser"

test-sqlite: install
	$(SUITE)

test-postgres: install system-deps
	bash scripts/with-postgres.sh bash -c '$(SUITE)'

test-browser: install system-deps
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q -m browser

## make bench: the performance budgets, each printed as `BUDGET <name> <measured> <budget> PASS|FAIL`.
bench: install system-deps
	bash bench/run.sh

## make messages: collect the strings marked for translation into locale/en (Vietnamese is the source), compile.
messages: install
	cd src/thidua && ../../$(BIN)/thidua makemessages -l en --ignore '*/documents/*' --no-obsolete -v0
	cd src/thidua && ../../$(BIN)/thidua compilemessages -v0

clean:
	rm -rf $(VENV) var test-artifacts
