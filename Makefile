# etl-gen developer tasks. `make help` lists them.
PY := .venv/bin/python
SEED_SPECS := $(wildcard generated/*/spec.yaml)

.PHONY: help setup services services-down test unit lint regen golden-update bench

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

BENCH_ARGS ?=
bench: services ## throughput vs the raw floor and Quix Streams, latency, memory, generation time (bench/results/; BENCH_ARGS="--events 200000 --peer-repeats 3")
	$(PY) bench/run.py $(BENCH_ARGS)
