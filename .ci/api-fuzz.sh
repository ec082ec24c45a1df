#!/usr/bin/env bash
# Fuzz the public API with schemathesis, from the app's own OpenAPI schema, against the app
# served by gunicorn with the demo content. Fails on any server error or any response that
# does not match the schema. Usage: .ci/api-fuzz.sh [max examples per operation]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${FUZZ_PORT:-8765}"
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "Port $PORT is already served by something else: set FUZZ_PORT to a free one." >&2
    exit 1
fi
WORK="$(mktemp -d)"
export DJANGO_SETTINGS_MODULE=cms.settings.test
export DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"

echo "Preparing a demo database for the API fuzz run…"
$BIN/python manage.py migrate --verbosity 0
$BIN/python manage.py load_demo_content >/dev/null
$BIN/gunicorn cms.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 30); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
    sleep 1
done
# The server that answers must be the one started here, still running.
if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "gunicorn exited: port $PORT was taken by something else." >&2
    exit 1
fi

$BIN/schemathesis run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples "${1:-50}" \
    --seed 20261126 \
    --no-color
