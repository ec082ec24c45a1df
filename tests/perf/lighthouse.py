"""Lighthouse scores for every public page type: `make lighthouse`.

Runs npm's Lighthouse (pinned, installed on first use) with Debian's Chromium against the
production stack (tests/perf/stack.py), with Lighthouse's default mobile emulation: a
mid-range phone on a slow 4G connection. Writes docs/benchmarks/lighthouse.md.
"""

import json
import os
import subprocess
from pathlib import Path

from bench_search import OUTPUT, log
from stack import ProductionStack

LIGHTHOUSE_VERSION = "12.8.2"  # the last line that runs on Node.js 20
HOME = Path(os.environ.get("WAYMARK_BROWSER_HOME", "/tmp/waymark-browser")) / "lighthouse"
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
PAGES = {
    "Home": "/",
    "Helpline directory": "/helplines/",
    "Helpline": "/helplines/samaritans/",
    "Report a problem": "/helplines/samaritans/report/",
    "Guides": "/guides/",
    "Guide": "/guides/curating-your-feed/",
    "Campaigns": "/campaigns/",
    "Campaign": "/campaigns/scroll-less-live-more/",
    "Topics": "/topics/",
    "Topic": "/topics/cyberbullying/",
    "Search": "/search/?q=trolls+leaving+nasty+comments",
    "Browse safely": "/browse-safely/",
    "Widget configurator": "/widgets/",
    "API reference": "/api/v1/docs",
}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def install():
    cli = HOME / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        log(f"Installing Lighthouse {LIGHTHOUSE_VERSION} from the npm registry…")
        HOME.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(HOME),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return cli


def audit(cli, url, attempts=2):
    """One page's scores. Chromium now and then fails to start under load: try again once."""
    for attempt in range(1, attempts + 1):
        completed = run_lighthouse(cli, url)
        if completed.returncode == 0:
            return scores_of(json.loads(completed.stdout))
        log(f"    Lighthouse failed (attempt {attempt}): {completed.stderr.strip()[-500:]}")
    raise SystemExit(f"Lighthouse could not audit {url}")


def run_lighthouse(cli, url):
    return subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        capture_output=True,
        text=True,
    )


def scores_of(report):
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = report["audits"]
    scores["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    scores["failed"] = sorted(
        key
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"]
        and (audits[key := ref["id"]]["score"] or 0) < 1
        and audits[key]["scoreDisplayMode"] == "binary"
    )
    return scores


def main():
    cli = install()
    results = {}
    with ProductionStack("waymark_lighthouse", port=8802) as stack:
        for number, (name, path) in enumerate(PAGES.items(), start=1):
            log(f"  {number}/{len(PAGES)} {name} ({path})…")
            results[name] = audit(cli, stack.url + path)
    header = "| page | " + " | ".join(CATEGORIES.values()) + " | LCP s | audits not passed |"
    lines = [header, "|---|" + "---:|" * len(CATEGORIES) + "---:|---|"]
    for name, scores in results.items():
        lines.append(
            f"| {name} | "
            + " | ".join(str(scores[category]) for category in CATEGORIES)
            + f" | {scores['lcp']:.1f} | {', '.join(scores['failed']) or '–'} |"
        )
    table = "\n".join(lines)
    print("\n" + table + "\n")
    output = OUTPUT / "lighthouse.md"
    output.write_text(
        "# Lighthouse\n\n"
        f"`make lighthouse`: Lighthouse {LIGHTHOUSE_VERSION} with Debian's Chromium, its "
        "default mobile emulation (a mid-range phone on slow 4G, CPU slowed four times), "
        "against gunicorn with the production settings and the demo content on this machine. "
        "Scores out of 100; LCP is the simulated largest contentful paint.\n\n" + table + "\n"
    )
    log(f"Wrote {output}")


if __name__ == "__main__":
    main()
