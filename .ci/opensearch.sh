#!/usr/bin/env bash
# Start, stop or check a single-node OpenSearch 2.19 for tests and benchmarks, or a
# three-node cluster (opensearch/WaymarkCluster.java), on 127.0.0.1 only. Its jars come from
# Maven Central (see opensearch/pom.xml); Java 17 and Maven are installed from Debian's
# packages if missing.
#   bash .ci/opensearch.sh start|stop|status|cluster-start|cluster-stop
# The cluster's nodes listen on 9211, 9212 and 9213 (OPENSEARCH_CLUSTER_PORT + 1…3); its
# control port (9219) takes a node down and brings it back: POST /nodes/N/stop, /start.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
HOME_DIR="${OPENSEARCH_HOME:-/tmp/waymark-opensearch}"
PORT="${OPENSEARCH_PORT:-9201}"
URL="http://127.0.0.1:$PORT"
# A small heap suits the test suite; the 50,000-resource benchmark rebuild needs about 1 GB.
HEAP="${OPENSEARCH_HEAP:-1g}"
CLUSTER_PORT="${OPENSEARCH_CLUSTER_PORT:-9210}"
CLUSTER_URL="http://127.0.0.1:$((CLUSTER_PORT + 1))"
CONTROL_PORT="$((CLUSTER_PORT + 9))"
CLUSTER_HEAP="${OPENSEARCH_CLUSTER_HEAP:-1536m}"

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

cluster_start() {
    if curl -sf -m 2 "$CLUSTER_URL/_cluster/health" >/dev/null 2>&1; then
        echo "The OpenSearch cluster is already running at $CLUSTER_URL"
        return
    fi
    ensure_tools
    fetch
    mkdir -p "$HOME_DIR/cluster/classes"
    javac -d "$HOME_DIR/cluster/classes" -cp "$HOME_DIR/lib/*" "$HERE/opensearch/WaymarkCluster.java"
    echo "Starting a three-node OpenSearch cluster at $CLUSTER_URL (and the two next ports)…"
    nohup java "-Xms$CLUSTER_HEAP" "-Xmx$CLUSTER_HEAP" -XX:+UseG1GC \
        -cp "$HOME_DIR/cluster/classes:$HOME_DIR/lib/*" WaymarkCluster \
        "$HOME_DIR/cluster/nodes" "$CLUSTER_PORT" "$CONTROL_PORT" \
        >"$HOME_DIR/cluster/opensearch.log" 2>&1 &
    echo $! >"$HOME_DIR/cluster/opensearch.pid"
    for _ in $(seq 1 180); do
        if curl -sf -m 2 "$CLUSTER_URL/_cluster/health?wait_for_nodes=3&wait_for_status=green&timeout=1s" >/dev/null 2>&1; then
            echo "The OpenSearch cluster is ready: three nodes, green"
            return
        fi
        if ! kill -0 "$(cat "$HOME_DIR/cluster/opensearch.pid")" 2>/dev/null; then
            tail -40 "$HOME_DIR/cluster/opensearch.log"
            echo "The OpenSearch cluster exited while starting" >&2
            exit 1
        fi
        sleep 1
    done
    tail -40 "$HOME_DIR/cluster/opensearch.log"
    echo "The OpenSearch cluster did not have three nodes in time" >&2
    exit 1
}

cluster_stop() {
    if [ -f "$HOME_DIR/cluster/opensearch.pid" ]; then
        kill "$(cat "$HOME_DIR/cluster/opensearch.pid")" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$(cat "$HOME_DIR/cluster/opensearch.pid")" 2>/dev/null || break
            sleep 1
        done
        rm -f "$HOME_DIR/cluster/opensearch.pid"
    fi
    echo "The OpenSearch cluster stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if running; then echo "running at $URL"; else echo "not running"; exit 1; fi ;;
    cluster-start) cluster_start ;;
    cluster-stop) cluster_stop ;;
    *) echo "usage: $0 start|stop|status|cluster-start|cluster-stop" >&2; exit 2 ;;
esac
