# Waymark: `make run` serves the demo site, `make test` runs the suite, `make ci` runs
# everything against a real PostgreSQL too. Only Python 3.11+ and make are needed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PG_URL ?= postgres://waymark:waymark@127.0.0.1:5432/waymark
OPENSEARCH_PORT ?= 9201
ENGINE_URL ?= opensearch://127.0.0.1:$(OPENSEARCH_PORT)

.PHONY: install lock run test ci lint translations translations-check postgres opensearch opensearch-stop opensearch-cluster opensearch-cluster-stop check clean bench-search bench-understanding train-understanding bench-import bench-pages bench-since bench-load bench-chaos lighthouse api-fuzz

# Every package at the version and hashes in the lock file (`make lock` refreshes it from
# pyproject.toml), and nothing else (--no-deps). Waymark itself runs from this tree and is
# not installed.
$(VENV)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
	@$(PY) manage.py compile_translations

# Refresh every app's .po files from the code (needs GNU gettext; `make ci` checks them).
translations: install
	bash .ci/gettext.sh
	$(PY) manage.py check_translations --update

# Pins every dependency, with hashes, for any platform and Python 3.11+: requirements.lock
# for production (the Dockerfile), requirements-dev.lock for development and CI.
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet
lock:
	$(PY) -m pip install --quiet uv
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev -o requirements-dev.lock

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py create_admin
	@echo "Waymark is at http://127.0.0.1:$(PORT)/ (admin at http://127.0.0.1:$(PORT)/admin/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

check: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

# Every interface string translated into every language, and no .po file stale.
translations-check: install
	bash .ci/gettext.sh
	$(PY) manage.py check_translations

# Installs (if needed) and starts a local PostgreSQL with a role and database for tests.
postgres:
	bash .ci/postgres.sh

# Fetches OpenSearch from Maven Central (first time) and starts a node on 127.0.0.1.
opensearch:
	OPENSEARCH_PORT=$(OPENSEARCH_PORT) bash .ci/opensearch.sh start

opensearch-stop:
	OPENSEARCH_PORT=$(OPENSEARCH_PORT) bash .ci/opensearch.sh stop

# Three OpenSearch nodes (127.0.0.1:9211-9213, one replica per shard) and a control port
# (9219) that stops and starts one of them, for the cluster tests and bench-chaos.
CLUSTER_URL ?= opensearch://127.0.0.1:9211,127.0.0.1:9212,127.0.0.1:9213
opensearch-cluster:
	bash .ci/opensearch.sh cluster-start

opensearch-cluster-stop:
	bash .ci/opensearch.sh cluster-stop

# The whole suite on SQLite with the browser tests and the three-node cluster's, then on
# PostgreSQL (the finder suite runs on OpenSearch in both), the production settings' deploy
# checks, then the API fuzz run.
ci: install lint check translations-check postgres opensearch opensearch-cluster
	bash .ci/nginx.sh
	env $$(bash .ci/browser.sh) WAYMARK_REQUIRE_BROWSER=1 WAYMARK_REQUIRE_PROXY=1 \
		WAYMARK_TEST_CLUSTER_URL=$(CLUSTER_URL) WAYMARK_REQUIRE_CLUSTER=1 \
		WAYMARK_TEST_SEARCH_URL=$(ENGINE_URL) WAYMARK_REQUIRE_ENGINE=1 $(PY) -m pytest
	bash .ci/opensearch.sh cluster-stop
	DATABASE_URL=$(PG_URL) WAYMARK_REQUIRE_POSTGRES=1 \
		WAYMARK_TEST_SEARCH_URL=$(ENGINE_URL) WAYMARK_REQUIRE_ENGINE=1 $(PY) -m pytest
	DJANGO_SETTINGS_MODULE=cms.settings.production SECRET_KEY=ci-$$(date +%s)-a-long-production-like-secret-key-value-0123456789 \
		ALLOWED_HOSTS=waymark.example DATABASE_URL=$(PG_URL) CACHE_URL=redis://127.0.0.1:6379/0 \
		$(PY) manage.py check --deploy --fail-level WARNING
	bash .ci/api-fuzz.sh $(FUZZ_EXAMPLES)

