"""Uncached pages benchmark: `make bench-pages`.

What one page of each kind costs to render when no cached page answers, in-process on
SQLite with the demo content: the median time and the SQL queries, for the addresses of
`make bench-load`'s mix (its API calls left out, as in its cold run). Each address is
asked with a query parameter never seen before, so the whole-page cache never answers,
in four ways measured in turn in the same run:

- "nothing kept": no shared fragment is kept, each page is found by Wagtail's walk down
  the page tree, and where view restrictions sit is read for every page and listing, as
  on the first page of an address after a publish;
- "fragments kept": results, crisis-line cards and each helpline's, guide's and
  campaign's own content come from the fragments kept for the minute
  (core.caching.fragment_stamp), the page still found by Wagtail's walk;
- "routes kept": the page each address leads to is kept too (core/routing.py);
- "privacy kept": where view restrictions and aliases sit is kept too (core/privacy.py),
  as on every other uncached page.

Prints a table and writes docs/benchmarks/pages.md.

    python tests/perf/bench_pages.py [--rounds N]
"""

import argparse
import contextlib
import itertools
import statistics
import time
from unittest import mock

from bench_load import COLD_MIX
from bench_search import log, write_report
from bench_understanding import set_up

PAGES = list(dict.fromkeys(COLD_MIX))


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


def routes_walked():
    """No address is known, so every page is found by Wagtail's own walk."""
    from core.routing import KnownRoutes

    return mock.patch.object(KnownRoutes, "route", return_value=None)


def privacy_read():
    """Where restrictions and aliases sit is read afresh for every page and listing (two
    queries each time, as many as Wagtail's own check of a page)."""
    from core import privacy

    return mock.patch.object(
        privacy._private_paths, "get", side_effect=lambda: privacy.PrivatePaths(None)
    )


@contextlib.contextmanager
def nothing_kept():
    with fragments_cold(), routes_walked(), privacy_read():
        yield


@contextlib.contextmanager
def fragments_kept():
    with routes_walked(), privacy_read():
        yield


WAYS = {
    "nothing kept": nothing_kept,
    "fragments kept": fragments_kept,
    "routes kept": privacy_read,
    "privacy kept": contextlib.nullcontext,
}
# The ways whose SQL queries are reported: fragments hold no query's worth of data.
COUNTED = ("fragments kept", "routes kept", "privacy kept")


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
        for way in COUNTED:
            counts = []
            # The fewest of three: once a second, a request also reads the catalogue version.
            for _ in range(3):
                with WAYS[way](), CaptureQueriesContext(connection) as captured:
                    get(path)
                counts.append(len(captured.captured_queries))
            queries[path, way] = min(counts)
    for number in range(1, rounds + 1):
        log(f"  round {number} of {rounds}…")
        # Alternated within each round, so a slower minute on a shared machine weighs on
        # every way alike.
        for path in PAGES:
            for way, kept in WAYS.items():
                with kept():
                    times[path, way].append(timed(path))
    return {key: statistics.median(values) for key, values in times.items()}, queries


def report(medians, queries, rounds):
    first, *_, last = WAYS
    lines = [
        "# Uncached pages",
        "",
        "`make bench-pages`: each address of `make bench-load`'s mix (its API calls left "
        "out) rendered in-process on SQLite with the demo content, with a query parameter "
        "never seen before so that no cached page answers. *Nothing kept*: no shared "
        "fragment is kept, Wagtail walks down the page tree to find the page, and where "
        "view restrictions sit is read for every page and listing, as on the first page "
        "of an address after a publish. *Fragments kept*: results, crisis-line cards and "
        "each helpline's, guide's and campaign's own content come from the fragments kept "
        "for the minute. *Routes kept*: each process also "
        "keeps the page each address leads to. *Privacy kept*: and where view restrictions "
        "and aliases sit in the page tree, as on every other uncached page. Medians of "
        f"{rounds} requests each, the four ways alternated. The mix's requests per second "
        "of one core is 1,000 ms over the mean of the medians.",
        "",
        "| address | SQL queries: fragments / routes / privacy kept | "
        + " | ".join(f"{way}, ms" for way in WAYS)
        + f" | {first} / {last} |",
        "|---|---:|" + "---:|" * len(WAYS) + "---:|",
    ]
    for path in PAGES:
        counted = " / ".join(str(queries[path, way]) for way in COUNTED)
        times = " | ".join(f"{medians[path, way]:.1f}" for way in WAYS)
        ratio = medians[path, first] / medians[path, last]
        lines.append(f"| `{path}` | {counted} | {times} | {ratio:.2f}× |")
    per_core = {way: 1000 / statistics.mean(medians[path, way] for path in PAGES) for way in WAYS}
    rates = " | ".join(f"**{per_core[way]:.0f}**" for way in WAYS)
    lines.append(
        f"| **the mix, requests/s of one core** | | {rates} | "
        f"{per_core[last] / per_core[first]:.2f}× |"
    )
    write_report("pages.md", lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    set_up()
    medians, queries = measure(args.rounds)
    report(medians, queries, args.rounds)


if __name__ == "__main__":
    main()
