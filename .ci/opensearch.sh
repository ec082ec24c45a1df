#!/usr/bin/env bash
# Start, stop or check a single-node OpenSearch 2.19 for tests and benchmarks, on
# 127.0.0.1 only. Its jars come from Maven Central (see opensearch/pom.xml); Java 17 and
# Maven are installed from Debian's packages if missing.
#   bash .ci/opensearch.sh start|stop|status
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
HOME_DIR="${OPENSEARCH_HOME:-/tmp/waymark-opensearch}"
PORT="${OPENSEARCH_PORT:-9201}"
URL="http://127.0.0.1:$PORT"
# A small heap suits the test suite; the 50,000-resource benchmark rebuild needs about 1 GB.
HEAP="${OPENSEARCH_HEAP:-1g}"

ensure_tools() {
    if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
        echo "Installing Java 17, Maven and curl from Debian packages…"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven curl >/dev/null
    fi
}

fetch() {
    if [ ! -f "$HOME_DIR/lib/.complete" ]; then
        echo "Fetching OpenSearch from Maven Central…"
        mkdir -p "$HOME_DIR/lib"
        mvn -q -B -f "$HERE/opensearch/pom.xml" dependency:copy-dependencies \
            -DoutputDirectory="$HOME_DIR/lib" -Dmdep.includeScope=runtime
        touch "$HOME_DIR/lib/.complete"
    fi
}

running() {
    command -v curl >/dev/null 2>&1 && curl -sf -m 2 "$URL/_cluster/health" >/dev/null 2>&1
}

start() {
    if running; then
        echo "OpenSearch is already running at $URL"
        return
    fi
    ensure_tools
    fetch
    # Data survives a stop and start, as it would on a real cluster.
    mkdir -p "$HOME_DIR/node"
    echo "Starting OpenSearch at $URL…"
    # The runner numbers nodes from 1: node 1 listens on baseHttpPort + 1.
    nohup java "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC \
        -cp "$HOME_DIR/lib/*" org.codelibs.opensearch.runner.OpenSearchRunner \
        -basePath "$HOME_DIR/node" -numOfNode 1 -baseHttpPort "$((PORT - 1))" \
        -clusterName waymark-test >"$HOME_DIR/opensearch.log" 2>&1 &
    echo $! >"$HOME_DIR/opensearch.pid"
    for _ in $(seq 1 120); do
        if curl -sf -m 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
            break
        fi
        if ! kill -0 "$(cat "$HOME_DIR/opensearch.pid")" 2>/dev/null; then
            tail -40 "$HOME_DIR/opensearch.log"
            echo "OpenSearch exited while starting" >&2
            exit 1
        fi
        sleep 1
    done
    if ! running; then
        tail -40 "$HOME_DIR/opensearch.log"
        echo "OpenSearch did not become healthy in time" >&2
        exit 1
    fi
    # The finder's analyzers need analysis-common: check folding and edge n-grams work.
    analysed=$(curl -sf -XPOST -H 'Content-Type: application/json' "$URL/_analyze" \
        -d '{"tokenizer":"standard","filter":["lowercase","asciifolding",{"type":"edge_ngram","min_gram":2,"max_gram":3}],"text":"Télé"}')
    case "$analysed" in
        *'"te"'*'"tel"'*) echo "OpenSearch is ready at $URL (asciifolding and edge_ngram work)" ;;
        *) echo "OpenSearch analysis check failed: $analysed" >&2; exit 1 ;;
    esac
}

stop() {
    if [ -f "$HOME_DIR/opensearch.pid" ]; then
        kill "$(cat "$HOME_DIR/opensearch.pid")" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$(cat "$HOME_DIR/opensearch.pid")" 2>/dev/null || break
            sleep 1
        done
        rm -f "$HOME_DIR/opensearch.pid"
    fi
    echo "OpenSearch stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if running; then echo "running at $URL"; else echo "not running"; exit 1; fi ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