# schemathesis against the API's own OpenAPI schema, served by gunicorn with the demo
# content: fails on any server error or response that breaks the schema.
FUZZ_EXAMPLES ?= 100
api-fuzz: install
	bash .ci/api-fuzz.sh $(FUZZ_EXAMPLES)

# Finder latency and rebuild time on SQLite, PostgreSQL and OpenSearch (1k, 10k, 50k
# resources). Writes docs/benchmarks/search.md and search.png. BENCH_SIZES to change sizes.
BENCH_SIZES ?= 1000,10000,50000
bench-search: install postgres opensearch
	BENCH_SEARCH_URL=$(ENGINE_URL) $(PY) tests/perf/bench_search.py --sizes $(BENCH_SIZES)

# How the finder understands queries (crisis, concern, none; topics) on the frozen test split
# of search/corpus/. Writes docs/benchmarks/understanding.md and understanding.png.
bench-understanding: install
	$(PY) tests/perf/bench_understanding.py

# Retrain search/model/understanding.json from the corpus's train split, the seeded
# editors' examples and the demo topics, in a throwaway database so that the model depends
# only on this tree.
train-understanding: install
	@folder=$$(mktemp -d) && \
	DATABASE_URL=sqlite:///$$folder/train.sqlite3 $(PY) manage.py migrate --noinput -v0 && \
	DATABASE_URL=sqlite:///$$folder/train.sqlite3 $(PY) manage.py load_demo_content > /dev/null && \
	DATABASE_URL=sqlite:///$$folder/train.sqlite3 $(PY) manage.py train_understanding; \
	status=$$?; rm -rf $$folder; exit $$status

# Helpline import throughput for a 5,000-row CSV on SQLite and PostgreSQL (dry run, import,
# the same file again). Writes docs/benchmarks/import.md. BENCH_ROWS to change the size.
BENCH_ROWS ?= 5000
bench-import: install postgres
	$(PY) tests/perf/bench_import.py --rows $(BENCH_ROWS)

# The production stack (gunicorn with the production settings, PostgreSQL, OpenSearch, Redis)
# under wrk, cold and cached, against nginx serving the same bytes. Writes
# docs/benchmarks/load.md and load.png. BENCH_SECONDS and BENCH_CONNECTIONS to change the run.
BENCH_SECONDS ?= 20
BENCH_CONNECTIONS ?= 16
bench-load: install postgres opensearch
	bash .ci/load-tools.sh
	$(PY) tests/perf/bench_load.py --seconds $(BENCH_SECONDS) --connections $(BENCH_CONNECTIONS)

# Each page of bench-load's mix rendered in-process with no cached page to answer, with and
# without what each process keeps (fragments, routes, privacy): median ms and SQL queries.
# Writes docs/benchmarks/pages.md.
bench-pages: install
	$(PY) tests/perf/bench_pages.py

# The same pages rendered by the code at an earlier commit (SINCE, by default the one the
# first load benchmark measured) and by this tree's, side by side in one run, since the
# machine's speed varies between runs: in-process on SQLite and on PostgreSQL, then bench-load's
# cold run against each side's production stack. Writes docs/benchmarks/since.md.
SINCE ?= 6efd34f
bench-since: install postgres opensearch
	bash .ci/load-tools.sh
	$(PY) tests/perf/bench_since.py --since $(SINCE) --seconds $(BENCH_SECONDS) \
		--connections $(BENCH_CONNECTIONS)

# The production stack under load on the three-node search cluster while one node is taken
# down for 30 s, then the whole cluster for 30 s, then PostgreSQL for 5 s: errors seen by
# clients, search fallback, and index drift after recovery. Writes docs/benchmarks/chaos.md.
# Restarts the services itself.
bench-chaos: install postgres opensearch-cluster
	bash .ci/load-tools.sh
	$(PY) tests/perf/bench_chaos.py

# Lighthouse scores (performance, accessibility, best practices, SEO) for every public page
# type on the production stack, with Debian's Chromium. Writes docs/benchmarks/lighthouse.md.
lighthouse: install postgres opensearch
	bash .ci/load-tools.sh
	env $$(bash .ci/browser.sh) $(PY) tests/perf/lighthouse.py

clean:
	rm -rf $(VENV) static media db.sqlite3 db.sqlite3-wal db.sqlite3-shm
