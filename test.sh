#!/usr/bin/env bash
# Set up everything the tests need (a .venv, Debian packages, a PostgreSQL server) and run them.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh
setup_venv
setup_debian postgresql chromium chromium-driver
start_postgres
trap stop_postgres EXIT  # also when ruff or a test fails
.venv/bin/ruff check src tests benchmarks
.venv/bin/python -m pytest -q "$@"
