# One command sets up and builds; one sets up and runs every check.
# Both create the virtual environment .venv on first use (Python >= 3.11 as python3).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: build check test test-all lint typecheck clean type-model

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# aglod with its runtime dependencies only (a regular, non-editable install)
$(VENV)/.aglod-installed: $(BIN)/python pyproject.toml $(shell find src ontology shapes corpus -type f 2>/dev/null)
	$(BIN)/python -m pip install --quiet .
	touch $@

# aglod with the test and lint tools
$(VENV)/.aglod-dev-installed: $(BIN)/python pyproject.toml $(shell find src ontology shapes corpus -type f 2>/dev/null)
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@ $(VENV)/.aglod-installed

build: $(VENV)/.aglod-installed
	$(BIN)/aglod build

# everything: what CI runs (.ci/run)
check: lint typecheck test-all

lint: $(VENV)/.aglod-dev-installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.aglod-dev-installed
	$(BIN)/mypy

# the unit and behaviour tests, quick: without the suites marked slow (whole builds of
# many releases, servers, browsers, timing sweeps) or conformance (the compiled
# validator and reasoner against pySHACL and owlrl), property tests on a fifth of
# their examples
test: $(VENV)/.aglod-dev-installed
	$(BIN)/pytest -m "not slow and not conformance"

# every test, property tests on all their examples
test-all: $(VENV)/.aglod-dev-installed
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# retrain the action-type model on the development corpus (after its gold or the
# model's features change; tests/test_type_model.py says when)
type-model: $(VENV)/.aglod-dev-installed
	$(BIN)/python -m aglod.extraction.typetraining
