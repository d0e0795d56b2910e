# The two commands a newcomer needs: `make demo` and `make test`. See README.md.
PYTHON ?= $(shell ./scripts/pick-python)
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_ENV := TIPMONITOR_DEBUG=1 TIPMONITOR_REQUIRE_2FA=0
DEMO_ADDRESS ?= 127.0.0.1:8000
PYTEST_ARGS ?=
MESSAGES_ARGS := -l hy -l ru --no-obsolete --no-location --ignore='.venv*' --ignore=tests --ignore=bench --ignore=var --ignore=build --ignore=scripts

.PHONY: demo test lint typecheck install install-test runtime-packages system-packages messages bench load clean

$(BIN)/tipmonitor: pyproject.toml
	@# Debian ships venv's pip bootstrap separately (python3-venv); without it `-m venv` fails.
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/tipmonitor

$(VENV)/.test-installed: $(BIN)/tipmonitor pyproject.toml
	@# Spark's extra too, so the Spark linkage test runs (an instance installs it only if used).
	$(BIN)/pip install --quiet -e '.[test,spark]'
	touch $@

install-test: $(VENV)/.test-installed

# What the application needs from Debian: pango for WeasyPrint's PDFs and fonts with Armenian
# and Cyrillic glyphs. The tests also need Debian's Chromium (browser tests never download one),
# GNU gettext's xgettext (the translation test), a Java runtime (Splink's Spark backend) and
# nginx (the production test puts deploy/nginx.conf in front of gunicorn).
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := $(RUNTIME_PACKAGES) chromium gettext nginx
define apt_install_missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if ! command -v java >/dev/null && [ "$(2)" = java ]; then missing="$$missing default-jre-headless"; fi; \
	if [ -n "$$(echo $$missing)" ]; then \
	  echo "Installing from Debian: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

runtime-packages:
	$(call apt_install_missing,$(RUNTIME_PACKAGES),)

system-packages:
	$(call apt_install_missing,$(TEST_PACKAGES),java)

demo: install runtime-packages
	$(DEMO_ENV) $(BIN)/tipmonitor migrate --no-input
	$(DEMO_ENV) $(BIN)/tipmonitor load_demo
	@# The worker runs the queued jobs (documents, linkage, reminders) beside the server and
	@# stops with it: Ctrl-C ends runserver, the shell's trap then stops the worker (SIGTERM).
	$(DEMO_ENV) $(BIN)/tipmonitor worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(DEMO_ENV) $(BIN)/tipmonitor runserver $(DEMO_ADDRESS)

test: install-test system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# mypy's failure fails the build; only its absence on Python 3.11 is excused.
	if $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then $(BIN)/mypy .; else echo "mypy runs on Python 3.12+ (Django 6.1 stubs)"; fi
	$(BIN)/lint-imports --no-cache
	$(BIN)/tipmonitor makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy .

messages: install
	$(BIN)/tipmonitor makemessages $(MESSAGES_ARGS)
	$(BIN)/tipmonitor compilemessages --ignore='.venv*'

bench: install-test
	$(BIN)/python bench/run.py $(BENCH_ARGS)

$(VENV)/.bench-installed: $(BIN)/tipmonitor pyproject.toml
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

# The deadline load test (docs/performance.md): minutes, on PostgreSQL only, never in `make test`.
load: $(VENV)/.bench-installed
	$(BIN)/python bench/load/run.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var build *.egg-info
