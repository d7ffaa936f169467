# The front door: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run test e2e bench lint setup migrate seed totp messages clean

$(VENV)/.installed-run: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed-run
	@mkdir -p var/mail var/broker/queue var/broker/processed var/broker/control staticfiles
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo

run: setup
	@bash scripts/run_local.sh

test: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

e2e: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest tests/e2e $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	@mkdir -p var staticfiles
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) bench/run.py
	@if [ -n "$$BENCH_DATABASE_URL" ] && [ -n "$$REDIS_URL" ]; then \
		$(PY) bench/live_load.py --couples 150 --rounds 2 --think 10; \
	else echo "live-path benchmark skipped: set BENCH_DATABASE_URL (scratch PostgreSQL) and REDIS_URL"; fi

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

totp: $(VENV)/.installed-run
	@$(PY) manage.py demo_totp coach@example.com

# Needs GNU gettext; the compiled .mo files are committed so a fresh machine needs none.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
