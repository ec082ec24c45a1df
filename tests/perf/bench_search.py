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
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "docs" / "benchmarks"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://waymark:waymark@127.0.0.1:5432/postgres")
ENGINE_URL = os.environ.get("BENCH_SEARCH_URL", "opensearch://127.0.0.1:9201")
SEED = 20261126

WORDS = (
    "support listen talk call text chat help advice feelings worry school friends family online "
    "phone scrolling sleep night pressure exams body image confidence lonely isolated bullying "
    "messages comments group chat games followers likes photos filters stress panic calm breathe "
    "kind safe trust private free confidential young people parents carers volunteer counsellor "
    "trained advisers evening weekend weekday local national service guide steps practical tips "
    "boundaries breaks feed mute block report evidence screenshot harassment threats abuse hurt"
).split()


# Words people write in any text, most frequent first.
FUNCTION_WORDS = (
    "the to and you a of for your is it with can in or be are on if that this we our help "
    "not do about what when they who will have all at from one any more how there"
).split()
SYLLABLES = (
    "ba be bri ca co da de fa fe ga ho ka la le li lo ma me mi mo na ne no pa pe ra re ri ro "
    "sa se so ta te ti to va ve wi"
).split()
VOCABULARY_SIZE = 5000


def zipf_vocabulary(rng):
    """Words and weights following Zipf's law, as real text does.

    Function words come first, then the service words above in a shuffled order, then a
    long tail of made-up words: a query word matches a realistic share of documents, not
    most of them.
    """
    service = list(WORDS)
    rng.shuffle(service)
    words = FUNCTION_WORDS + service
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        made_up = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if made_up not in seen:
            seen.add(made_up)
            words.append(made_up)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    return words, weights


def log(message):
    print(message, flush=True)


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


