#!/usr/bin/env bash
# The test command: lint, then the unit and integration tests (PostgreSQL started here when it can be).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${RASD_TEST_PG_URL:-}" ] && [ -f scripts/start_postgres.sh ]; then
  # prints "export RASD_TEST_PG_URL=..." when a server could be started; tests skip with a message otherwise
  eval "$(bash scripts/start_postgres.sh 2>/dev/null | grep '^export ' || true)"
  if [ -n "${RASD_TEST_PG_URL:-}" ]; then
    echo "test.sh: PostgreSQL for the tests at $RASD_TEST_PG_URL (data in ${RASD_PGDATA:-/tmp/rasd-pg}); it is left" \
         "running: stop it with: pg_ctl -D ${RASD_PGDATA:-/tmp/rasd-pg}/data stop (as the postgres user when root)" >&2
  else
    echo "test.sh: no PostgreSQL server could be started: the postgres tests are skipped" >&2
  fi
fi
.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
