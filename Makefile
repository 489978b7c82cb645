# Every target sets up its own virtual environment, so a fresh clone needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

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
	$(BIN)/pytest

lint: $(BIN)/dondoc
	$(BIN)/ruff check .
	$(BIN)/mypy
