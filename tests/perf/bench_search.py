"""Finder benchmark: `make bench-search`.

For each corpus size, builds a synthetic but realistic directory (seeded: text drawn from a
Zipf-distributed vocabulary, topics, organisations, countries, channels and opening hours)
on SQLite and on PostgreSQL, rebuilds the indexes, and times a fixed mix of queries (text
only, text with facets, facets only) on the database engine for both databases and on
OpenSearch. Prints a table and writes docs/benchmarks/search.md and search.png.

    python tests/perf/bench_search.py [--sizes 1000,10000,50000] [--queries 300]

Each measurement runs in a fresh child process, so caches from one run never help another;
OpenSearch is timed in a process of its own, reading the corpus PostgreSQL holds.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from search_corpus import SEED, generate, log, query_mix

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "docs" / "benchmarks"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://waymark:waymark@127.0.0.1:5432/postgres")
ENGINE_URL = os.environ.get("BENCH_SEARCH_URL", "opensearch://127.0.0.1:9201")


def write_report(name, lines):
    """Print a benchmark's Markdown report and write it to docs/benchmarks/`name`."""
    text = "\n".join(lines) + "\n"
    print(text)
    (OUTPUT / name).write_text(text)
    log(f"Wrote {OUTPUT / name}")


# Child: build one corpus on one database and measure ------------------------------------


