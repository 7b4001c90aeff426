# etl-gen developer tasks. `make help` lists them.
PY := .venv/bin/python
SEED_SPECS := $(wildcard generated/*/spec.yaml)

.PHONY: help setup services services-down test unit lint regen schema golden-update bench soak

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

schema: setup ## rewrite spec.schema.json (the JSON Schema of spec.yaml) from the spec models
	$(PY) -m generator.spec.json_schema spec.schema.json

golden-update: setup ## rewrite tests/golden expectations and print the diff
	$(PY) -m pytest -q tests/golden --update-golden -s

BENCH_ARGS ?=
bench: services ## throughput vs the raw floor and Quix Streams, latency, memory, generation time (bench/results/; BENCH_ARGS="--events 200000 --peer-repeats 3")
	$(PY) bench/run.py $(BENCH_ARGS)

soak: services ## longer runs: multi-instance (10x the records, 3 SIGKILLs each) and exactly-once crash loops (200k records, 10 SIGKILLs)
	ETL_GEN_SOAK=1 $(PY) -m pytest -q -s -m soak tests/e2e/test_multi_instance_e2e.py
	EXACTLY_ONCE_RECORDS=200000 EXACTLY_ONCE_KILLS=10 $(PY) -m pytest -q -s tests/e2e/test_exactly_once_e2e.py
