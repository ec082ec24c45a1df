"""Real browsers against a real server: gunicorn serving the demo site, Debian's Chromium
driven by Playwright, and a partner page served from another origin."""

import contextlib
import dataclasses
import functools
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .editors import DESKTOP, faults, log_in, record_refused_forms

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(folder, **variables):
    """The environment of a demo site whose database and media live in `folder`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "WAYMARK_SERVE_MEDIA": "true",
        **variables,
    }


def manage(env, *command):
    """Run a management command in the site's environment; returns what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def build_demo_site(env):
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_demo_content")


# The output of each server while it serves: a failing test's report ends with its tail.
SERVER_LOGS = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.failed:
        for log in SERVER_LOGS:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-100:])
            report.sections.append((f"server output ({log.name})", tail))


@contextlib.contextmanager
def gunicorn(env, workers=2):
    """Serve the site described by `env` under gunicorn; yields its origin. What the server
    prints goes to a file beside the site's database."""
    port = free_port()
    log = Path(env["DATABASE_URL"].removeprefix("sqlite:///")).parent / f"gunicorn-{port}.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "cms.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stderr=output,
        )
    SERVER_LOGS.append(log)
    url = f"http://127.0.0.1:{port}"
    for _ in range(60):
        # A server that could not take its port exits; what answers there is another.
        assert server.poll() is None, f"gunicorn exited: is port {port} taken?"
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        SERVER_LOGS.remove(log)


@pytest.fixture(scope="session")
def waymark(tmp_path_factory):
    """The demo site under gunicorn, on its own SQLite database: its origin."""
    env = site_environment(tmp_path_factory.mktemp("site"))
    build_demo_site(env)
    with gunicorn(env) as url:
        yield url


@dataclasses.dataclass
class EditorSite:
    """A demo site of its own for editors to change, with its people (editor_site.py).

    `url` is the origin editors work on: it searches with the search engine when the suite
    has one. `database_url` serves the same database searching with the database engine.
    """

    url: str
    database_url: str
    env: dict
    ids: dict

    def manage(self, *command):
        return manage(self.env, *command)


@pytest.fixture(scope="session")
def editor_site(tmp_path_factory):
    engine = os.environ.get("WAYMARK_TEST_SEARCH_URL", "")
    index = f"waymark-editors-{os.getpid()}"
    env = site_environment(
        tmp_path_factory.mktemp("editors"), SEARCH_URL=f"{engine}?index={index}" if engine else ""
    )
    build_demo_site(env)
    printed = manage(env, "shell", "-c", "from tests.browser.editor_site import prepare; prepare()")
    ids = json.loads(printed.strip().splitlines()[-1])
    if engine:
        manage(env, "search_index", "rebuild")
    with gunicorn(env) as url, gunicorn({**env, "SEARCH_URL": ""}) as database_url:
        yield EditorSite(url, database_url, env, ids)
    if engine:
        from search.backends.engine.client import connect
        from search.engine_config import parse_search_url

        connect(parse_search_url(engine)).indices.delete(
            index=f"{index}-*", ignore_unavailable=True
        )


@pytest.fixture(scope="session")
def partner_site(tmp_path_factory):
    """A static web server on another port, hence another origin; returns (url, folder)."""
    folder = tmp_path_factory.mktemp("partner")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}", folder
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ["WAYMARK_CHROMIUM"],
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


class Visit:
    """A fresh browser context and page that records requests and console errors."""

    def __init__(self, browser, bypass_csp=False, **options):
        # axe-core is injected as an inline script, which Waymark's own pages' policy
        # (rightly) refuses: audits run in a context that bypasses it. `options` are
        # Playwright's context options (viewport, is_mobile…).
        self.context = browser.new_context(bypass_csp=bypass_csp, **options)
        self.page = self.context.new_page()
        self.requests = []
        self.errors = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.errors.append(f"{message.text} ({message.location.get('url')})")
            ),
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def origins(self):
        return {"/".join(url.split("/")[:3]) for url in self.requests}

    def axe(self, selector):
        """axe-core's WCAG 2.x A and AA violations inside `selector` (shadow DOM included)."""
        self.page.add_script_tag(path=os.environ["WAYMARK_AXE_JS"])
        return self.page.evaluate(
            """([selector, tags]) => axe.run({include: [[selector]]}, {
                runOnly: {type: "tag", values: tags}
            }).then(result => result.violations.map(v => v.id + ": " + v.nodes.length))""",
            [selector, WCAG_TAGS],
        )


@pytest.fixture
def visit(browser):
    opened = []

    def open_visit(bypass_csp=False, **options):
        visit = Visit(browser, bypass_csp, **options)
        opened.append(visit)
        return visit

    yield open_visit
    for visit in opened:
        visit.context.close()


# People in the editor journeys ------------------------------------------------------


@pytest.fixture
def person(visit, editor_site):
    """Opens a browser for someone and signs them in; checks each stayed on Waymark."""
    opened = []

    def sign_in(username):
        seen = visit(**DESKTOP)
        record_refused_forms(seen)
        opened.append(seen)
        log_in(seen.page, editor_site, username)
        return seen.page

    yield sign_in
    for seen in opened:
        assert seen.origins() <= {editor_site.url}
        assert faults(seen) == []


@pytest.fixture
def visitor(visit, editor_site):
    """Opens a browser for a member of the public (each one new: nothing cached)."""
    opened = []

    def open_browser():
        seen = visit(**DESKTOP)
        opened.append(seen)
        return seen.page

    yield open_browser
    for seen in opened:
        assert seen.origins() <= {editor_site.url, editor_site.database_url}
        assert seen.errors == []
        assert seen.context.cookies() == []


@pytest.fixture
def public(visitor):
    return visitor()


@pytest.fixture
def auditor(visit, editor_site):
    """Someone signed in, in a browser that lets axe-core's script run in the admin."""

    def sign_in(username):
        seen = visit(bypass_csp=True, **DESKTOP)
        log_in(seen.page, editor_site, username)
        return seen

    return sign_in
