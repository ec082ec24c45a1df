"""Public pages are cached for anonymous visitors until the end of the minute, or until a
change is published; nothing personal is ever cached."""

import time
from datetime import datetime

from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

import pytest

from core.caching import seconds_to_next_minute
from core.catalogue import VersionedCache
from core.models import CatalogueVersion
from resources.models import HelplinePage

pytestmark = pytest.mark.django_db


def rename_quietly(page, title):
    """Change a page behind the publishing workflow's back, to tell a cached copy apart."""
    HelplinePage.objects.filter(pk=page.pk).update(title=title)


def test_cached_until_the_end_of_the_minute():
    assert seconds_to_next_minute(datetime(2026, 11, 26, 21, 29, 45)) == 15
    assert seconds_to_next_minute(datetime(2026, 11, 26, 21, 30, 0)) == 60
    response = Client().get("/helplines/samaritans/")
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert "public" in response["Cache-Control"]
    assert 1 <= max_age <= 60


def test_anonymous_visitors_share_one_rendering_until_it_expires(monkeypatch):
    page = HelplinePage.objects.get(slug="samaritans")
    first = Client().get("/helplines/samaritans/")
    rename_quietly(page, "Renamed behind the cache")
    assert Client().get("/helplines/samaritans/").content == first.content

    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert b"Renamed behind the cache" in Client().get("/helplines/samaritans/").content


def test_publishing_a_change_shows_at_once(admin_client):
    Client().get("/helplines/samaritans/")
    page = HelplinePage.objects.get(slug="samaritans")
    page.summary = "A summary just published."
    page.save_revision().publish()
    assert b"A summary just published." in Client().get("/helplines/samaritans/").content


def test_signed_in_editors_are_served_fresh_and_privately(admin_client):
    editor = admin_client.get("/helplines/samaritans/")
    assert "private" in editor["Cache-Control"]
    assert b"wagtail-userbar" in editor.content.lower().replace(b"_", b"-")
    anonymous = Client().get("/helplines/samaritans/")
    assert b"wagtail-userbar" not in anonymous.content.lower().replace(b"_", b"-")
    assert "public" in anonymous["Cache-Control"]


def test_searches_with_words_and_suggestions_are_never_cached():
    words = Client().get("/search/?q=bullying")
    assert "no-store" in words["Cache-Control"] and "private" in words["Cache-Control"]
    typed = Client().get("/search/suggest/?q=bul")
    assert "no-store" in typed["Cache-Control"] and "private" in typed["Cache-Control"]
    assert not any(b"bul" in stored for stored in cache._cache.values())


def test_cached_pages_are_served_while_the_database_is_away(monkeypatch):
    first = Client().get("/helplines/samaritans/")
    VersionedCache.forget_version()
    VersionedCache.version()

    def database_away(cls):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CatalogueVersion, "current", classmethod(database_away))
    monkeypatch.setattr(VersionedCache, "CHECK_EVERY", 0)
    again = Client().get("/helplines/samaritans/")
    assert again.status_code == 200
    assert again.content == first.content


@pytest.mark.parametrize(
    "address",
    [
        "/helplines/?q=my+friend+is+being+bullied",
        "/topics/cyberbullying/?q=my+friend+is+being+bullied",
        "/guides/?q=my+friend+is+being+bullied",
        "/helplines/samaritans/?q=my+friend+is+being+bullied",
        "/?q=my+friend+is+being+bullied",
    ],
)
def test_no_page_whose_address_holds_typed_words_is_stored(address):
    """Whatever page takes them, words someone typed are kept by no cache."""
    response = Client().get(address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not any(b"bullied" in stored for stored in cache._cache.values())
