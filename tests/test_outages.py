"""The database going away under a running site (gunicorn, its SQLite file taken away for
real): public pages are answered from their last good copy, or with the error page that
lists emergency numbers, and everything is back as soon as the database is."""

import shutil
import time

import pytest

from tests.browser.conftest import build_demo_site, gunicorn, manage, site_environment
from tests.test_proxy import get


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo site under one gunicorn worker, whose in-memory cache holds the copies."""
    folder = tmp_path_factory.mktemp("outage")
    env = site_environment(folder)
    build_demo_site(env)
    with gunicorn(env, workers=1) as url:
        yield url, env, folder / "site.sqlite3"


def test_while_the_database_is_away_pages_come_from_their_last_good_copy(site):
    url, env, database = site
    status, _, before = get(f"{url}/helplines/samaritans/")
    assert status == 200
    # A change is published: the page's cached copy is no longer current.
    manage(env, "shell", "-c", "from core.models import CatalogueVersion; CatalogueVersion.bump()")
    time.sleep(1.5)  # each process checks the catalogue version at most once a second
    assert get(f"{url}/guides/")[0] == 200

    away = database.with_name("away.sqlite3")
    shutil.move(database, away)
    try:
        status, headers, during = get(f"{url}/helplines/samaritans/")
        assert status == 200
        assert during == before
        assert "no-store" in headers["Cache-Control"]

        status, headers, never_seen = get(f"{url}/es/campaigns/")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "no-store" in headers["Cache-Control"]
        page = never_seen.decode()
        assert '<html lang="es">' in page
        assert "999" in page and "112" in page and "911" in page
    finally:
        database.unlink(missing_ok=True)  # the empty file SQLite made meanwhile
        shutil.move(away, database)

    status, _, after = get(f"{url}/es/campaigns/")
    assert status == 200
    assert b"<h1" in after
