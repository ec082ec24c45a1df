"""Load benchmark: `make bench-load`.

Runs the production stack (tests/perf/stack.py) and drives it with wrk over a fixed mix of
home, topic, helpline, search and API requests:

- "cold": every request carries a query parameter never seen before, so no cached page
  answers and each page is rendered (and stored) afresh, from the result fragments that
  uncached pages share (core.caching.fragment_stamp) and the page each process keeps for
  each address (core/routing.py);
- "cached": the same addresses again and again, as most traffic is;
- "each link with its own fbclid": cached pages asked with a click identifier never sent
  before, as a link shared on a social platform arrives;
- "searches with words only": the searches no cache may keep, alone;
- "through the proxy": the same, through deploy/nginx's configuration in front of the app;
- "open loop": vegeta sends the mix through the proxy at fixed rates, a quarter, half and
  three quarters of what the closed loop reached, whether or not earlier answers have come
  back, as visitors do: its percentiles are what a visitor waits at that traffic, where a
  closed loop at saturation measures its own queue;
- "nginx ceiling": nginx serving the very bytes the app answered, as static files.

Each is run three times; the figures are the medians. Prints a table and writes
docs/benchmarks/load.md and load.png.

    python tests/perf/bench_load.py [--seconds 20] [--connections 16]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from functools import partial
from pathlib import Path

from bench_search import OUTPUT, ROOT, log
from proxy import deploy_nginx
from stack import ProductionStack, dockerfile_gunicorn_args, wait_for

NGINX_PORT = 8801
PROXY_PORT = 8802
# Installed into the virtual environment by .ci/load-tools.sh.
VEGETA = Path(sys.executable).parent / "vegeta"
OPEN_LOOP_SHARES = (0.25, 0.5, 0.75)
# An app that answers its cached home page this fast has nothing left queued.
SETTLED_SECONDS = 0.05
# The mix: repeats weight what people ask for most.
MIX = [
    "/",
    "/",
    "/topics/cyberbullying/",
    "/topics/loneliness/",
    "/helplines/",
    "/helplines/samaritans/",
    "/helplines/childline/",
    "/helplines/988-lifeline/",
    "/guides/curating-your-feed/",
    "/search/?q=trolls+leaving+nasty+comments",
    "/search/?q=cant+sleep+scrolling&type=guide",
    "/search/?topic=anxiety&country=GB",
    "/api/v1/helplines?country=GB",
    "/api/v1/topics",
]
SHARED_LINKS = "cached pages, each link with its own fbclid"
# What wrk counts as errors, by kind.
WRK_ERRORS = {
    "connect": "could not connect",
    "read": "connection closed or reset before the answer",
    "write": "could not send",
    "status": "status 400 or more",
    "timeout": "no answer within 2 s",
}
# The API refuses parameters it does not know, so the cold run leaves its addresses out.
API = [path for path in MIX if path.startswith("/api/")]
COLD_MIX = [path for path in MIX if path not in API]
WRK_SCRIPT = """
local paths = {%(paths)s}
local fresh = %(fresh)s
local counter = 0
local threads = 0

function setup(thread)
    thread:set("id", threads)
    threads = threads + 1
end

function request()
    counter = counter + 1
    local path = paths[(counter %% #paths) + 1]
    if fresh then
        local separator = path:find("?", 1, true) and "&" or "?"
        path = path .. separator .. fresh .. "=" .. id .. "-" .. counter
    end
    return wrk.format("GET", path)
end

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "RESULT {\\"requests\\": %%d, \\"seconds\\": %%f, \\"connect\\": %%d, "
        .. "\\"read\\": %%d, \\"write\\": %%d, \\"status\\": %%d, \\"timeout\\": %%d, "
        .. "\\"p50\\": %%f, \\"p95\\": %%f, \\"p99\\": %%f}\\n",
        summary.requests, summary.duration / 1e6,
        errors.connect, errors.read, errors.write, errors.status, errors.timeout,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000))
end
"""
NGINX_CONF = """
worker_processes 2;
pid %(folder)s/nginx.pid;
error_log %(folder)s/error.log;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    default_type text/html;
    server {
        listen 127.0.0.1:%(port)d;
        root %(folder)s/site;
    }
}
"""


def run_wrk(url, paths, seconds, connections, fresh=None):
    """One wrk run over `paths`; returns requests/s, latency percentiles (ms) and errors.
    Given `fresh`, a parameter's name, each request carries it with a value never sent
    before."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            WRK_SCRIPT
            % {
                "paths": ", ".join(json.dumps(path) for path in paths),
                "fresh": json.dumps(fresh) if fresh else "nil",
            }
        )
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(script.name).unlink()
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["rps"] = result["requests"] / result["seconds"]
    result["failed"] = Counter(
        {label: result[kind] for kind, label in WRK_ERRORS.items() if result[kind]}
    )
    result["errors"] = result["failed"].total()
    return result


