#!/usr/bin/env bash
# The project's test command (README, CI): install what the tests need, start the real services
# (Kafka, Redis, PostgreSQL, Debezium; ClickHouse is embedded chDB), run every test.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/unit -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$python" -m venv .venv
fi
# dev includes etl-gen[runtime]: the processors' packages the bundle and end-to-end tests run
echo "== installing etl-gen with its dev extras (runtime included)"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"

echo "== provisioning services (cached after the first run)"
.venv/bin/python scripts/stack/stack.py install
.venv/bin/python scripts/stack/stack.py up

echo "== tests"
exec .venv/bin/python -m pytest "$@"
