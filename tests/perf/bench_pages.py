"""Uncached pages benchmark: `make bench-pages`.

What one page of each kind costs to render when no cached page answers, in-process on
SQLite with the demo content: the median time and the SQL queries, for the addresses of
`make bench-load`'s mix (its API calls left out, as in its cold run). Each address is
asked with a query parameter never seen before, so the whole-page cache never answers,
in two ways measured in turn in the same run:

- "fragments cold": no shared fragment is kept, as on the first page after a publish;
- "fragments kept": results and crisis-line cards come from the fragments kept for the
  minute (core.caching.fragment_stamp), as on every other uncached page.

Prints a table and writes docs/benchmarks/pages.md.

    python tests/perf/bench_pages.py [--rounds N]
"""

import argparse
import itertools
import statistics
import time

from bench_load import API, MIX
from bench_search import OUTPUT, log
from bench_understanding import set_up

PAGES = [path for path in dict.fromkeys(MIX) if path not in API]
WAYS = ("fragments cold", "fragments kept")


def fragments_cold():
    """Settings under which no fragment is ever found: Django's {% cache %} tag uses the
    `template_fragments` cache when there is one."""
    from django.conf import settings
    from django.test import override_settings

    return override_settings(
        CACHES={
            **settings.CACHES,
            "template_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        }
    )


def measure(rounds):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    fresh = itertools.count()

    def get(path):
        separator = "&" if "?" in path else "?"
        response = client.get(f"{path}{separator}fresh={next(fresh)}")
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")

    def timed(path):
        start = time.perf_counter()
        get(path)
        return (time.perf_counter() - start) * 1000

    times = {(path, way): [] for path in PAGES for way in WAYS}
    queries = {}
    for path in PAGES:
        get(path)
        counts = []
        # The fewest of three: once a second, a request also reads the catalogue version.
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                get(path)
            counts.append(len(captured.captured_queries))
        queries[path] = min(counts)
    for number in range(1, rounds + 1):
        log(f"  round {number} of {rounds}…")
        # Alternated within each round, so a slower minute on a shared machine weighs on
        # both ways alike.
        for path in PAGES:
            with fragments_cold():
                times[path, "fragments cold"].append(timed(path))
            times[path, "fragments kept"].append(timed(path))
    return {key: statistics.median(values) for key, values in times.items()}, queries


def report(medians, queries, rounds):
    lines = [
        "# Uncached pages",
        "",
        "`make bench-pages`: each address of `make bench-load`'s mix (its API calls left "
        "out) rendered in-process on SQLite with the demo content, with a query parameter "
        "never seen before so that no cached page answers. *Fragments cold*: no shared "
        "fragment is kept, as on the first page after a publish. *Fragments kept*: results "
        "and crisis-line cards come from the fragments kept for the minute, as on every "
        f"other uncached page. Medians of {rounds} requests each, the two ways alternated. "
        "The mix's requests per second of one core is 1,000 ms over the mean of the "
        "medians.",
        "",
        "| address | SQL queries | fragments cold, ms | fragments kept, ms | cold / kept |",
        "|---|---:|---:|---:|---:|",
    ]
    for path in PAGES:
        cold, kept = medians[path, "fragments cold"], medians[path, "fragments kept"]
        ratio = cold / kept
        lines.append(f"| `{path}` | {queries[path]} | {cold:.1f} | {kept:.1f} | {ratio:.2f}× |")
    mean = {way: statistics.mean(medians[path, way] for path in PAGES) for way in WAYS}
    per_core = {way: 1000 / mean[way] for way in WAYS}
    lines.append(
        f"| **the mix, requests/s of one core** | | **{per_core['fragments cold']:.0f}** | "
        f"**{per_core['fragments kept']:.0f}** | "
        f"{per_core['fragments kept'] / per_core['fragments cold']:.2f}× |"
    )
    text = "\n".join(lines) + "\n"
    print(text)
    (OUTPUT / "pages.md").write_text(text)
    log(f"Wrote {OUTPUT / 'pages.md'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    set_up()
    medians, queries = measure(args.rounds)
    report(medians, queries, args.rounds)


if __name__ == "__main__":
    main()
