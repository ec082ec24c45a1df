"""Uncached pages then and now: `make bench-since`.

What each page of `make bench-load`'s cold mix (its API calls left out) costs to render
when no cached page answers, for the code at an earlier commit and the code in this tree,
measured side by side in one run: machine speed here varies by a third from one run to
the next, so only a ratio measured in the same minutes says how much faster the pages
became. The earlier commit is, unless told otherwise, the one whose load benchmark first
measured the cold mix (6efd34f, 26 November 2026: 133 requests/s).

The earlier code is checked out in a temporary git worktree, and both sides use this
tree's virtual environment. First each page in-process, each side in its own process with
its own demo content and its own `cms.settings.test`: on SQLite, then on PostgreSQL
(`make postgres`), where each SQL query is a round trip to another process. Each address
is asked with a query parameter never seen before, the two sides alternated address by
address, so a slower minute weighs on both alike. Then the whole production stack of each
side (tests/perf/stack.py: gunicorn with the production settings and the Dockerfile's
options, PostgreSQL, OpenSearch, Redis), with wrk's cold run of `make bench-load`, the two
sides' rounds alternated. Prints the tables and writes docs/benchmarks/since.md.

    python tests/perf/bench_since.py [--since COMMIT] [--rounds N] [--seconds S]
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_load import COLD_MIX, run_wrk, settle
from bench_pages import PAGES
from bench_search import PG_ADMIN_URL, ROOT, log, reset_postgres, write_report
from stack import REDIS_URL, ProductionStack

FIRST_LOAD_BENCHMARK = "6efd34f"

# Runs inside each tree: prepares its database, then answers one address per line read
# with the milliseconds and SQL queries it took.
SIDE = """
import io, json, sys, time
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

call_command("migrate", verbosity=0)
call_command("load_demo_content", stdout=io.StringIO())
client = Client()
fresh = 0
print("ready", flush=True)
for line in sys.stdin:
    path = line.strip()
    fresh += 1
    separator = "&" if "?" in path else "?"
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(f"{path}{separator}fresh={fresh}")
        elapsed = (time.perf_counter() - started) * 1000
    answer = [response.status_code, elapsed, len(captured.captured_queries)]
    print(json.dumps(answer), flush=True)
"""


class Side:
    """One tree's code, serving in its own process."""

    def __init__(self, name, tree, database_url):
        self.name = name
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": database_url,
            "PYTHONPATH": str(tree),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", SIDE],
            cwd=tree,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            raise SystemExit(f"The {name} side could not start: see its output above.")

    def get(self, path):
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        status, milliseconds, queries = json.loads(self.process.stdout.readline())
        if status != 200:
            raise SystemExit(f"{path} answered {status} on the {self.name} side")
        return milliseconds, queries

    def stop(self):
        self.process.stdin.close()
        self.process.wait()


def measure(sides, rounds):
    times = {(side.name, path): [] for side in sides for path in PAGES}
    queries = {}
    for side in sides:
        for path in PAGES:
            side.get(path)
            # The fewest of three: once a second, a request also reads the catalogue version.
            queries[side.name, path] = min(side.get(path)[1] for _ in range(3))
    for number in range(1, rounds + 1):
        log(f"  round {number} of {rounds}…")
        for path in PAGES:
            for side in sides:
                times[side.name, path].append(side.get(path)[0])
    return {key: statistics.median(values) for key, values in times.items()}, queries


def database_url(database, side, folder):
    if database == "SQLite":
        return f"sqlite:///{folder}/{side}.sqlite3"
    name = f"waymark_since_{side}"
    reset_postgres(name)
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def measure_on(database, then_tree, folder, rounds):
    log(f"On {database}: preparing both sides' databases with the demo content…")
    sides = []
    try:
        for name, tree in (("then", then_tree), ("now", ROOT)):
            sides.append(Side(name, tree, database_url(database, name, folder)))
        return measure(sides, rounds)
    finally:
        for side in sides:
            side.stop()


