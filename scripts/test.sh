#!/usr/bin/env bash
# The test command: lint, then the unit and integration tests (PostgreSQL started here when it can be).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${RASD_TEST_PG_URL:-}" ] && [ -f scripts/start_postgres.sh ]; then
  # prints "export RASD_TEST_PG_URL=..." when a server could be started; tests skip with a message otherwise
  eval "$(bash scripts/start_postgres.sh 2>/dev/null | grep '^export ' || true)"
fi
.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
