# The two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PARLEY := $(VENV)/bin/parley
DEMO_DB ?= demo.duckdb
# The versions the suite passed on (`make lock`); pyproject.toml keeps the ranges users get.
LOCK   := constraints.txt
UPVENV := .venv-upgrade

.PHONY: demo test lint typecheck pytest fuzz bench clean install install-dev lock test-upgrade test-upgrade-if-newer

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c $(LOCK) -e '.[web,dataframe,postgres]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(LOCK) $(VENV)/.installed
	$(PY) -m pip install -q -c $(LOCK) -e '.[dev]'
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

# The browser and live-server tests run in fresh processes of their own, after the rest.
pytest: $(VENV)/.installed-dev
	$(VENV)/bin/pytest -q -n 2 --dist loadfile -m "not browser and not server"
	$(VENV)/bin/pytest -q -n 2 --dist loadfile -m "browser or server"

## lock: pin what .venv has now into constraints.txt (after `make test` passed on it)
lock: $(VENV)/.installed-dev
	$(PY) scripts/deps.py lock

## test-upgrade: the suite on the newest versions pyproject.toml allows, in a venv of its own (no lock)
test-upgrade:
	rm -rf $(UPVENV)
	$(PYTHON) -m venv $(UPVENV)
	$(UPVENV)/bin/python -m pip install -q --upgrade pip
	$(UPVENV)/bin/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[dev]'
	$(UPVENV)/bin/python scripts/deps.py diff
	$(UPVENV)/bin/pytest -q -n 2 --dist loadfile -m "not browser and not server"
	$(UPVENV)/bin/pytest -q -n 2 --dist loadfile -m "browser or server"

## test-upgrade-if-newer: test-upgrade only when a newer allowed version exists than the lock pins (CI)
test-upgrade-if-newer: $(VENV)/.installed-dev
	@$(PY) scripts/deps.py newer; rc=$$?; \
	if [ $$rc -eq 0 ]; then echo "test-upgrade: skipped, make test ran on the newest allowed versions"; \
	else $(MAKE) test-upgrade; fi

## fuzz: every fuzz target for FUZZ_SECONDS each (atheris when it installs, else random mutation)
fuzz: $(VENV)/.installed-dev
	$(PY) -m pip install -q -e '.[fuzz]' || echo "fuzz: atheris did not install; using random mutation"
	$(PY) fuzz/run_all.py --seconds $${FUZZ_SECONDS:-60}

bench: $(VENV)/.installed-dev
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) $(UPVENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache $(DEMO_DB)
