#!/usr/bin/env bash
# Set up derek (a .venv with everything it needs), ingest the bundled demo corpus
# into the embedded SQLite store (derek.db), show what it found, and serve the web UI.
#   ./demo.sh             → UI at http://127.0.0.1:8000
#   PORT=9000 ./demo.sh   → another port;  NO_SERVE=1 ./demo.sh → stop after ingest
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh
setup_venv
export OPENBLAS_NUM_THREADS=1
DB=${DEREK_DB:-sqlite:///derek.db}
DEMO=$(.venv/bin/python -c 'import derek.demo; print(derek.demo.path())')
.venv/bin/derek ingest "$DEMO" --db "$DB"
.venv/bin/derek stats --db "$DB"
.venv/bin/derek people --db "$DB"
if [ -z "${NO_SERVE:-}" ]; then
  exec .venv/bin/derek serve --db "$DB" --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
fi
