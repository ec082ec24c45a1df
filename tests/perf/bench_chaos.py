"""Resilience benchmark: `make bench-chaos`.

Runs the production stack (tests/perf/stack.py) on the three-node OpenSearch cluster
(`make opensearch-cluster`) under a steady load of the bench-load mix from eight clients,
then, while the load goes on:

1. takes down the first node SEARCH_URL names for 30 seconds, publishing changes to
   helplines meanwhile, and brings it back until the cluster is green again;
2. stops the whole cluster for 30 seconds, publishing changes meanwhile, and starts it;
3. stops PostgreSQL for 5 seconds and starts it again, asking meanwhile for pages nobody
   asked for before (no copy of them is kept anywhere).

Reports what the clients saw in each phase (answers, errors, p95), whether searches were
answered from the database while the engine was away, and whether, after recovery, the
index agrees with the database with nothing lost. Writes docs/benchmarks/chaos.md.

    python tests/perf/bench_chaos.py
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_load import MIX
from bench_search import OUTPUT, ROOT, log
from stack import ProductionStack

CLIENTS = 8
CLUSTER_URL = os.environ.get(
    "BENCH_CLUSTER_URL", "opensearch://127.0.0.1:9211,127.0.0.1:9212,127.0.0.1:9213"
)
CLUSTER_CONTROL = os.environ.get("BENCH_CLUSTER_CONTROL", "http://127.0.0.1:9219")
# Helplines changed while a node is lost, and while the whole engine is away.
CHANGED = {
    "Node-loss marker": ["childline", "shout", "the-mix"],
    "Chaos marker": ["samaritans", "papyrus-hopeline247", "mind-infoline"],
}
# Addresses nobody asked for before, requested while the database is away.
NEVER_ASKED = [f"/helplines/?country={code}" for code in ("NO", "SE", "FI", "DK", "IS")] + [
    f"/topics/?page={number}" for number in range(2, 7)
]


def publish_changes(marker):
    slugs = CHANGED[marker]
    return f"""
from resources.models import HelplinePage
for slug in {slugs!r}:
    page = HelplinePage.objects.get(slug=slug).get_latest_revision_as_object()
    page.summary = "{marker} " + slug + ". " + page.summary
    page.save_revision().publish()
"""


class Load:
    """Clients requesting the mix in turn; each answer is kept with its time and phase."""

    def __init__(self, port):
        self.port = port
        self.phase = "steady"
        self.answers = []
        self.running = True
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.client, args=(n,)) for n in range(CLIENTS)]

    def client(self, number):
        step = number
        while self.running:
            path = MIX[step % len(MIX)]
            step += 1
            phase = self.phase
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                status = response.status
                connection.close()
            except OSError:
                status, body = None, b""
            answer = {
                "phase": phase,
                "path": path,
                "status": status,
                "ms": (time.perf_counter() - started) * 1000,
                "from_database": b'data-engine="database' in body,
            }
            with self.lock:
                self.answers.append(answer)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join()


def service(*command):
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def postgres(action):
    version = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))[-1].name
    arguments = ["pg_ctlcluster", version, "main", action]
    if action == "stop":
        arguments += ["-m", "fast"]
    service(*arguments)


def summarise(answers):
    rows = []
    for phase in dict.fromkeys(answer["phase"] for answer in answers):
        seen = [answer for answer in answers if answer["phase"] == phase]
        failed = [a for a in seen if a["status"] is None or a["status"] >= 500]
        searches = [a for a in seen if a["path"].startswith("/search/") and a["status"] == 200]
        rows.append(
            {
                "phase": phase,
                "requests": len(seen),
                "ok": sum(1 for a in seen if a["status"] == 200),
                "errors": len(failed),
                "failed": sorted({a["path"] for a in failed}),
                "searches": len(searches),
                "from_database": sum(1 for a in searches if a["from_database"]),
                "p95": statistics.quantiles([a["ms"] for a in seen], n=20)[-1] if seen else 0,
            }
        )
    return rows


def node(number, action):
    """Take one node of the cluster down, or bring it back."""
    request = urllib.request.Request(f"{CLUSTER_CONTROL}/nodes/{number}/{action}", method="POST")
    urllib.request.urlopen(request, timeout=120).read()


def cluster_health():
    """Asked of the last node named, which is never the one taken down."""
    last = CLUSTER_URL.removeprefix("opensearch://").split("?")[0].split(",")[-1]
    with urllib.request.urlopen(f"http://{last}/_cluster/health", timeout=10) as answer:
        return json.load(answer)


def ask_once(url):
    """Status, milliseconds and whether the page lists emergency numbers."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, (time.perf_counter() - started) * 1000, b"112" in body and b"999" in body


