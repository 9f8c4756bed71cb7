# Set-up, run, test and benchmark. Every target creates the virtual environment first if needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DB ?= data/nq57.duckdb
PORT ?= 8501
# The read-only board without signing in (set NQ57_PUBLIC_BOARD=0 for a closed server; see README).
NQ57_PUBLIC_BOARD ?= 1

.PHONY: run test bench db lint format baseline clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

db: $(STAMP)
	NQ57_DB=$(DB) $(PY) -m nq57 init --if-missing

run: db
	NQ57_DB=$(DB) NQ57_PUBLIC_BOARD=$(NQ57_PUBLIC_BOARD) $(PY) -m streamlit run app.py --server.port $(PORT)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m benchmarks

lint: $(STAMP)
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff check --fix . && $(PY) -m ruff format .

baseline: $(STAMP)
	$(PY) -m nq57 baseline

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
