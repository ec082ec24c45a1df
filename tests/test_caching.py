"""Public pages are cached for anonymous visitors until the end of the minute, or until a
change is published; nothing personal is ever cached."""

import time
from datetime import UTC, date, datetime

from django.core.cache import cache, caches
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

import pytest

from core.caching import PAGE_PARAMETERS, last_good_copy_key, seconds_to_next_minute
from core.catalogue import VersionedCache
from core.models import CatalogueVersion
from core.tracking_parameters import without_tracking_parameters
from home.models import HomePage
from resources.models import Country, EmergencyNumber, GuidePage, HelplinePage
from search.facets import FACETS
from tests.factories import publish_helpline

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
    """Their results are kept as fragments, but nothing typed is (the words searched for
    here appear in no published page)."""
    words = Client().get("/search/?q=bullying+at+glimmerfield")
    assert "no-store" in words["Cache-Control"] and "private" in words["Cache-Control"]
    assert "Cyberbullying" in results_block(words.content.decode())
    typed = Client().get("/search/suggest/?q=glimmerf")
    assert "no-store" in typed["Cache-Control"] and "private" in typed["Cache-Control"]
    assert not any(b"glimmerf" in stored for stored in cache._cache.values())


@pytest.mark.parametrize("address", ["/helplines/samaritans/", "/search/?topic=anxiety&country=GB"])
def test_cached_pages_are_served_while_the_database_is_away(monkeypatch, address):
    """The finder's addresses without typed words are public pages like the directory's."""
    first = Client().get(address)
    assert "public" in first["Cache-Control"]
    VersionedCache.forget_version()
    VersionedCache.version()

    def database_away(cls):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CatalogueVersion, "current", classmethod(database_away))
    monkeypatch.setattr(VersionedCache, "CHECK_EVERY", 0)
    again = Client().get(address)
    assert again.status_code == 200
    assert again.content == first.content


def has_last_good_copy(address):
    return cache.get(last_good_copy_key(RequestFactory().get(address))) is not None


def test_only_addresses_of_the_url_contract_keep_a_last_good_copy():
    """A cache-buster or made-up parameter gets its page, but no day-long copy per request."""
    for address in ("/helplines/samaritans/", "/helplines/?country=GB&page=1"):
        assert Client().get(address).status_code == 200
        assert has_last_good_copy(address)
    for address in ("/helplines/samaritans/?cb=81723", "/helplines/?country=GB&nocache=1"):
        response = Client().get(address)
        assert response.status_code == 200 and "public" in response["Cache-Control"]
        assert not has_last_good_copy(address)


def test_the_url_contract_is_the_finders_facets_and_the_page():
    assert {spec.name for spec in FACETS.values()} | {"page"} == PAGE_PARAMETERS


