#!/usr/bin/env bash
# The main job on the embedded default: extract events from the sample articles into a DuckDB file and print them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB=${RASD_DB:-out/demo.duckdb}
mkdir -p "$(dirname "$DB")"
# article.txt is plain text, with no publication date of its own: it was published the day after its event
.venv/bin/rasd ingest examples/ --db "$DB" --published 2023-05-13
.venv/bin/rasd stats --db "$DB"
.venv/bin/rasd export --db "$DB" --format csv
.venv/bin/rasd incidents --db "$DB"
