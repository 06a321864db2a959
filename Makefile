# The few verbs a newcomer needs. Everything runs from a virtualenv in .venv that these
# targets create; the Kafka broker's jars come from Maven Central on first use.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run test lint format clean

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed
	$(BIN)/jeugdhub kafka fetch >/dev/null

## run: the main job: the demo (local Kafka, worker, gateway, a simulated year)
run: install
	$(BIN)/jeugdhub demo

## lint: ruff (lint and format check) and mypy on the packages
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/jeugdhub schemas check

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# axe-core from npm, which the dashboard's browser tests serve to the page
AXE := tests/dashboard/node_modules/axe-core/axe.min.js
$(AXE): tests/dashboard/package-lock.json
	npm ci --prefix tests/dashboard --no-audit --no-fund

## test: lint, then every test (including the slow ones) against a real broker
test: lint $(AXE)
	$(BIN)/pytest

clean:
	-$(BIN)/jeugdhub kafka stop
	rm -rf $(VENV) deploy/kafka/.cache
