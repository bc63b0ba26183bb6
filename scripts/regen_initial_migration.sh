#!/usr/bin/env bash
# Development only, until the first release: rebuild the single initial migration from the models.
set -euo pipefail
cd "$(dirname "$0")/.."
FLASK=${FLASK:-.venv/bin/flask}
tmp=$(mktemp -d)
rm -f migrations/versions/*.py
DATABASE_URL="sqlite:///$tmp/regen.db" "$FLASK" --app wsgi db migrate -m "initial schema" --rev-id 0001 >/dev/null 2>&1
rm -rf "$tmp"
ls migrations/versions