def child(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    # Nothing runs in the background while loading: indexes are rebuilt, and timed, afterwards.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django.test.utils import setup_test_environment

    setup_test_environment()
    measure_phase = measure_database if args.phase == "database" else measure_engine
    print("RESULT " + json.dumps(measure_phase(args)), flush=True)


def query_mixes(count):
    """The timed mix, and a different one of the same kind to warm up with."""
    return query_mix(count), query_mix(count, seed=SEED + 1)


def measure_database(args):
    """Build the corpus in a new database and time the database engine on it."""
    from django.core.management import call_command
    from django.db import connection

    from search.backends.database import DatabaseFinder, get_catalogue

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    started = time.perf_counter()
    generate(args.size)
    results = {"db": args.db, "size": args.size, "generate_s": time.perf_counter() - started}
    started = time.perf_counter()
    log("    rebuilding the database search index…")
    call_command("update_index", backend_name="database", verbosity=0)
    get_catalogue()
    results["database_rebuild_s"] = time.perf_counter() - started
    # Tables as a database in use has them: vacuumed and analysed (autovacuum's work on
    # PostgreSQL), not straight after a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    settle()
    queries, warmup = query_mixes(args.queries)
    log(f"    timing {len(queries)} searches on the database engine…")
    results["database"] = measure(DatabaseFinder(), queries, warmup)
    return results


def measure_engine(args):
    """Index the corpus the database phase built in OpenSearch and time the engine, in a
    process of its own, as a site using the engine runs (no database catalogue in memory)."""
    from django.conf import settings

    from search import indexing
    from search.backends.engine.client import connect
    from search.backends.engine.finder import EngineFinder
    from search.engine_config import parse_search_url

    config = parse_search_url(ENGINE_URL)
    config["index"] = f"waymark-bench-{args.db}-{args.size}"
    settings.WAYMARK_SEARCH = config
    started = time.perf_counter()
    log("    rebuilding the OpenSearch index…")
    indexing.rebuild()
    results = {"engine_rebuild_s": time.perf_counter() - started}
    settle()
    queries, warmup = query_mixes(args.queries)
    log(f"    timing {len(queries)} searches on OpenSearch…")
    client = connect(config)
    results["engine"] = measure(
        EngineFinder(config, fallback=False),
        queries,
        warmup,
        reset=lambda: client.indices.clear_cache(index=config["index"], request=True),
    )
    client.indices.delete(index=f"{config['index']}-*")
    return results


def settle():
    """Write out what loading the corpus left in memory, so the disks are quiet while timing."""
    import psycopg

    os.sync()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute("CHECKPOINT")


def measure(finder, queries, warmup, reset=lambda: None, rounds=3):
    """Latency of `queries` in a warm process, as a server answers after its first minutes.

    The warm-up is a different mix of the same kind, so caches of query results never answer
    a timed query: `reset` empties any (the engine's request cache) before each round. The
    figures are the medians over the rounds of each round's p50, p95 and maximum.
    """
    for query in warmup:
        finder.search(query)
    per_round = []
    for _ in range(rounds):
        reset()
        timings = []
        for query in queries:
            started = time.perf_counter()
            finder.search(query)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        per_round.append(
            (statistics.median(timings), timings[int(len(timings) * 0.95) - 1], timings[-1])
        )
    return {
        "p50_ms": statistics.median(p50 for p50, _, _ in per_round),
        "p95_ms": statistics.median(p95 for _, p95, _ in per_round),
        "max_ms": statistics.median(most for _, _, most in per_round),
        "queries": len(queries),
        "rounds": rounds,
    }


# Parent: orchestrate, tabulate, plot ------------------------------------------------------


def reset_postgres(name):
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_child(db, size, queries, phase):
    """Run one phase in a fresh process: "database" builds a new corpus, "engine" reuses it."""
    env = dict(os.environ)
    if db == "sqlite":
        path = Path(f"/tmp/waymark-bench-{size}.sqlite3")
        if phase == "database":
            path.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        name = f"waymark_bench_{size}"
        if phase == "database":
            reset_postgres(name)
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    command = [
        sys.executable,
        __file__,
        "--child",
        "--db",
        db,
        "--size",
        str(size),
        "--queries",
        str(queries),
        "--phase",
        phase,
    ]
    log(f"  {db}, {size} resources, {'OpenSearch' if phase == 'engine' else 'database engine'}…")
    return run_measurement(command, env, f"{db} {size}")


def run_measurement(command, env, name):
    """Run a child process, pass on its progress lines, and return its RESULT."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    result = None
    for line in process.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
        else:
            print(line, end="", flush=True)
    if process.wait() != 0 or result is None:
        raise SystemExit(f"benchmark run failed: {name}")
    return result


def rows(results):
    table = []
    for result in results:
        name = "SQLite" if result["db"] == "sqlite" else "PostgreSQL"
        table.append(
            (result["size"], f"database ({name})", result["database"], result["database_rebuild_s"])
        )
        if "engine" in result:
            table.append(
                (result["size"], "OpenSearch 2.19", result["engine"], result["engine_rebuild_s"])
            )
    return table


def report(results, queries):
    header = "| resources | engine | p50 ms | p95 ms | max ms | full rebuild s |"
    lines = [header, "|---:|---|---:|---:|---:|---:|"]
    for size, engine, timing, rebuild in rows(results):
        lines.append(
            f"| {size:,} | {engine} | {timing['p50_ms']:.1f} | {timing['p95_ms']:.1f} | "
            f"{timing['max_ms']:.1f} | {rebuild:.1f} |"
        )
    table = "\n".join(lines)
    print("\n" + table + "\n")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "search.md").write_text(
        "# Finder benchmark\n\n"
        f"`make bench-search` on this machine (2 cores, client and engine on the same cores): "
        f"{queries} queries per run, a third text only, a third text with one or two facets, a "
        "third facets only, a fifth of the texts misspelt. Each engine is measured in a fresh "
        "process (OpenSearch on the corpus PostgreSQL holds), warmed up by a different mix of "
        "the same kind (another seed), then, once the corpus just written is flushed to disk "
        "(sync and a PostgreSQL checkpoint), timed "
        "three times from the finder's call to its results (query understanding, engine round "
        "trip, facets, snippets); the engine's request cache is emptied before each round, so "
        "no timed query is answered from earlier results. Figures are medians over the three "
        "rounds. The corpus is seeded: 85% helplines with one to "
        "three channels (24/7, office hours or evenings, in seven time zones) and 15% guides, "
        "text drawn from a 5,000-word vocabulary with Zipf frequencies, one to three topics "
        "each. Full rebuild is Wagtail's database index plus the finder's in-memory catalogue "
        "for the database engine, and a new index with an alias swap for OpenSearch.\n\n"
        + table
        + "\n"
    )
    plot(results)


def plot(results):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = {}
    for size, engine, timing, _ in rows(results):
        series.setdefault(engine, []).append((size, timing["p95_ms"], timing["p50_ms"]))
    figure, axis = plt.subplots(figsize=(7, 4.5))
    for engine, points in series.items():
        points.sort()
        sizes = [p[0] for p in points]
        axis.plot(sizes, [p[1] for p in points], marker="o", label=f"{engine} p95")
        axis.plot(sizes, [p[2] for p in points], marker=".", linestyle="--", label=f"{engine} p50")
    axis.set_xscale("log")
    axis.set_xlabel("resources in the directory")
    axis.set_ylabel("finder latency (ms)")
    axis.set_title("Waymark finder latency by engine")
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(OUTPUT / "search.png", dpi=120)
    log(f"Wrote {OUTPUT / 'search.md'} and {OUTPUT / 'search.png'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", choices=["sqlite", "postgres"])
    parser.add_argument("--size", type=int)
    parser.add_argument("--phase", choices=["database", "engine"])
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        log(f"Corpus of {size:,} resources")
        results.append(run_child("sqlite", size, args.queries, "database"))
        postgres = run_child("postgres", size, args.queries, "database")
        postgres.update(run_child("postgres", size, args.queries, "engine"))
        results.append(postgres)
    report(results, args.queries)


if __name__ == "__main__":
    main()
