# Two entry points: `make run` opens the explorer on the bundled samples,
# `make test` lints and runs the test suite on one process per core (pytest-xdist): the tests
# keep their process busy (the explorer's wait in 2 ms steps, tests/pilot_waits.py), so more
# processes than cores only add their start-up and switching.
# Both compile the sources first. Wherever bytecode is not written (PYTHONDONTWRITEBYTECODE,
# common in containers), every start would otherwise compile every module it imports afresh:
# about 90 ms of each start of the explorer, and of each of the many Python processes the
# tests start (pytest's workers, the command line's). Up to date, it takes about 0.1 s.
# Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WORKERS ?= $(shell $(PYTHON) -c "import os; print(len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count() or 1)")

.PHONY: run test lint format samples fixtures bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 src >/dev/null 2>&1 || true  # a read-only copy runs anyway
	$(BIN)/detainer-tui $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/python -m compileall -q -j 0 src tools
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup; status=$$?; if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check --fix src tests tools benchmarks
	$(BIN)/ruff format src tests tools benchmarks

samples: $(STAMP)
	PYTHONPATH=tools $(BIN)/python -m ddorgen sample_reports

fixtures: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fixtures]'
	PYTHONPATH=tools $(BIN)/python -m realpdf tests/fixtures/real

bench: $(STAMP)
	$(BIN)/python benchmarks/parse.py
	$(BIN)/python benchmarks/cache.py
	$(BIN)/python benchmarks/explorer.py
	$(BIN)/python benchmarks/filters.py
	$(BIN)/python benchmarks/fidelity.py
	$(BIN)/python benchmarks/library.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/keys.py
	$(BIN)/python benchmarks/triage.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
