"""The production stack on this machine, for the load and chaos benchmarks and Lighthouse.

gunicorn serves cms.wsgi with cms.settings.production and the Dockerfile's own gunicorn
options, on a fresh PostgreSQL database with the demo content, the finder on OpenSearch and
Redis as the cache. TLS is left to a proxy in production; here the app is spoken to over
plain HTTP on the loopback, with SECURE_SSL_REDIRECT off.
"""

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_search import ENGINE_URL, PG_ADMIN_URL, ROOT, log, reset_postgres

BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/0")


def dockerfile_gunicorn_args():
    """The gunicorn options the production image runs with."""
    match = re.search(r'GUNICORN_CMD_ARGS="([^"]+)"', (ROOT / "Dockerfile").read_text())
    return match.group(1)


def dockerfile_blas_threads():
    """The BLAS threads per process the production image sets (search/encoder.py)."""
    return re.search(r"OPENBLAS_NUM_THREADS=(\d+)", (ROOT / "Dockerfile").read_text()).group(1)


def wait_for(url, name, process, seconds=60):
    """Wait until `url` answers from `process`; stop the benchmark if it never does, or if
    the process has exited (its port was taken: what answers is something else)."""
    for _ in range(seconds * 2):
        if process.poll() is not None:
            raise SystemExit(f"{name} exited: is {url} already served by something else?")
        try:
            urllib.request.urlopen(url, timeout=2)
        except OSError:
            time.sleep(0.5)
            continue
        time.sleep(0.5)  # a process whose bind failed is on its way out
        if process.poll() is None:
            return
    raise SystemExit(f"{name} did not start")


class ProductionStack:
    def __init__(self, name="waymark_stack", port=8800, root=ROOT, **settings):
        """`root` is the tree whose code runs (another commit's, for `make bench-since`);
        `settings` are further environment variables for the app."""
        self.name = name
        self.port = port
        self.root = root
        self.url = f"http://127.0.0.1:{port}"
        self.folder = Path(tempfile.mkdtemp(prefix=f"{name}-"))
        self.server = None
        self.worker = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}",
            "DATABASE_CONN_MAX_AGE": "60",
            "SEARCH_URL": f"{ENGINE_URL}?index={name.replace('_', '-')}",
            "CACHE_URL": REDIS_URL,
            "MEDIA_ROOT": str(self.folder / "media"),
            "WAYMARK_SERVE_MEDIA": "true",
            "GUNICORN_CMD_ARGS": dockerfile_gunicorn_args(),
            "OPENBLAS_NUM_THREADS": dockerfile_blas_threads(),
            "LOG_LEVEL": "WARNING",
            **settings,
        }

    def manage(self, *command):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=self.root,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def prepare(self):
        """A new database with the demo content, static files, the index, an empty cache."""
        log(f"Preparing the production stack ({self.name})…")
        reset_postgres(self.name)
        log("  migrating and loading the demo content…")
        self.manage("migrate", "--noinput")
        self.manage("load_demo_content")
        log("  collecting static files…")
        self.manage("collectstatic", "--noinput")
        log("  building the search indexes…")
        self.manage("search_index", "rebuild")
        self.manage("update_index")
        # Publishing the demo queued index updates the rebuild made moot: run them now, not
        # while the stack is measured.
        self.manage("db_worker", "--batch", "--no-startup-delay", "--verbosity", "0")
        self.flush_cache()

    def flush_cache(self):
        subprocess.run(
            ["redis-cli", "-u", self.env["CACHE_URL"], "flushdb"], check=True, capture_output=True
        )

    def start(self):
        log(f"  starting gunicorn ({self.env['GUNICORN_CMD_ARGS']})…")
        with open(self.folder / "server.log", "w") as server_log:
            self.server = subprocess.Popen(
                [BIN / "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{self.port}"],
                cwd=self.root,
                env=self.env,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
        with open(self.folder / "worker.log", "w") as worker_log:
            self.worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--verbosity", "0"],
                cwd=self.root,
                env=self.env,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
        wait_for(f"{self.url}/", "gunicorn", self.server)

    def stop(self):
        for process in (self.server, self.worker):
            if process:
                process.terminate()
                process.wait(timeout=30)

    def __enter__(self):
        self.prepare()
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
