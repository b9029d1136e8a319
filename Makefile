# The two commands: `make run` and `make test`. `make bench` measures performance.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app app

.PHONY: run test bench serve install lint clean messages catalogs vendor

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Roundtable needs Python 3.11 or newer.")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# Browser libraries from npm (package-lock.json pins them), served from our static files:
# nothing is fetched from a CDN at run time. jsQR decodes door QR codes where the browser
# has no BarcodeDetector.
VENDOR := roundtable/static/vendor
$(VENDOR)/jsQR.js: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed: apt-get install npm"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/jsqr/dist/jsQR.js $(VENDOR)/jsQR.js
	cp node_modules/jsqr/LICENSE $(VENDOR)/jsQR.LICENSE

vendor: $(VENDOR)/jsQR.js

install: $(STAMP) vendor

run: install catalogs
	$(FLASK) db upgrade
	$(FLASK) roundtable demo --if-empty
	$(FLASK) roundtable calendar build
	@# The outbox deliverer runs alongside: without MAIL_SERVER, mail lands in instance/outbox/.
	@# So does the Zoom worker: without ZOOM_* credentials it has nothing to do and waits.
	$(FLASK) roundtable mail deliver --watch & deliverer=$$!; \
	$(FLASK) roundtable webhooks deliver --watch & hooks=$$!; \
	$(FLASK) roundtable zoom sync --watch & zoomer=$$!; \
	trap 'kill $$deliverer $$hooks $$zoomer 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

# The whole suite on SQLite; again on PostgreSQL when TEST_DATABASE_URL is set (CI sets it).
# pytest-xdist spreads each run over TEST_WORKERS processes (each with its own SQLite files,
# PostgreSQL schema and Chromium). The two runs overlap: while one waits on its database or
# browser the other computes, and neither waits for the other's slowest test to end.
# PostgreSQL's output is held back and printed after SQLite's.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS)
test: install catalogs
	@if [ -z "$$TEST_DATABASE_URL" ]; then exec $(PYTEST); fi; \
	log=$$(mktemp); \
	$(PYTEST) -m "not browser" >$$log 2>&1 & postgres=$$!; \
	echo "== SQLite, with PostgreSQL ($$TEST_DATABASE_URL) running alongside =="; \
	env -u TEST_DATABASE_URL $(PYTEST); sqlite_rc=$$?; \
	wait $$postgres; postgres_rc=$$?; \
	echo "== PostgreSQL ($$TEST_DATABASE_URL) =="; cat $$log; rm -f $$log; \
	test $$sqlite_rc -eq 0 && test $$postgres_rc -eq 0

serve: install
	$(FLASK) db upgrade
	$(FLASK) roundtable calendar build
	$(BIN)/gunicorn --config gunicorn.conf.py app:app

# wrk (Debian) drives the many-client figures and redis-server keeps the two hosts' rate
# limits; both are installed here when missing (as root), else the bench says what it skipped.
bench: install
	@command -v wrk >/dev/null && command -v redis-server >/dev/null || \
		{ apt-get install -y -qq wrk redis-server >/dev/null 2>&1 || \
		  { apt-get update -qq && apt-get install -y -qq wrk redis-server >/dev/null; } || \
		  echo "could not install wrk and redis-server: Python threads, no two-host figures"; }
	$(BIN)/python -m bench

# The app compiles any .po newer than its .mo at start (roundtable/i18n.py); this does it ahead.
catalogs: install
	$(BIN)/pybabel compile -d translations

# After changing strings: extract them and merge into the Spanish catalog, then translate.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location -o translations/messages.pot roundtable templates templates/_macros
	$(BIN)/pybabel update -N -w 100 -i translations/messages.pot -d translations

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache node_modules $(VENDOR)
