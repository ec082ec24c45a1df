"""Production settings come from the environment and refuse to start unsafely."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cms.settings.base import env_bool
from search.engine_config import SearchURLError, parse_search_url

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("False", False),
        ("no", False),
        ("", False),
    ],
)
def test_booleans_are_parsed_properly(monkeypatch, value, expected):
    monkeypatch.setenv("WAYMARK_TEST_FLAG", value)
    assert env_bool("WAYMARK_TEST_FLAG") is expected


def run_manage(*args, **env):
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "cms.settings.production"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="waymark.example")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "waymark.example",
    "DATABASE_URL": "sqlite:////tmp/waymark-check.sqlite3",
}


def dockerfile_gunicorn_options():
    text = (ROOT / "Dockerfile").read_text()
    return re.search(r'GUNICORN_CMD_ARGS="([^"]+)"', text).group(1)


def test_production_refuses_to_start_without_a_shared_cache():
    result = run_manage("check", **PRODUCTION)
    assert result.returncode != 0 and "Set CACHE_URL=redis://" in result.stderr


@pytest.mark.parametrize(
    "workers",
    [{"GUNICORN_CMD_ARGS": dockerfile_gunicorn_options()}, {"WEB_CONCURRENCY": "2"}],
)
def test_a_per_process_cache_is_refused_when_several_workers_would_count(workers):
    """Under the Dockerfile's workers, each would keep its own count of wrong passwords and
    API requests, and the limits would multiply."""
    result = run_manage("check", CACHE_URL="locmem://", **PRODUCTION, **workers)
    assert result.returncode != 0 and "each worker's memory" in result.stderr


def test_a_per_process_cache_is_accepted_for_one_single_worker():
    result = run_manage(
        "check", CACHE_URL="locmem://", GUNICORN_CMD_ARGS="--threads 4", **PRODUCTION
    )
    assert result.returncode == 0, result.stderr


def test_production_passes_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CACHE_URL="redis://127.0.0.1:6379/0",
        GUNICORN_CMD_ARGS=dockerfile_gunicorn_options(),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_server_logs_no_search_terms(tmp_path):
    """`make run` serves with runserver, which logs every request line."""
    port = free_port()
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path}/dev.sqlite3",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "runserver.log"
    request_line = '"GET /search/?… HTTP/1.1"'
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/search/?q=my+secret+worry")
                    break
                except urllib.error.HTTPError:
                    break
                except OSError:
                    time.sleep(0.1)
            # The server writes the request line after the answer has gone out.
            while request_line not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    output = log.read_text()
    assert request_line in output
    assert "secret" not in output


@pytest.mark.parametrize(
    ("url", "urls", "replicas", "auth"),
    [
        ("opensearch://localhost", ["http://localhost:9200"], 0, None),
        ("opensearch://search.example:443?tls=true", ["https://search.example:443"], 0, None),
        (
            "opensearch://me:s%40cret@node1:9200,node2:9201,node3",
            ["http://node1:9200", "http://node2:9201", "http://node3:9200"],
            1,
            ("me", "s@cret"),
        ),
        ("opensearch://a:9200,b:9200?replicas=0", ["http://a:9200", "http://b:9200"], 0, None),
    ],
)
def test_search_url_names_one_node_or_a_cluster(url, urls, replicas, auth):
    config = parse_search_url(url)
    assert (config["urls"], config["replicas"], config["http_auth"]) == (urls, replicas, auth)


@pytest.mark.parametrize(
    "url",
    [
        "opensearch://",
        "opensearch://node1:9200,,node3:9200",
        "opensearch://node1:http",
        "opensearch://node1:9200?replicas=two",
        "solr://node1:8983",
    ],
)
def test_a_search_url_that_cannot_work_is_refused_with_a_reason(url):
    with pytest.raises(SearchURLError, match="SEARCH_URL"):
        parse_search_url(url)


EDITOR_SAVING = """
import sys, time
import django
django.setup()
from django.db import connection, transaction
with transaction.atomic():
    connection.cursor().execute("SELECT count(*) FROM note")
    connection.cursor().execute("INSERT INTO note VALUES (%s)", [sys.argv[1]])
    print("written", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_two_editors_saving_at_once_on_sqlite_both_succeed(tmp_path):
    """`make run` and the browser tests serve one SQLite file from several workers: a save
    that starts while another is under way waits for it instead of failing with "database
    is locked"."""
    database = tmp_path / "site.sqlite3"
    sqlite3.connect(database).execute("CREATE TABLE note (text TEXT)")
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }

    def save(text, seconds):
        return subprocess.Popen(
            [sys.executable, "-c", EDITOR_SAVING, text, str(seconds)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    first = save("first", 2)
    assert first.stdout.readline() == "written\n"
    second = save("second", 0)
    _, second_errors = second.communicate(timeout=60)
    first.communicate(timeout=60)
    assert second.returncode == 0, second_errors
    assert first.returncode == 0
    rows = sqlite3.connect(database).execute("SELECT text FROM note").fetchall()
    assert sorted(rows) == [("first",), ("second",)]
    assert sqlite3.connect(database).execute("PRAGMA journal_mode").fetchone() == ("wal",)
