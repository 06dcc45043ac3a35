#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment in .venv with rasd and its test tools installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".[dev,spark]"  # spark: `rasd spark` and its tests (Java from .ci/run)
# The web interface's front-end files, pinned in package.json / package-lock.json, copied from node_modules into the
# package's gitignored folder src/rasd/web/static/vendor (served by `rasd serve`; nothing is fetched at run time).
if command -v npm >/dev/null 2>&1; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error  # dist files only: no install scripts run
  fi
  .venv/bin/python -m rasd.web.assets node_modules >/dev/null
else
  echo "setup: npm not found: the web interface's front-end files are not installed (the JSON API still works)" >&2
fi
