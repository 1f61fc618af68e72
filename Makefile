# venster — every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test bench lint fuzz browser clean lock i18n widget widget-check

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "venster needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The tested versions of every dependency, with their hashes, from requirements.lock; then
# venster itself without resolving anything again.
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Resolve pyproject.toml's dependencies (with the test extra) anew into requirements.lock, for
# every platform, with hashes. Run it after changing a dependency, then `make test`.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --generate-hashes \
	  --python-version 3.11 --index-url https://pypi.org/simple --no-header -o requirements.lock

# The gettext catalogs (server/i18n/locale): extract the keys the code uses into venster.pot for
# translators, then compile each language's .po into the .mo the server reads. Edit the .po files,
# then run this; tests/i18n/test_catalogs.py fails on a stale .mo or .pot and on a missing word.
i18n: $(STAMP)
	$(BIN)/pybabel -q extract -F server/i18n/babel.cfg --sort-output --no-location --omit-header \
	  -o server/i18n/locale/venster.pot .
	$(BIN)/pybabel compile -d server/i18n/locale -D venster --statistics
	$(BIN)/pybabel compile -d server/i18n/locale -D api -l en --statistics

# Debian's Chromium for the browser tests (Playwright cannot download browsers here), poppler's
# pdftoppm, which turns the PDFs into images the tests look at, and node with npm, which build
# and check the widget.
browser:
	@{ command -v chromium && command -v pdftoppm && command -v node && command -v npm; } >/dev/null 2>&1 || { \
	  echo "installing Debian chromium, poppler-utils, nodejs and npm for the tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium poppler-utils \
	    nodejs npm; }

# The widget's node packages (esbuild, typescript; exact versions in package-lock.json), installed
# again when the lock file changes or node_modules is missing.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(NODE_STAMP)

# Bundle widget/src into widget/dist/venster.js (committed; tests/test_widget_build.py fails when
# it is out of date). Run it after changing anything in widget/src.
widget: $(NODE_STAMP)
	node widget/build.mjs

# The widget's own gates: node unit tests of its pure modules, then tsc over widget/src.
widget-check: $(NODE_STAMP)
	node --test widget/test/*.test.mjs
	node_modules/.bin/tsc -p tsconfig.json

# The demo back office has one login (made once; the password is public: it is a demo).
DEMO_LOGIN := demo@kozijnen-demo.example
DEMO_PASSWORD := venster-demo

run: $(STAMP)
	@mkdir -p var
	@echo '$(DEMO_PASSWORD)' | VENSTER_DB=var/demo.db $(BIN)/venster dealer add-user demo $(DEMO_LOGIN) \
	  --name Demo --password-stdin >/dev/null 2>&1 || true
	@echo "demo back office: http://127.0.0.1:8000/admin  ($(DEMO_LOGIN) / $(DEMO_PASSWORD))"
	VENSTER_DB=var/demo.db VENSTER_MAIL_DIR=var/mail $(BIN)/venster serve --host 127.0.0.1 --port 8000

# The gates first, cheapest first: lint, then types (mypy reads [tool.mypy] in pyproject.toml),
# then the widget's node tests and tsc (after `npm ci` when node_modules is missing or the lock
# changed; tests/test_widget_build.py needs those packages too), then the suite. make stops at
# the first that fails.
test: $(STAMP) browser
	$(BIN)/ruff check server renderer tests benchmarks
	$(BIN)/mypy
	$(MAKE) --no-print-directory widget-check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP) browser
	$(BIN)/python benchmarks/run.py

# The schema fuzzer at length: every operation of /schema/openapi.json with FUZZ_EXAMPLES schema-valid and as many
# schema-invalid cases (`make test` runs 25 of each); FUZZ_SEED picks another reproducible run.
FUZZ_EXAMPLES ?= 500
FUZZ_SEED ?= 20261129
fuzz: $(STAMP)
	VENSTER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) VENSTER_FUZZ_SEED=$(FUZZ_SEED) $(BIN)/python -m pytest tests/fuzz $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check server renderer tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis .mypy_cache .ruff_cache node_modules