def run_vegeta(url, paths, seconds, rate):
    """One open-loop run: `rate` requests a second over `paths` in turn, however long the
    answers take; returns the answered rate, latency percentiles (ms) and errors."""
    targets = "".join(f"GET {url}{path}\n" for path in paths)
    attack = subprocess.run(
        [str(VEGETA), "attack", f"-rate={rate}/s", f"-duration={seconds}s", "-timeout=2s"],
        input=targets.encode(),
        capture_output=True,
        check=True,
    ).stdout
    summary = json.loads(
        subprocess.run(
            [str(VEGETA), "report", "-type=json"], input=attack, capture_output=True, check=True
        ).stdout
    )
    latencies = summary["latencies"]
    answers = subprocess.run(
        [str(VEGETA), "encode", "-to=json"], input=attack, capture_output=True, check=True
    ).stdout
    failed = Counter()
    for line in answers.splitlines():
        answer = json.loads(line)
        if answer["code"] != 200:
            address = urllib.parse.urlsplit(answer["url"])
            failed[f"`{address.path}?{address.query}`".replace("?`", "`")] += 1
    return {
        "rps": summary["throughput"],
        "p50": latencies["50th"] / 1e6,
        "p95": latencies["95th"] / 1e6,
        "p99": latencies["99th"] / 1e6,
        "requests": summary["requests"],
        # Anything but a 200 (vegeta counts a timeout or refused connection as status 0).
        "errors": failed.total(),
        "failed": failed,
    }


def settle(app):
    """Wait until the app answers its cached home page at once again. A closed loop at
    saturation leaves requests queued in gunicorn after wrk has given up on them; the next
    round would otherwise start behind them."""
    for _ in range(120):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{app}/") as response:
            response.read()
        if time.perf_counter() - started < SETTLED_SECONDS:
            return
        time.sleep(0.5)
    raise SystemExit(f"The app at {app} is still busy a minute after the last round.")


def measure(name, url, paths, args, fresh=None, rate=None, app=None):
    """Three rounds of wrk's closed loop or, given a `rate`, of vegeta's open loop, each
    begun once `app` (when given) has answered what the last round left queued."""
    rounds = []
    load = f"{args.connections} connections" if rate is None else f"{rate} requests/s"
    for number in range(1, 4):
        if app:
            settle(app)
        log(f"  {name}: round {number} of 3 ({args.seconds} s, {load})…")
        if rate is None:
            rounds.append(run_wrk(url, paths, args.seconds, args.connections, fresh))
        else:
            rounds.append(run_vegeta(url, paths, args.seconds, rate))
    return {
        "name": name,
        **{key: statistics.median(r[key] for r in rounds) for key in ("rps", "p50", "p95", "p99")},
        "errors": sum(r["errors"] for r in rounds),
        "requests": sum(r["requests"] for r in rounds),
        # Over the three rounds: the open loop's failed requests by address, wrk's by kind.
        "failed": sum((r["failed"] for r in rounds), Counter()),
    }


def static_copy(stack, folder):
    """Save what the app answers for each address as a file nginx serves."""
    site = folder / "site"
    site.mkdir(parents=True)
    paths = []
    for number, path in enumerate(dict.fromkeys(MIX)):
        body = urllib.request.urlopen(stack.url + path).read()
        (site / f"{number}.html").write_bytes(body)
        paths.append(f"/{number}.html")
    by_address = dict(zip(dict.fromkeys(MIX), paths, strict=True))
    return [by_address[path] for path in MIX]


def start_nginx(folder):
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF % {"folder": folder, "port": NGINX_PORT})
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(folder)])
    wait_for(f"http://127.0.0.1:{NGINX_PORT}/0.html", "nginx", process, seconds=10)
    return process


