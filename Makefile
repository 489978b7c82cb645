# Every target sets up its own virtual environment, so a fresh clone needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# pytest-xdist workers for `make test`: the suite mostly waits on sockets, subprocesses and the database,
# so two workers halve it even on two cores. Each worker has its own PostgreSQL database (tests/postgres.py),
# SQLite template and temporary directory. PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= 2

.PHONY: run test lint demo

$(BIN)/dondoc: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/dondoc

run: $(BIN)/dondoc
	$(BIN)/dondoc run

demo: $(BIN)/dondoc
	$(BIN)/dondoc demo

test: $(BIN)/dondoc
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n $(PYTEST_WORKERS)

lint: $(BIN)/dondoc
	$(BIN)/ruff check .
	$(BIN)/mypy
