# Makan: `make run` opens the dashboard on the demo corpus, `make test` runs every test,
# `make serve` shares it behind a login (README, Hosting).
# Both set up on first use: a .venv in the repo with everything installed, the gazetteer index
# built, and (for tests) Debian's chromium for the browser test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.makan-installed
INDEX := data/build/gazetteer.jsonl.gz
CORPUS ?= data/demo
ARGS ?=
# make serve: the roles file, the [auth] secrets, and where the server listens (its reverse proxy's side)
ROLES ?= roles.toml
SECRETS ?= .streamlit/secrets.toml
ADDRESS ?= 127.0.0.1
PORT ?= 8501
# e.g. make bench INGEST="--limit 2000 --rss-docs 5000": the full ingest benchmark takes hours today
INGEST ?=

.PHONY: setup run serve test score bench bench-dashboard screenshot chromium postgres clean

setup: $(STAMP) $(INDEX)

# camel-tools goes in with --no-deps: we use only its offline text utilities (normalisation,
# dediacritisation, tokenizers); its declared dependencies pull torch and transformers (1.9 GB+).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps "camel-tools==1.6.0"
	$(PY) -m pip install --quiet -e ".[test]"
	$(PY) -m makan_ui.assets >/dev/null  # Leaflet's files into static/vendor, served by Streamlit
	touch $(STAMP)

$(INDEX): $(STAMP) $(wildcard data/gazetteer/*.csv) $(wildcard geo/gazetteer*.py)
	$(PY) -m geo.gazetteer_build --out $(INDEX)

# The browser test drives Debian's chromium (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Local use: no login, so only this machine can reach it.
run: setup
	$(VENV)/bin/streamlit run dashboard.py --server.address 127.0.0.1 -- --corpus $(CORPUS) $(ARGS)

# Hosted use: refuses to start unless the login ([auth] in SECRETS) and ROLES are usable.
serve: setup
	$(PY) -m makan_ui.serve --roles $(ROLES) --secrets $(SECRETS) --address $(ADDRESS) --port $(PORT) \
	  -- --corpus $(CORPUS) $(ARGS)

# The store's tests run on SQLite and on PostgreSQL: scripts/test_postgres.sh installs Debian's server when
# missing, starts it on 127.0.0.1 as the postgres user and prints the URL of a test database (MAKAN_TEST_PG
# set beforehand names another server instead).
postgres:
	@scripts/test_postgres.sh

test: setup chromium
	url=$${MAKAN_TEST_PG:-$$(scripts/test_postgres.sh)} && MAKAN_TEST_PG=$$url $(PY) -m pytest -q $(ARGS)

score: setup
	$(PY) scripts/score_seeds.py

# SPEED="--limit-mb 10" and INGEST="--limit 2000 --rss-docs 8000" shorten the speed and ingest runs.
bench: setup
	$(PY) scripts/bench_recognition.py
	$(PY) scripts/bench_speed.py --scaling $(SPEED)
	$(PY) scripts/bench_ingest.py $(INGEST)

# The dashboard on SaudiNewsNet in chromium beside a floor page, then search latency on the same store;
# DB=... SLICE_DB=... skip building the stores.
bench-dashboard: setup chromium
	$(PY) scripts/bench_dashboard.py $(if $(DB),--db $(DB)) $(if $(SLICE_DB),--slice-db $(SLICE_DB))
	$(PY) scripts/bench_search.py $(if $(DB),--db $(DB))

# docs/dashboard.png from the dashboard on a real corpus (SaudiNewsNet slice unless DB=...).
screenshot: setup chromium
	$(PY) scripts/screenshot.py $(if $(DB),--db $(DB))

clean:
	rm -rf $(VENV) data/build
