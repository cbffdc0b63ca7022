# Liaison: `make run` serves the directory with its demo data (gunicorn and the worker), `make dev` with Django's
# reloading server; `make test` runs every test, `make test-fast`
# those that need neither Neo4j nor a browser.
# Both install what they need first, so each works on a fresh clone.

# bash, for `wait -n`: the recipe that serves stops when either of its two processes ends.
SHELL := /bin/bash
# Debian's Python 3.11 where the machine has it: Debian builds it with profile-guided and link-time optimisation, and
# it did the same work in about 0.84 of the time of a source build without them (decision 0045).
PYTHON ?= $(or $(wildcard /usr/bin/python3.11),python3)
VENV := .venv
PY := $(VENV)/bin/python
LAUNCHER_JAR := graph/launcher/target/liaison-neo4j-launcher-1.0.0.jar
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: bench client codegen run dev serve prepare test test-fast install interpreter launcher prerequisites test-prerequisites fast-test-prerequisites neo4j-start neo4j-stop stop lint format schema messages assets

install: prerequisites interpreter $(VENV)/.installed launcher

prerequisites:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is needed ($(PYTHON) not found)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed; $(PYTHON) is older"; exit 1; }
	@command -v java >/dev/null || { echo "Java 17+ is needed for Neo4j (Debian: apt-get install openjdk-17-jre-headless)"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is needed to build the Neo4j launcher (Debian: apt-get install maven)"; exit 1; }

# An environment another interpreter made is made again: one made before the default above, or under another PYTHON,
# would otherwise keep the interpreter it was made with.
# (Only when both interpreters answer: a PYTHON that is missing leaves the environment as it is.)
interpreter:
	@if [ -x $(PY) ] && wanted=$$($(PYTHON) -c 'import os, sys; print(os.path.realpath(sys.executable))') \
	  && made=$$($(PY) -c 'import os, sys; print(os.path.realpath(sys._base_executable))') && [ "$$made" != "$$wanted" ]; \
	  then echo "$(VENV) was made by another Python than $(PYTHON): making it again"; rm -rf $(VENV); fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

launcher: $(LAUNCHER_JAR)

$(LAUNCHER_JAR): graph/launcher/pom.xml $(shell find graph/launcher/src -name '*.java')
	cd graph/launcher && mvn -q -B package
	$(PYTHON) -m graph.unsigned_jars graph/launcher/target/lib
	touch $@

# The server `make run` and `make dev` start lives long, so the optimising compiler and G1 pay off after its first
# minutes: on the read mix, Neo4j took 2.9 ms of CPU a request with them against 5.1 ms with the quick compiler only
# (bench/RESULTS.md). The tests' own server keeps the settings' default, the quick compiler, which halves the CPU of
# a start and of short runs. LIAISON_NEO4J_JAVA_OPTIONS, when set, wins; a server already running keeps its own.
NEO4J_SERVE_JAVA_OPTIONS ?= -XX:+UseG1GC
neo4j-start: install
	LIAISON_NEO4J_JAVA_OPTIONS="$${LIAISON_NEO4J_JAVA_OPTIONS:-$(NEO4J_SERVE_JAVA_OPTIONS)}" $(PY) manage.py neo4j start

neo4j-stop:
	@if [ -x $(PY) ]; then $(PY) manage.py neo4j stop; fi

stop: neo4j-stop

# The set-up both servers need: Neo4j, the schema, the static files, the demo data and the graph questions' plans.
prepare: install neo4j-start
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py graph_sync
	@# A graph made from another database (DATABASE_URL changed since) or an older one answers every question
	@# wrongly, and quickly: checked each time (a second on the demo), made again when it differs.
	@$(PY) manage.py graph_check > /dev/null 2>&1 || { \
		echo "The graph does not hold this database's directory (another database's, or an older one): making it again."; \
		$(PY) manage.py graph_rebuild; }
	$(PY) manage.py graph_plans
	@echo
	@echo "Liaison is serving on http://$(HOST):$(PORT)/ with its worker  (Ctrl-C stops both; 'make stop' stops Neo4j)"
	$(PY) manage.py login_help --url http://$(HOST):$(PORT)

# The production app server (gunicorn, config/gunicorn.py) and the worker.
run: prepare
	@$(MAKE) --no-print-directory serve

# Django's development server, which reloads on every change to the code, and the worker.
dev: prepare
	@$(MAKE) --no-print-directory serve WEB='$(PY) manage.py runserver $(HOST):$(PORT)'

# The web server and the worker side by side, without the set-up: Ctrl-C reaches both (one process group), and when
# either ends any other way the trap stops the other: the worker after the job under way, gunicorn at once, as its
# own Ctrl-C does (its graceful stop waits out 30 s for a connection opened and never used, a probe's or a
# browser's). Only the web processes share metrics through files (config/gunicorn.py).
WEB ?= $(PY) -m gunicorn --config config/gunicorn.py --bind $(HOST):$(PORT)
serve:
	@trap 'kill -INT $$web 2>/dev/null; kill -TERM $$worker 2>/dev/null; wait' EXIT INT TERM; \
	env -u PROMETHEUS_MULTIPROC_DIR $(PY) manage.py worker & worker=$$!; \
	$(WEB) & web=$$!; \
	wait -n $$web $$worker

# The tests also check the translations (GNU gettext) and drive a real browser (Debian's chromium).
test-prerequisites: fast-test-prerequisites
	@test -x /usr/bin/chromium || { echo "Chromium is needed by the browser tests (Debian: apt-get install chromium)"; exit 1; }

fast-test-prerequisites:
	@command -v xgettext >/dev/null || { echo "GNU gettext is needed by the translation tests (Debian: apt-get install gettext)"; exit 1; }

# The static files the pages and their tests serve, collected again only when a source file changed.
STATIC_STAMP := var/static/.collected
$(STATIC_STAMP): $(VENV)/.installed $(shell find frontend/static api/static -type f 2>/dev/null)
	$(PY) manage.py collectstatic --noinput --verbosity 0
	touch $@

static: $(STATIC_STAMP)

# The tests own their Neo4j: a separate data directory and port (NEO4J_TEST_HOME, NEO4J_TEST_PORT), started and
# stopped by the test session, so two runs (SQLite and PostgreSQL) can go side by side.
test: install test-prerequisites static codegen
	LIAISON_NEO4J_HOME=$${NEO4J_TEST_HOME:-$(CURDIR)/var/neo4j-test} NEO4J_PORT=$${NEO4J_TEST_PORT:-7688} \
		$(PY) -m pytest $(PYTEST_ARGS)

# The edit-test loop: no Neo4j (it is not even started), no browser; see tests/README.md.
test-fast: install fast-test-prerequisites static codegen
	$(PY) -m pytest -m "not neo4j and not browser" $(PYTEST_ARGS)

# The committed schema.graphql, then the typed client generated from it (clients/python/liaison_client).
schema: install codegen
	$(PY) manage.py graphql_schema
	@$(MAKE) --no-print-directory client

# ariadne-codegen lives in its own environment: it needs graphql-core 3.2 and ruff 0.15, Liaison 3.3 and 0.17.
CODEGEN := var/codegen/bin/ariadne-codegen
$(CODEGEN): clients/python/codegen-requirements.txt
	$(PYTHON) -m venv var/codegen
	var/codegen/bin/pip install --quiet -r clients/python/codegen-requirements.txt
	touch $@

codegen: $(CODEGEN)

# The typed client, from schema.graphql and clients/python/operations/*.graphql (never edited by hand).
client: codegen
	rm -rf clients/python/liaison_client
	cd clients/python && ../../$(CODEGEN) --config pyproject.toml >/dev/null

# The interface's strings: collect them into the Russian catalogue, then compile it (both are committed).
MESSAGE_IGNORES := -i '.venv/*' -i 'var/*' -i '*/node_modules/*' -i 'tests/*' -i 'bench/*' -i 'examples/*' -i 'build/*'
messages: install
	$(PY) manage.py makemessages -l ru -l kk -l uz --no-location --no-obsolete $(MESSAGE_IGNORES)
	$(PY) manage.py compilemessages -l ru -l kk -l uz $(MESSAGE_IGNORES)

# The vendored browser libraries (Pico.css, Cytoscape.js) and the region map, rebuilt from npm.
assets:
	cd frontend/assets && npm ci --no-audit --no-fund && npm run vendor && npm run map

# Every benchmark of bench/ at OFFICERS generated officers, then each goal with its measured figure and ratio in one
# table (bench/run_all.py). The default takes some minutes; the issue's figures: make bench OFFICERS=100000.
# The benchmarks keep their data under var/bench/ and run their own Neo4j on BENCH_NEO4J_PORT (7691 unless set);
# the @neo4j/graphql peer's packages come from npm on first use (bench/peers/neo4j-graphql).
OFFICERS ?= 2000
bench: install
	$(PY) bench/run_all.py --officers $(OFFICERS)

lint: interpreter $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	@# Every system check, the URL configuration's too (Liaison's own commands skip that one to start quickly).
	$(PY) manage.py check --fail-level WARNING

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
