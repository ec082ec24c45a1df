"""Resilience benchmark: `make bench-chaos`.

Runs the production stack (tests/perf/stack.py) under a steady load of the bench-load mix
from eight clients, then, while the load goes on:

1. stops OpenSearch for 30 seconds, publishing changes to helplines meanwhile, and starts
   it again;
2. stops PostgreSQL for 5 seconds and starts it again.

Reports what the clients saw in each phase (answers, errors, p95), whether searches were
answered from the database while the engine was away, and whether, after recovery, the
index agrees with the database with nothing lost. Writes docs/benchmarks/chaos.md.

    python tests/perf/bench_chaos.py
"""

import http.client
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench_load import MIX
from bench_search import OUTPUT, ROOT, log
from stack import ProductionStack

CLIENTS = 8
CHANGED = ["samaritans", "childline", "shout", "the-mix", "papyrus-hopeline247"]
MARKER = "Chaos marker"
PUBLISH_DURING_OUTAGE = f"""
from resources.models import HelplinePage
for slug in {CHANGED!r}:
    page = HelplinePage.objects.get(slug=slug).get_latest_revision_as_object()
    page.summary = "{MARKER} " + slug + ". " + page.summary
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


def main():
    with ProductionStack(
        "waymark_chaos", port=8803, WAYMARK_API_RATE_LIMIT="1000000/minute"
    ) as stack:
        with Load(stack.port) as load:
            time.sleep(15)
            log("Stopping OpenSearch for 30 seconds…")
            load.phase = "search engine down"
            service("bash", ".ci/opensearch.sh", "stop")
            outage_started = time.monotonic()
            log("  publishing changes to five helplines while it is down…")
            stack.manage("shell", "-c", PUBLISH_DURING_OUTAGE)
            time.sleep(max(0, 30 - (time.monotonic() - outage_started)))
            log("Starting OpenSearch again…")
            load.phase = "search engine starting"
            service("bash", ".ci/opensearch.sh", "start")
            load.phase = "search engine back"
            time.sleep(20)
            log("Stopping PostgreSQL for 5 seconds…")
            load.phase = "database down"
            postgres("stop")
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
        found = subprocess.run(
            ["curl", "-s", f"{stack.url}/search/?q=chaos+marker"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        server_log = (stack.folder / "server.log").read_text()
    report(summarise(load.answers), drift, found, server_log)


def report(rows, drift, found, server_log):
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
    recovered = sum(1 for slug in CHANGED if f"/helplines/{slug}/" in found)
    after = (
        "After recovery, `manage.py search_index drift` says (exit status "
        f"{drift.returncode}):\n\n```\n{drift.stdout.strip()}{drift.stderr.strip()}\n```\n\n"
        f"{recovered} of the {len(CHANGED)} helplines changed during the outage "
        "are found on the engine by their new words. The app logged the outage "
        f"{server_log.count('Search engine unavailable')} times (once per worker process at "
        f"most) and the return {server_log.count('Search engine is back')} times."
    )
    print("\n" + table + "\n\n" + after + "\n")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "chaos.md").write_text(
        "# Resilience under load\n\n"
        "`make bench-chaos` on this machine: the production stack as in `make bench-load`, "
        f"{CLIENTS} clients requesting its mix in turn without pause. While they run, "
        "OpenSearch is stopped for 30 seconds (five helplines are edited and published "
        "meanwhile) and started again, then PostgreSQL is stopped for 5 seconds and started "
        "again. Errors are connection failures and answers of 500 or more; a search "
        '"from the database" is one the finder answered with its database engine because '
        "the search engine was away.\n\n" + table + "\n\n" + after + "\n"
    )


if __name__ == "__main__":
    main()