@pytest.mark.parametrize(
    "address",
    [
        "/helplines/?q=my+friend+is+being+bullied",
        "/topics/cyberbullying/?q=my+friend+is+being+bullied",
        "/guides/?q=my+friend+is+being+bullied",
        "/helplines/samaritans/?q=my+friend+is+being+bullied",
        "/?q=my+friend+is+being+bullied",
        "/search/?q=my+friend+is+being+bullied&topic=cyberbullying",
    ],
)
def test_no_page_whose_address_holds_typed_words_is_stored(address):
    """Whatever page takes them, words someone typed are kept by no cache."""
    response = Client().get(address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not any(b"bullied" in stored for stored in cache._cache.values())


def results_block(html):
    return html.split('<ol class="results">')[1].split("</ol>")[0]


def test_a_listing_shows_a_published_change_to_a_result_at_once():
    """Results are kept as fragments that uncached pages share, until the next publish."""
    assert 'datetime="2026-11-02"' not in Client().get("/helplines/?country=GB").content.decode()
    page = HelplinePage.objects.get(slug="samaritans")
    page.last_verified_on = date(2026, 11, 2)
    page.save_revision().publish()
    html = Client().get("/helplines/?country=GB&page=1").content.decode()
    assert 'datetime="2026-11-02"' in results_block(html)


def banner(html):
    return html.split('<aside class="crisis-banner"')[1].split("</aside>")[0]


def test_the_crisis_banner_follows_the_chosen_country_and_a_changed_number_at_once():
    """Its parts are kept as fragments for the minute, per country and language; the
    parameters its country chooser carries are the request's own."""
    british = banner(Client().get("/helplines/?country=GB").content.decode())
    irish = banner(Client().get("/search/?country=IE&topic=anxiety&page=2").content.decode())
    assert "<span data-crisis-country>United Kingdom</span>" in british
    assert "<span data-crisis-country>Ireland</span>" in irish
    assert '<option value="IE" selected>' in irish and 'name="topic" value="anxiety"' in irish
    assert 'name="topic"' not in british and 'name="page"' not in irish

    EmergencyNumber.objects.create(
        country=Country.objects.get(code="IE"), number="116 123", label="Listening"
    )
    again = banner(Client().get("/search/?country=IE&topic=loneliness").content.decode())
    assert 'href="tel:116123"' in again and 'name="topic" value="loneliness"' in again


@pytest.mark.parametrize(
    ("address", "shown"),
    [("/helplines/samaritans/", "Call 116 123"), ("/", "Browse by topic")],
)
def test_a_pages_own_content_is_rendered_once_for_every_address_that_reaches_it(address, shown):
    """Another country chosen or a cache-buster misses the page cache, not the content."""
    with CaptureQueriesContext(connection) as first:
        first_html = Client().get(f"{address}?country=IE").content.decode()
    with CaptureQueriesContext(connection) as again:
        again_html = Client().get(f"{address}?country=GB").content.decode()
    assert len(again.captured_queries) < len(first.captured_queries)
    assert main(again_html) == main(first_html)
    assert shown in main(again_html)


def test_a_published_change_to_a_page_shows_at_once_and_a_preview_shows_the_draft():
    Client().get("/helplines/samaritans/")
    page = HelplinePage.objects.get(slug="samaritans")
    page.summary = "Listening, day and night, to whatever you are going through."
    page.save_revision().publish()
    html = Client().get("/helplines/samaritans/?country=GB").content.decode()
    assert "Listening, day and night" in article(html)

    draft = HelplinePage.objects.get(slug="samaritans")
    draft.summary = "A draft nobody has approved."
    draft.save_revision()
    preview = draft.make_preview_request().content.decode()
    assert "A draft nobody has approved." in article(preview)
    live = Client().get("/helplines/samaritans/?country=IE").content.decode()
    assert "A draft nobody has approved." not in live
    assert "Listening, day and night" in article(live)


def article(html):
    return html.split("<article")[1].split("</article>")[0]


def main(html):
    return html.split("<main")[1].split("</main>")[0]


def test_a_page_shown_in_another_language_has_its_own_content_fragment():
    """A page not yet translated is shown in English under the Spanish interface: its
    headings in Spanish, its own words marked as English."""
    english = article(Client().get("/helplines/samaritans/").content.decode())
    spanish = article(Client().get("/es/helplines/samaritans/").content.decode())
    assert "Get in touch" in english and 'lang="en' not in english
    assert "Get in touch" not in spanish and 'lang="en' in spanish


def test_open_now_in_a_listing_changes_on_the_minute(monkeypatch, helpline_index):
    nine_to_one_past = {"days": ["0"], "opens": "09:00", "closes": "09:01"}
    publish_helpline(
        helpline_index,
        "Early bird line",
        timezone="UTC",
        hours=[{"type": "window", "value": {**nine_to_one_past, "closes_next_day": False}}],
    )
    for now, status in [
        (datetime(2026, 11, 30, 8, 59, 30, tzinfo=UTC), "Closed — opens at 9am"),
        (datetime(2026, 11, 30, 9, 0, 10, tzinfo=UTC), "Open now — closes at 9:01am"),
        (datetime(2026, 11, 30, 9, 1, 10, tzinfo=UTC), "Closed — opens on Monday at 9am"),
    ]:
        monkeypatch.setattr(timezone, "now", lambda now=now: now)
        html = Client().get("/search/?q=early+bird+line").content.decode()
        assert status in results_block(html)


def test_a_listing_in_another_language_has_its_own_fragments():
    assert "Report a problem" in results_block(Client().get("/helplines/").content.decode())
    spanish = results_block(Client().get("/es/helplines/").content.decode())
    assert "Avisar de un problema" in spanish and "Report a problem" not in spanish


def test_a_result_shows_the_snippet_of_the_words_searched_for_each_time():
    """A result's snippet holds what was typed: it is rendered around the kept fragment."""
    first = results_block(Client().get("/search/?q=samaritans").content.decode())
    second = results_block(Client().get("/search/?q=listening").content.decode())
    assert "<mark>Samaritans</mark>" in first or "<mark>samaritans</mark>" in first.lower()
    assert "<mark>listening</mark>" in second.lower()
    assert "<mark>samaritans</mark>" not in second.lower()


def test_a_site_added_for_an_address_serves_it_at_once(settings):
    """Each process keeps the site for each address until a site is saved or deleted."""
    settings.ALLOWED_HOSTS = ["*"]
    partner = Client(HTTP_HOST="partner.example")
    assert "Find help that fits" in partner.get("/").content.decode()
    directory = HelplinePage.objects.get(slug="samaritans").get_parent()
    Site.objects.create(hostname="partner.example", root_page=directory, site_name="Partner")
    assert "Find help that fits" not in partner.get("/?after=1").content.decode()
    assert "Samaritans" in partner.get("/?after=1").content.decode()
    assert "Find help that fits" in Client().get("/?after=1").content.decode()


def test_a_home_page_change_shows_on_the_next_uncached_page():
    """The site is kept per process, but not the home page it starts from."""
    Client().get("/")
    home = HomePage.objects.get(locale__language_code="en-gb")
    home.heading = "A heading just published"
    home.save_revision().publish()
    assert "A heading just published" in Client().get("/?after=1").content.decode()


def test_a_link_shared_with_click_identifiers_is_served_from_the_page_s_cached_copy():
    """Platforms give each click its own identifier: none of them costs a fresh rendering,
    a cache entry of its own, or appears anywhere Waymark keeps or links to."""
    first = Client().get("/helplines/samaritans/")
    rename_quietly(HelplinePage.objects.get(slug="samaritans"), "Renamed behind the cache")
    entries = len(cache._cache)
    for click in range(3):
        shared = Client().get(
            f"/helplines/samaritans/?utm_source=news&utm_medium=social&fbclid=IwAR0click{click}"
        )
        assert shared.content == first.content
    assert len(cache._cache) == entries
    assert not any(b"IwAR0click" in stored for stored in cache._cache.values())


def test_a_link_keeps_what_it_asks_for_beside_click_identifiers():
    plain = results_block(Client().get("/helplines/?country=US").content.decode())
    shared = Client().get("/helplines/?gclid=Cj0KCQ&country=US&utm_campaign=press").content
    assert results_block(shared.decode()) == plain
    assert b"Cj0KCQ" not in shared and b"utm_campaign" not in shared


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("utm_source=news", ""),
        ("fbclid=IwAR0&q=caf%C3%A9+au+lait", "q=caf%C3%A9+au+lait"),
        ("country=GB&UTM_Campaign=x&MSCLKID=y&page=2", "country=GB&page=2"),
        ("utm%5Fsource=news&topic=loneliness", "topic=loneliness"),
        ("fbclidx=1&utm_=2&q=a+b", "fbclidx=1&utm_=2&q=a+b"),
    ],
)
def test_only_tracking_parameters_are_dropped_and_the_rest_kept_as_sent(address, kept):
    assert without_tracking_parameters(address) == kept