def main():
    with ProductionStack(
        "waymark_chaos",
        port=8803,
        WAYMARK_API_RATE_LIMIT="1000000/minute",
        SEARCH_URL=f"{CLUSTER_URL}{'&' if '?' in CLUSTER_URL else '?'}index=waymark-chaos",
    ) as stack:
        with Load(stack.port) as load:
            time.sleep(15)
            log("Taking down one node of the search cluster for 30 seconds…")
            load.phase = "search node lost"
            node(1, "stop")
            lost_at = time.monotonic()
            log("  publishing changes to three helplines meanwhile…")
            stack.manage("shell", "-c", publish_changes("Node-loss marker"))
            lost = cluster_health()
            time.sleep(max(0, 30 - (time.monotonic() - lost_at)))
            log("Bringing the node back…")
            load.phase = "search node rejoining"
            node(1, "start")
            rejoined_at = time.monotonic()
            while (health := cluster_health())["status"] != "green":
                time.sleep(0.5)
            green_after = time.monotonic() - rejoined_at
            load.phase = "search cluster green again"
            time.sleep(15)
            log("Stopping the whole search cluster for 30 seconds…")
            load.phase = "search engine down"
            service("bash", ".ci/opensearch.sh", "cluster-stop")
            outage_started = time.monotonic()
            log("  publishing changes to three helplines while it is down…")
            stack.manage("shell", "-c", publish_changes("Chaos marker"))
            time.sleep(max(0, 30 - (time.monotonic() - outage_started)))
            log("Starting the search cluster again…")
            load.phase = "search engine starting"
            service("bash", ".ci/opensearch.sh", "cluster-start")
            load.phase = "search engine back"
            time.sleep(20)
            log("Stopping PostgreSQL for 5 seconds…")
            load.phase = "database down"
            postgres("stop")
            never_asked = [ask_once(f"{stack.url}{path}") for path in NEVER_ASKED]
            time.sleep(5)
            postgres("start")
            load.phase = "database back"
            time.sleep(20)
        log("Load stopped; checking the index against the database…")
        drift = subprocess.run(
            [sys.executable, "manage.py", "search_index", "drift"],
            cwd=ROOT,
            env=stack.env,
            capture_output=True,
            text=True,
        )
        found = {
            marker: subprocess.run(
                ["curl", "-s", f"{stack.url}/search/?q={marker.replace(' ', '+')}"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for marker in CHANGED
        }
        server_log = (stack.folder / "server.log").read_text()
    cluster = {"lost": lost, "green_after": green_after, "health": health}
    report(summarise(load.answers), drift, found, server_log, cluster, never_asked)


def report(rows, drift, found, server_log, cluster, never_asked):
    header = (
        "| phase | requests | answered 200 | errors | failed addresses | searches "
        "| of them from the database | p95 ms |"
    )
    lines = [header, "|---|---:|---:|---:|---|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row['phase']} | {row['requests']:,} | {row['ok']:,} | {row['errors']:,} | "
            f"{', '.join(f'`{path}`' for path in row['failed']) or '–'} | {row['searches']:,} | "
            f"{row['from_database']:,} | {row['p95']:.0f} |"
        )
    table = "\n".join(lines)
    recovered = {
        marker: sum(1 for slug in slugs if f"/helplines/{slug}/" in found[marker])
        for marker, slugs in CHANGED.items()
    }
    lost, health = cluster["lost"], cluster["health"]
    statuses = sorted({status for status, _, _ in never_asked})
    with_numbers = sum(1 for _, _, listed in never_asked if listed)
    after = (
        f"With one of the three nodes down the cluster was {lost['status']} with "
        f"{lost['number_of_nodes']} nodes; the node was back and the cluster "
        f"{health['status']} with {health['number_of_nodes']} nodes "
        f"{cluster['green_after']:.0f} seconds after it was started again. "
        f"{recovered['Node-loss marker']} of the {len(CHANGED['Node-loss marker'])} helplines "
        "changed while the node was down, and "
        f"{recovered['Chaos marker']} of the {len(CHANGED['Chaos marker'])} changed while the "
        "whole cluster was down, are found on the engine by their new words.\n\n"
        f"While PostgreSQL was down, {len(never_asked)} pages nobody had asked for before "
        f"(so with no copy anywhere) were answered with status {', '.join(map(str, statuses))} "
        f"in at most {max(ms for _, ms, _ in never_asked):.0f} ms; {with_numbers} of them "
        "listed the emergency numbers. Pages asked for before are answered from their last "
        "good copy (`tests/test_outages.py`).\n\n"
        "After recovery, `manage.py search_index drift` says (exit status "
        f"{drift.returncode}):\n\n```\n{drift.stdout.strip()}{drift.stderr.strip()}\n```\n\n"
        "The app logged the engine's outage "
        f"{server_log.count('Search engine unavailable')} times (once per worker process at "
        f"most) and its return {server_log.count('Search engine is back')} times."
    )
    print("\n" + table + "\n\n" + after + "\n")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "chaos.md").write_text(
        "# Resilience under load\n\n"
        "`make bench-chaos` on this machine: the production stack as in `make bench-load`, "
        "with the finder on a three-node OpenSearch cluster (one replica of each shard), "
        f"{CLIENTS} clients requesting its mix in turn without pause. While they run, the "
        "first node the app names is taken down for 30 seconds (three helplines are edited "
        "and published meanwhile) and brought back; then the whole cluster is stopped for "
        "30 seconds (three more helplines changed) and started again; then PostgreSQL is "
        "stopped for 5 seconds and started again. Errors are connection failures and answers "
        'of 500 or more; a search "from the database" is one the finder answered with its '
        "database engine because the search engine was away.\n\n" + table + "\n\n" + after + "\n"
    )


if __name__ == "__main__":
    main()
