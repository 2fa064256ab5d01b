# The two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PARLEY := $(VENV)/bin/parley
DEMO_DB ?= demo.duckdb

.PHONY: demo test lint typecheck pytest fuzz bench clean install install-dev

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[web,dataframe,postgres]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## demo: install, code and store the bundled demo corpus, show what came out
demo: $(VENV)/.installed
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(PARLEY) ingest examples/news --db $(DEMO_DB)
	$(PARLEY) events --db $(DEMO_DB) --summary --format table
	$(PARLEY) events --db $(DEMO_DB) --fused --min-sources 2 --limit 15 --format table
	@echo
	@echo "Dashboard: run  $(PARLEY) serve --db $(DEMO_DB)  and open http://127.0.0.1:8765/"

## test: install dev extras, lint, type-check, run the whole suite
test: $(VENV)/.installed-dev lint typecheck pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check parley tests bench fuzz

typecheck: $(VENV)/.installed-dev
	$(VENV)/bin/mypy

pytest: $(VENV)/.installed-dev
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

## fuzz: every fuzz target for FUZZ_SECONDS each (atheris when it installs, else random mutation)
fuzz: $(VENV)/.installed-dev
	$(PY) -m pip install -q -e '.[fuzz]' || echo "fuzz: atheris did not install; using random mutation"
	$(PY) fuzz/run_all.py --seconds $${FUZZ_SECONDS:-60}

bench: $(VENV)/.installed-dev
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache $(DEMO_DB)
