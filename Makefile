# The few verbs of this project. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python 3.12+ on the PATH; set PYTHON=/path/to/python3.12 to choose another.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Tests run with DEBUG off, as in production, on SQLite unless DATABASE_URL says otherwise.
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-secret-key-not-for-any-deployment

.PHONY: help install messages run test check faults lint format migrate load-guide curator serve bench audit clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed: install it, or run make PYTHON=/path/to/python3.12"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --group test \
		$$($(BIN)/python -c 'import tomllib; print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))')
	touch $@

# The interface in French, Spanish and Portuguese: the catalogues kept in locale/ (.po), compiled
# here with Babel, so that no system gettext is needed; a fuzzy entry is left out (English shows).
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%.mo: locale/%.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics --domain django --input-file $< --output-file $@

install: $(VENV)/.installed $(MESSAGES) ## Create the virtual environment, install the pinned dependencies, compile the translations

# After changing an interface string: gather every string into the catalogues (needs GNU gettext's
# xgettext), then translate the new entries in each locale/<language>/LC_MESSAGES/django.po.
messages: install ## Gather the interface's strings into locale/*/LC_MESSAGES/django.po (needs GNU gettext)
	DEBUG=1 $(MANAGE) makemessages --no-obsolete --add-location file --locale fr --locale es --locale pt \
		--ignore '.venv*' --ignore node_modules --ignore tests --ignore bench --ignore tools --ignore staticfiles

migrate: install ## Apply the database migrations
	DEBUG=1 $(MANAGE) migrate --no-input

load-guide: migrate ## Load the guide's content (adds what is missing, never overwrites a curator's edit)
	DEBUG=1 $(MANAGE) load_guide

run: load-guide ## Start the site on http://127.0.0.1:8000 with SQLite (DEBUG on)
	DEBUG=1 SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(MANAGE) runserver $(HOST):$(PORT)

test: install ## Format check, lint, migrations check, static files, then the test suite (all but the browser and fault checks)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(TEST_ENV) $(MANAGE) collectstatic --no-input --verbosity 0
	$(TEST_ENV) $(BIN)/pytest -m "not browser and not faults" $(PYTEST_ARGS)

# A served copy of the site (gunicorn, PostgreSQL, a Redis of its own) whose database stalls and whose
# cache stops (tests/faults); a few minutes at most, and `timeout` ends it if anything hangs.
faults: install ## Serve the site and stall PostgreSQL, stop Redis: 503s, health check, static files (needs DATABASE_URL)
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to a PostgreSQL database first (see README)."; exit 1; }
	@command -v redis-server >/dev/null || { echo "The fault checks need redis-server (apt-get install redis-server)."; exit 1; }
	$(TEST_ENV) timeout 600 $(BIN)/pytest -m faults tests/faults $(PYTEST_ARGS)

# The browser checks' tools, pinned in package-lock.json: axe-core, the Nu HTML checker (vnu-jar),
# Lighthouse. No install scripts: vnu-jar's would download what its package already holds.
node_modules/.installed: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

check: audit node_modules/.installed ## make audit, then in Chromium: journeys, accessibility (axe), valid HTML (Nu), Lighthouse
	$(TEST_ENV) $(BIN)/pytest -m browser $(PYTEST_ARGS)
	$(BIN)/python -m tests.browser.lighthouse

format: install ## Format and fix the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: install ## Serve in production: gunicorn, DEBUG off; needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
	@for name in SECRET_KEY ALLOWED_HOSTS DATABASE_URL; do test -n "$${!name}" || { \
		echo "Set $$name in the environment first (see docs/deploy.md)."; missing=1; }; done; test -z "$$missing"
	DEBUG=0 $(MANAGE) collectstatic --no-input --verbosity 0
	DEBUG=0 DATABASE_STATEMENT_TIMEOUT=0 $(MANAGE) migrate --no-input
	DEBUG=0 DATABASE_STATEMENT_TIMEOUT=0 $(MANAGE) build_catalogue_index
	DEBUG=0 exec $(BIN)/gunicorn --config sstc/gunicorn.conf.py --bind $(HOST):$(PORT)

# Sizes to benchmark (make bench N=100000 for one) and options (BENCH_ARGS="--duration 5"; bench/README.md).
N ?= 10000 100000

bench: install ## Benchmark the production server at N = 10,000 and 100,000 case studies (bench/README.md)
	$(BIN)/python -m bench.run $(N) $(BENCH_ARGS)

# pip-audit lives in a virtual environment of its own, so that its dependencies stay out of the project's.
TOOLS := .venv-tools
PIP_AUDIT := pip-audit==2.10.1
# The deployment checklist reads production's settings: DEBUG off, a long random key, a host name.
AUDIT_ENV := DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=sstc.example.org

$(TOOLS)/.installed: Makefile
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "pip==25.3" "$(PIP_AUDIT)"
	touch $@

audit: install $(TOOLS)/.installed ## Django's deployment checklist with production settings; pip-audit of the pinned dependencies
	$(AUDIT_ENV) $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb")); \
		print("\n".join(p["project"]["dependencies"] + p["dependency-groups"]["test"]))' > $(TOOLS)/pinned.txt
	$(TOOLS)/bin/python tools/audit_dependencies.py --requirement $(TOOLS)/pinned.txt --no-deps --disable-pip \
		--progress-spinner off --desc on

curator: migrate ## Make a curator's account with an authenticator app: make curator EMAIL=name@example.org
	@test -n "$(EMAIL)" || { echo "Say whose account: make curator EMAIL=name@example.org"; exit 1; }
	DEBUG=1 $(MANAGE) create_curator "$(EMAIL)" $(if $(CHIEF),--editor-in-chief)

clean: ## Remove the virtual environments, node_modules, the SQLite database and collected static files
	rm -rf $(VENV) $(TOOLS) node_modules db.sqlite3 staticfiles
