"""Helpline import benchmark: `make bench-import`.

Builds a seeded CSV of 5,000 rows (2,500 helplines with a phone line and a text line,
spread over the demo organisations, countries, topics and time zones) and, on SQLite and on
PostgreSQL, times: the dry run (read and check every row, median of three), the real import
(every helpline created as a draft, in one transaction), and the same file again (every
helpline checked and found unchanged). Prints a table and writes docs/benchmarks/import.md.

    python tests/perf/bench_import.py [--rows 5000]
"""

import argparse
import csv
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import (
    OUTPUT,
    PG_ADMIN_URL,
    ROOT,
    SEED,
    log,
    reset_postgres,
    run_measurement,
)

HOURS = [
    "24/7",
    "Mon-Fri 09:00-17:00",
    "Mon-Sun 18:00-23:00",
    "Mon-Fri 09:00-21:00; Sat-Sun 10:00-16:00",
]
ZONES = {"GB": "Europe/London", "IE": "Europe/Dublin", "US": "America/New_York"}
PHONES = {"GB": "0808 80{:05d}", "IE": "01 8{:06d}", "US": "(212) 55{:05d}"}


def build_csv(rows, organisations, topics):
    from resources.records import COLUMNS

    rng = random.Random(SEED)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for number in range(rows // 2):
        country = rng.choice(list(ZONES))
        helpline = {
            "external_id": f"bench-{number}",
            "title": f"Bench line {number}",
            "organisation": rng.choice(organisations),
            "summary": "Someone to talk to about what is on your mind, in confidence.",
            "countries": country,
            "regions": "",
            "audiences": "young-people",
            "topics": "; ".join(rng.sample(topics, 2)),
            "status": "active",
            "status_note": "",
            "confidentiality": "",
            "last_verified_on": "2026-10-01",
            "review_interval_days": "180",
        }
        for kind in ("phone", "sms"):
            writer.writerow(
                {
                    **helpline,
                    "channel_kind": kind,
                    "channel_value": PHONES[country].format(number % 100000),
                    "channel_label": "",
                    "channel_keyword": "",
                    "channel_timezone": ZONES[country],
                    "channel_hours": rng.choice(HOURS),
                    "channel_languages": "en",
                    "channel_cost": "Free",
                    "channel_notes": "",
                }
            )
    return out.getvalue()


def child(rows):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings

    # As in production: search and reference index updates wait in the database queue for
    # the worker instead of running inside the import.
    override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}).enable()
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    from resources.applying import apply_plan
    from resources.importing import plan_import
    from resources.models import Organisation, Topic
    from resources.spreadsheets import read_csv

    organisations = [o.name for o in Organisation.objects.all()]
    topics = [t.name for t in Topic.objects.all()]
    data = build_csv(rows, organisations, topics)
    checks = []
    for attempt in range(3):
        log(f"    dry run {attempt + 1}/3…")
        started = time.perf_counter()
        plan = plan_import(read_csv(data))
        checks.append(time.perf_counter() - started)
    assert plan.is_valid and plan.count("create") == rows // 2, plan.problems[:3]
    log(f"    importing {rows:,} rows…")
    step = max(1, rows // 2 // 10)
    started = time.perf_counter()
    plan = plan_import(read_csv(data))
    apply_plan(plan, progress=lambda done, total: done % step == 0 and log(f"      {done}/{total}"))
    applied = time.perf_counter() - started
    log("    the same file again…")
    started = time.perf_counter()
    again = plan_import(read_csv(data))
    unchanged_s = time.perf_counter() - started
    assert again.count("unchanged") == rows // 2
    result = {"check_s": statistics.median(checks), "import_s": applied, "again_s": unchanged_s}
    print("RESULT " + json.dumps(result), flush=True)


def run_child(db, rows):
    env = dict(os.environ)
    if db == "sqlite":
        path = Path("/tmp/waymark-bench-import.sqlite3")
        path.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        reset_postgres("waymark_bench_import")
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/waymark_bench_import"
    log(f"  {db}…")
    command = [sys.executable, __file__, "--child", "--rows", str(rows)]
    return run_measurement(command, env, db)


def report(results, rows):
    lines = [
        "| database | dry run s | rows/s | import s | rows/s | same file again s | rows/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for db, result in results.items():
        cells = []
        for key in ("check_s", "import_s", "again_s"):
            cells += [f"{result[key]:.1f}", f"{rows / result[key]:,.0f}"]
        lines.append(f"| {db} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print("\n" + table + "\n")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "import.md").write_text(
        "# Helpline import benchmark\n\n"
        f"`make bench-import` on this machine (2 cores): a seeded CSV of {rows:,} rows "
        f"({rows // 2:,} helplines, each with a phone and a text line). Dry run: reading and "
        "checking every row against the database (median of three). Import: the same plus "
        "creating every helpline as a draft with its first revision, in one transaction, with "
        "search and reference index updates queued for the task worker as in production. Same "
        "file again: checking every row and finding nothing to change.\n\n" + table + "\n"
    )
    log(f"Wrote {OUTPUT / 'import.md'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rows)
        return
    log(f"Importing {args.rows:,} rows")
    results = {
        "SQLite": run_child("sqlite", args.rows),
        "PostgreSQL": run_child("postgres", args.rows),
    }
    report(results, args.rows)


if __name__ == "__main__":
    main()
