#!/usr/bin/env bash
# The main job on the embedded default: extract events from the sample articles into a DuckDB file and print them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB=${RASD_DB:-out/demo.duckdb}
mkdir -p "$(dirname "$DB")"
.venv/bin/rasd ingest examples/ --db "$DB"
.venv/bin/rasd stats --db "$DB"
.venv/bin/rasd export --db "$DB" --format csv
