# Everything runs from the virtual environment in .venv; system packages come from Debian.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export IPOFFICE_HOME ?= $(CURDIR)/var

.PHONY: demo test system-deps install seed serve lint typecheck check bench bench-search-speed clean

demo: install ## set up, generate demo data, serve at http://127.0.0.1:8000
	$(BIN)/ipoffice demo seed
	$(BIN)/ipoffice serve --host 127.0.0.1 --port 8000 --show-demo-logins

test: system-deps install ## set up (Debian packages included) and run the whole test suite
	$(BIN)/pytest

system-deps: ## Debian packages the tests need: PostgreSQL server, Chromium, Chinese fonts
	bash scripts/system-deps.sh

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

bench: system-deps install ## benchmarks; figures go to docs/performance.md by hand
	$(BIN)/python benchmarks/inquiry.py
	$(BIN)/python benchmarks/search_quality.py

bench-search-speed: install ## 1M-document search speed benchmark (long: see docs/performance.md)
	$(BIN)/python benchmarks/search_speed.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