def insert_pages(parent, pages):
    """Insert many new children of `parent` at once, bypassing per-page saves.

    Wagtail's pages use multi-table inheritance, which bulk_create cannot do: the base Page
    rows go in with bulk_create, then the specific rows with one executemany.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page

    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    base_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    bases = []
    for step, page in enumerate(pages, start=parent.numchild + 1):
        page.depth = parent.depth + 1
        page.path = parent._get_path(parent.path, page.depth, step)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        bases.append(Page(**{name: getattr(page, name) for name in base_fields}))
    Page.objects.bulk_create(bases, batch_size=1000)
    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = []
    for page, base in zip(pages, bases, strict=True):
        page.page_ptr_id = page.id = base.pk
        rows.append([f.get_db_prep_save(getattr(page, f.attname), connection) for f in fields])
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
    type(parent).objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    parent.numchild += len(pages)


def generate(size):
    """Add `size` resources (85% helplines, 15% guides) straight into the page tree."""
    from django.db import transaction
    from django.utils import timezone

    from resources.models import (
        Audience,
        ContactChannel,
        Country,
        GuideIndexPage,
        GuidePage,
        HelplineIndexPage,
        HelplinePage,
        Organisation,
        TaggedGuide,
        TaggedHelpline,
        Topic,
    )

    rng = random.Random(SEED + size)
    topics = list(Topic.objects.all())
    countries = list(Country.objects.all())
    audiences = list(Audience.objects.all())
    organisations = list(Organisation.objects.all())
    vocabulary, weights = zipf_vocabulary(rng)
    zones = {
        "US": "America/New_York",
        "CA": "America/Toronto",
        "AU": "Australia/Sydney",
        "NZ": "Pacific/Auckland",
        "ES": "Europe/Madrid",
        "FR": "Europe/Paris",
    }
    now = timezone.now()
    office = [
        {
            "type": "window",
            "value": {
                "days": [str(d) for d in range(5)],
                "opens": "09:00",
                "closes": "17:00",
                "closes_next_day": False,
            },
        }
    ]
    overnight = [
        {
            "type": "window",
            "value": {
                "days": [str(d) for d in range(7)],
                "opens": "20:00",
                "closes": "02:00",
                "closes_next_day": True,
            },
        }
    ]
    contact = {
        "phone": "+448001111",
        "sms": "85258",
        "chat": "https://example.org/chat",
        "email": "help@example.org",
    }

    def sentence(count):
        return " ".join(rng.choices(vocabulary, weights, k=count)).capitalize() + "."

    helplines, guides = [], []
    for number in range(size):
        title = f"{sentence(3)[:-1]} {number}"
        common = {
            "title": title,
            "draft_title": title,
            "slug": f"bench-{number}",
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": now,
            "last_published_at": now,
            "summary": sentence(18),
        }
        if rng.random() < 0.85:
            helplines.append(
                HelplinePage(
                    organisation=rng.choice(organisations),
                    description=f"<p>{sentence(40)}</p>",
                    last_verified_on=now.date(),
                    **common,
                )
            )
        else:
            guides.append(
                GuidePage(
                    steps=[
                        {
                            "type": "step",
                            "value": {"heading": sentence(4), "body": f"<p>{sentence(50)}</p>"},
                        }
                    ],
                    more_help=f"<p>{sentence(20)}</p>",
                    **common,
                )
            )
    with transaction.atomic():
        for parent, pages in [
            (HelplineIndexPage.objects.get(), helplines),
            (GuideIndexPage.objects.get(), guides),
        ]:
            for start in range(0, len(pages), 2000):
                insert_pages(parent, pages[start : start + 2000])
                done = min(start + 2000, len(pages))
                log(f"    inserted {done}/{len(pages)} {type(pages[0]).__name__}")
        tags, channels, served, audience_links = [], [], [], []
        for page in helplines + guides:
            tag_model = TaggedHelpline if isinstance(page, HelplinePage) else TaggedGuide
            tags.extend(
                tag_model(tag=t, content_object_id=page.pk)
                for t in rng.sample(topics, rng.randint(1, 3))
            )
        for page in helplines:
            chosen = rng.sample(countries, rng.randint(1, 2))
            served.extend(
                HelplinePage.countries.through(helplinepage_id=page.pk, country_id=c.pk)
                for c in chosen
            )
            audience_links.extend(
                HelplinePage.audiences.through(helplinepage_id=page.pk, audience_id=a.pk)
                for a in rng.sample(audiences, rng.randint(1, 2))
            )
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(list(contact))
                pattern = rng.random()
                channels.append(
                    ContactChannel(
                        page_id=page.pk,
                        kind=kind,
                        value=contact[kind],
                        timezone=zones.get(chosen[0].code, "Europe/London"),
                        open_24_7=pattern < 0.3,
                        hours=[] if pattern < 0.3 else office if pattern < 0.7 else overnight,
                        languages=rng.choice(["en", "en", "en cy", "es", "fr", "en fr"]),
                    )
                )
        TaggedHelpline.objects.bulk_create(
            [t for t in tags if isinstance(t, TaggedHelpline)], batch_size=2000
        )
        TaggedGuide.objects.bulk_create(
            [t for t in tags if isinstance(t, TaggedGuide)], batch_size=2000
        )
        HelplinePage.countries.through.objects.bulk_create(served, batch_size=2000)
        HelplinePage.audiences.through.objects.bulk_create(audience_links, batch_size=2000)
        ContactChannel.objects.bulk_create(channels, batch_size=2000)
    log(f"    {len(helplines)} helplines, {len(guides)} guides, {len(channels)} channels")


def query_mix(count, seed=SEED):
    from django.http import QueryDict

    from resources.models import Topic
    from search.query import FinderQuery

    rng = random.Random(seed)
    topics = list(Topic.objects.all())
    texts = [t.name for t in topics] + [s for t in topics for s in t.synonym_list[:3]] + WORDS
    facets = [
        ("type", ["helpline", "guide"]),
        ("country", ["GB", "US", "FR", "AU"]),
        ("channel", ["phone", "sms", "chat"]),
        ("language", ["en", "es", "fr"]),
        ("open_now", ["1"]),
    ]
    queries = []
    for number in range(count):
        params = QueryDict(mutable=True)
        kind = number % 3
        if kind in (0, 1):
            words = rng.choice(texts)
            if rng.random() < 0.2 and len(words) > 5:  # a typo
                position = rng.randrange(1, len(words) - 1)
                words = words[:position] + words[position + 1 :]
            params["q"] = words
        if kind in (1, 2):
            for name, values in rng.sample(facets, rng.randint(1, 2)):
                params.setlist(name, rng.sample(values, 1))
        queries.append(FinderQuery.from_params(params)[0])
    return queries


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
