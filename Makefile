# etl-gen developer tasks. `make help` lists them.
PY := .venv/bin/python
SEED_SPECS := $(wildcard generated/*/spec.yaml)

.PHONY: help setup services services-down test unit lint regen golden-update bench soak

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

setup: ## create .venv and install etl-gen with its dev extras
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet -e ".[dev]"

services: setup ## install (cached) and start Kafka, Redis, PostgreSQL, Debezium on 127.0.0.1
	$(PY) scripts/stack/stack.py install
	$(PY) scripts/stack/stack.py up

services-down: ## stop the local services
	$(PY) scripts/stack/stack.py down

test: ## everything: unit, golden, generated bundles, end-to-end (starts the services)
	bash scripts/test.sh

unit: setup ## fast tests, no services
	$(PY) -m pytest -q tests/unit tests/golden

lint: setup ## ruff on the code, mypy on generator/, etl-gen check on generated/
	$(PY) -m ruff check .
	$(PY) -m mypy
	.venv/bin/etl-gen check

regen: setup ## re-render generated/ from its specs
	@for spec in $(SEED_SPECS); do .venv/bin/etl-gen generate $$spec >/dev/null || exit 1; done
	.venv/bin/etl-gen check

golden-update: setup ## rewrite tests/golden expectations and print the diff
	$(PY) -m pytest -q tests/golden --update-golden -s

bench: services ## throughput, latency, memory and generation time (writes bench/results/)
	$(PY) bench/run.py

soak: services ## longer crash loops: exactly-once outputs over 200k records and 10 SIGKILLs
	EXACTLY_ONCE_RECORDS=200000 EXACTLY_ONCE_KILLS=10 $(PY) -m pytest -q -s tests/e2e/test_exactly_once_e2e.py