def report(results, args):
    ceiling = results[-1]["rps"]
    header = "| what is served | requests/s | of nginx | p50 ms | p95 ms | p99 ms | errors |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|"]
    for result in results:
        lines.append(
            f"| {result['name']} | {result['rps']:,.0f} | {result['rps'] / ceiling:.1%} | "
            f"{result['p50']:.1f} | {result['p95']:.1f} | {result['p99']:.1f} | "
            f"{result['errors']} of {result['requests']:,} |"
        )
    table = "\n".join(lines)
    failed = [
        f"- {result['name']}: "
        + ", ".join(f"{what} {count}" for what, count in result["failed"].most_common())
        for result in results
        if result["failed"]
    ]
    if failed:
        table += (
            "\n\nThe errors, by address for the open loop and by kind for wrk's rounds:\n\n"
            + "\n".join(failed)
        )
    print("\n" + table + "\n")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "load.md").write_text(
        "# Load benchmark\n\n"
        "`make bench-load` on this machine (2 cores; gunicorn, PostgreSQL, OpenSearch, Redis, "
        "nginx, wrk and vegeta all share them). gunicorn runs `cms.settings.production` with the "
        f"Dockerfile's options (`{dockerfile_gunicorn_args()}`), Redis as "
        "the cache and the finder on OpenSearch, with the demo content. wrk keeps "
        f"{args.connections} connections busy for {args.seconds} s over a fixed mix of "
        f"{len(MIX)} addresses: home, topic pages, the directory, helplines, a guide, "
        "searches with and without words, and the API. *Cold*: each request carries a new "
        "query parameter, so no cached page answers, though the result fragments uncached "
        "pages share do, and each process knows the page each address leads to (the API "
        "refuses unknown parameters, so its "
        "addresses are left out of this run). *Cached*: the same addresses repeated (a "
        "search with words is never cached, so those still run). *Cached pages only*: the "
        "mix without its searches with words and API calls. *Each link with its own "
        "fbclid*: the same, "
        "each request carrying a click identifier never sent before, as a link shared on a "
        "social platform arrives (core/tracking_parameters.py). *Searches with words only*: "
        "the mix's searches that hold typed text, which no cache may keep: what the app and "
        "the engine answer of them when nothing else competes. *Through the proxy*: the "
        "mix and the cached pages through nginx with `deploy/nginx/waymark.conf.template` "
        "(two workers), which keeps what Waymark marks public until the end of the minute "
        "and passes searches with words straight on. In that closed loop cached answers "
        "come back at once, so nearly every connection is soon waiting on a search with "
        "words, while wrk and nginx, answering thousands of cached pages a second, take the "
        "cores the app and the engine need: its tail and its errors (requests not answered "
        "within wrk's 2 s) are that contention, set beside the searches alone above. "
        "*Open loop*: vegeta sends the same mix through the proxy at a fixed rate (a quarter, "
        "half and three quarters of what the closed loop above reached), each request on "
        "time whether or not the earlier ones were answered, as visitors arrive; its "
        "percentiles are what a visitor waits at that traffic, where a closed loop at "
        "saturation measures the queue it builds (requests/s is what was answered; a "
        "request not answered within 2 s counts as an error). "
        "*nginx*: the same bytes "
        "served as static files, the ceiling. The API's per-client rate limit is lifted, since "
        "all the load comes from one address. Medians of three runs, each begun once the "
        "app answers its cached home page within 50 ms, so that no run starts behind what the "
        "one before left queued; errors are the sum over them (connection errors, timeouts "
        "and any status of 400 or more).\n\n"
        + "Addresses: "
        + ", ".join(f"`{path}`" for path in dict.fromkeys(MIX))
        + "\n\n"
        + table
        + "\n"
    )
    plot(results)


def plot(results):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [result["name"] for result in results]
    figure, (throughput, latency) = plt.subplots(1, 2, figsize=(14, 6))
    throughput.bar(range(len(results)), [result["rps"] for result in results], color="#4b3f8c")
    throughput.set_xticks(range(len(results)), names, rotation=40, ha="right")
    throughput.set_ylabel("requests per second")
    throughput.set_yscale("log")
    for percentile, offset in (("p50", -0.2), ("p95", 0), ("p99", 0.2)):
        latency.bar(
            [index + offset for index in range(len(results))],
            [result[percentile] for result in results],
            width=0.2,
            label=percentile,
        )
    latency.set_xticks(range(len(results)), names, rotation=40, ha="right")
    latency.set_ylabel("latency, ms")
    latency.set_yscale("log")
    latency.legend()
    figure.suptitle("Waymark under load (make bench-load)")
    figure.tight_layout()
    figure.savefig(OUTPUT / "load.png", dpi=100)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="waymark-load-"))
    folder.chmod(0o755)  # nginx's workers run as nobody
    # All the load comes from one address here: the API's per-client limit would refuse it.
    with ProductionStack("waymark_load", WAYMARK_API_RATE_LIMIT="1000000/minute") as stack:
        for path in MIX:
            with urllib.request.urlopen(stack.url + path) as response:
                assert response.status == 200, path
        pages = [path for path in COLD_MIX if "?q=" not in path]
        searches = [path for path in MIX if "?q=" in path]
        # Every round against the stack begins once the app has answered what was queued.
        on_stack = partial(measure, app=stack.url)
        results = [
            on_stack("app, cold", stack.url, COLD_MIX, args, "fresh"),
            on_stack("app, cached", stack.url, MIX, args),
            on_stack("app, cached pages only", stack.url, pages, args),
            on_stack(SHARED_LINKS, stack.url, pages, args, "fbclid"),
            on_stack("app, searches with words only", stack.url, searches, args),
        ]
        (folder / "proxy").mkdir()
        upstream = stack.url.removeprefix("http://")
        with deploy_nginx(folder / "proxy", upstream, ROOT / "static", PROXY_PORT, 2) as proxy:
            mix = on_stack("through the proxy, the mix", proxy, MIX, args)
            results += [
                mix,
                *(
                    on_stack(
                        f"through the proxy, the mix at {rate}/s, open loop",
                        proxy,
                        MIX,
                        args,
                        rate=rate,
                    )
                    for rate in (round(mix["rps"] * share) for share in OPEN_LOOP_SHARES)
                ),
                on_stack("through the proxy, cached pages only", proxy, pages, args),
                on_stack(f"through the proxy, {SHARED_LINKS}", proxy, pages, args, "fbclid"),
            ]
        paths = static_copy(stack, folder)
    nginx = start_nginx(folder)
    try:
        results.append(measure("nginx, same bytes", f"http://127.0.0.1:{NGINX_PORT}", paths, args))
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
    report(results, args)


if __name__ == "__main__":
    main()