def measure_stacks(then_tree, seconds, connections):
    """wrk's cold run over each side's production stack, three rounds each, alternated."""
    redis = REDIS_URL.rsplit("/", 1)[0]
    with contextlib.ExitStack() as running:
        stacks = {
            "then": running.enter_context(
                ProductionStack(
                    "waymark_since_then", port=8803, root=then_tree, CACHE_URL=f"{redis}/1"
                )
            ),
            "now": running.enter_context(
                ProductionStack("waymark_since_now", port=8804, CACHE_URL=f"{redis}/2")
            ),
        }
        rounds = {name: [] for name in stacks}
        for number in range(1, 4):
            for name, stack in stacks.items():
                settle(stack.url)
                log(f"  the production stack, {name}: round {number} of 3 ({seconds} s)…")
                rounds[name].append(
                    run_wrk(stack.url, COLD_MIX, seconds, connections, fresh="fresh")
                )
    return {
        name: {
            **{key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p99")},
            "errors": sum(r["errors"] for r in runs),
            "requests": sum(r["requests"] for r in runs),
        }
        for name, runs in rounds.items()
    }


def stack_table(served, connections, seconds):
    then, now = served["then"], served["now"]
    return [
        "## Through the production stack",
        "",
        f"wrk keeps {connections} connections busy for {seconds} s over the mix, each request "
        "with a new query parameter (`make bench-load`'s cold run), against each side's "
        "gunicorn with the production settings and the Dockerfile's options, on PostgreSQL, "
        "with the finder on OpenSearch and Redis as the cache. Medians of three rounds, the "
        "sides' rounds alternated, each begun once the app answers its cached home page "
        "within 50 ms; errors are the sum over them.",
        "",
        "| code | requests/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} | "
            f"{result['errors']} of {result['requests']:,} |"
            for name, result in served.items()
        ),
        f"| **now / then** | **{now['rps'] / then['rps']:.2f}×** | | | |",
    ]


def table(database, medians, queries):
    lines = [
        f"## On {database}",
        "",
        "| address | SQL queries then | SQL queries now | then, ms | now, ms | then / now |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for path in PAGES:
        then, now = medians["then", path], medians["now", path]
        lines.append(
            f"| `{path}` | {queries['then', path]} | {queries['now', path]} | "
            f"{then:.1f} | {now:.1f} | {then / now:.2f}× |"
        )
    per_core = {
        name: 1000 / statistics.mean(medians[name, path] for path in PAGES)
        for name in ("then", "now")
    }
    lines.append(
        f"| **the mix, requests/s of one process** | | | **{per_core['then']:.0f}** | "
        f"**{per_core['now']:.0f}** | **{per_core['now'] / per_core['then']:.2f}×** |"
    )
    return lines


def report(since, measured, rounds, served, args):
    lines = [
        "# Uncached pages then and now",
        "",
        "`make bench-since`: each address of `make bench-load`'s mix (its API calls left "
        "out) rendered in-process with the demo content, with a query parameter never seen "
        "before so that no cached page answers, by the code at commit "
        f"`{since}` (*then*) and by the code in this tree (*now*), each in its own process "
        "with its own database, alternated address by address in the same run: on SQLite, "
        "then on PostgreSQL, where each SQL query is a round trip to another process. "
        f"Medians of {rounds} requests each. The mix's requests per second of one process "
        "is 1,000 ms over the mean of the medians.",
    ]
    for database, (medians, queries) in measured.items():
        lines += ["", *table(database, medians, queries)]
    lines += ["", *stack_table(served, args.connections, args.seconds)]
    write_report("since.md", lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", default=FIRST_LOAD_BENCHMARK)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="waymark-since-") as folder:
        then_tree = Path(folder) / "then"
        log(f"Checking out {args.since} in a temporary worktree…")
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(then_tree), args.since],
            cwd=ROOT,
            check=True,
        )
        try:
            measured = {
                database: measure_on(database, then_tree, folder, args.rounds)
                for database in ("SQLite", "PostgreSQL")
            }
            served = measure_stacks(then_tree, args.seconds, args.connections)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(then_tree)], cwd=ROOT, check=True
            )
    report(args.since, measured, args.rounds, served, args)


if __name__ == "__main__":
    main()