def test_a_guide_shows_a_published_change_to_a_helpline_it_suggests_at_once():
    guide = next(g for g in GuidePage.objects.live() if g.suggested_helplines)
    assert 'datetime="2026-11-03"' not in Client().get(guide.url).content.decode()
    helpline = guide.suggested_helplines[0]
    helpline.last_verified_on = date(2026, 11, 3)
    helpline.save_revision().publish()
    assert 'datetime="2026-11-03"' in Client().get(f"{guide.url}?after=1").content.decode()


def test_shared_fragments_are_kept_in_each_process_not_in_the_shared_cache():
    """A listing holds a dozen: one round trip to the shared cache (Redis) each cost more
    than rendering them once a minute in each process."""
    Client().get("/topics/cyberbullying/")
    Client().get("/topics/cyberbullying/?again=1")
    assert any(
        "template.cache.result-details" in key for key in caches["template_fragments"]._cache
    )
    assert not any("template.cache" in key for key in cache._cache)


@pytest.mark.parametrize(
    "address",
    [
        "/search/?topic=my+secret+worry",
        "/helplines/?country=GB&audience=my+secret+worry",
        "/topics/cyberbullying/?channel=my+secret+worry",
    ],
)
def test_a_page_showing_back_a_value_nobody_published_is_never_stored(address):
    """An unknown facet value is shown back in a notice: it may be anything someone typed
    into the address, so the page is kept by no cache, as a search with words is."""
    response = Client().get(address)
    assert response.status_code == 200
    assert "secret" in response.content.decode().split("<main")[1]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not any(b"secret" in stored for stored in cache._cache.values())
    assert not has_last_good_copy(address)
