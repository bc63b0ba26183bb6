# One target per thing a person does.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
# These targets are for a developer's machine: the app is a development app only when asked
# (unset, GRANTS_ENV means production, which needs SECRET_KEY and PUBLIC_BASE_URL).
export GRANTS_ENV ?= development

.PHONY: run test lint bench install install-dev browsers pdf-libs translations db demo clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations

install-dev: $(VENV)/.installed-dev translations browsers pdf-libs

translations: $(BIN)/python
	$(BIN)/pybabel compile -d grants/translations

# WeasyPrint subsets fonts with HarfBuzz-Subset; without it every real PDF render warns (an
# error under the tests' filterwarnings).
pdf-libs:
	@/sbin/ldconfig -p | grep -q libharfbuzz-subset.so.0 || (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0 >/dev/null)

# Browser tests drive Debian's chromium (playwright cannot download browsers here).
browsers:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

db: install
	mkdir -p instance
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask demo load

run: demo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C to stop)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check grants tests bench config.py wsgi.py

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) instance .pytest_cache
