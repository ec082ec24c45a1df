#!/usr/bin/env bash
# What the load benchmarks need besides PostgreSQL and OpenSearch: Redis as the production
# cache, nginx for the static ceiling and wrk to drive the load, from Debian's packages, and
# vegeta for open-loop load, built with Go from the Go module proxy into .venv/bin.
# Installs what is missing and starts Redis on 127.0.0.1 (REDIS_PORT, default 6390).
set -euo pipefail
PORT=${REDIS_PORT:-6390}
VEGETA_BIN="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin"

bash "$(dirname "$0")/nginx.sh"
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -x "$VEGETA_BIN/vegeta" ]; then
    if ! command -v go >/dev/null 2>&1; then
        echo "vegeta is built from the Go module proxy: install Go 1.22 or later first." >&2
        exit 1
    fi
    echo "Building vegeta…"
    GOBIN="$VEGETA_BIN" go install github.com/tsenart/vegeta/v12@v12.13.0
fi
if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no --daemonize yes \
        --maxmemory 512mb --maxmemory-policy allkeys-lru \
        --logfile /tmp/waymark-redis.log >/dev/null
    for _ in $(seq 1 20); do
        redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
        sleep 0.5
    done
fi
echo "Redis is ready at redis://127.0.0.1:$PORT; nginx, wrk and vegeta are installed."
