"""Each process keeps the page each address leads to (core/routing.py); every change to the
page tree is seen at once, and each request still reads its page afresh."""

from django.test import Client

from wagtail.models import Page, PageViewRestriction

import pytest

from core import routing
from home.models import ContentPage, HomePage
from resources.models import HelplinePage

pytestmark = pytest.mark.django_db


def served(address):
    """The page at `address`, past the page cache (a fresh query string each time)."""
    served.count += 1
    return Client().get(f"{address}?visit={served.count}")


served.count = 0


def test_a_slug_changed_on_publish_moves_the_address_at_once():
    helpline = HelplinePage.objects.get(slug="samaritans")
    assert served("/helplines/samaritans/").status_code == 200
    helpline.slug = "samaritans-uk"
    helpline.save_revision().publish()
    assert served("/helplines/samaritans/").status_code == 404
    assert "Samaritans" in served("/helplines/samaritans-uk/").content.decode()


def test_a_section_renamed_moves_every_address_under_it():
    """A section is not one of the finder's documents, but its slug is in its pages'
    addresses."""
    assert served("/helplines/samaritans/").status_code == 200
    directory = HelplinePage.objects.get(slug="samaritans").get_parent().specific
    directory.slug = "support-lines"
    directory.save_revision().publish()
    assert served("/helplines/samaritans/").status_code == 404
    assert served("/support-lines/samaritans/").status_code == 200


def test_unpublished_deleted_and_moved_pages_are_seen_at_once():
    home = HomePage.objects.get(locale__language_code="en-gb")
    about = home.add_child(instance=ContentPage(title="About", slug="about-waymark"))
    about.save_revision().publish()
    assert served("/about-waymark/").status_code == 200
    about.unpublish()
    assert served("/about-waymark/").status_code == 404

    about.save_revision().publish()
    assert served("/about-waymark/").status_code == 200
    guides = Page.objects.get(slug="guides", locale__language_code="en-gb")
    about.move(guides, pos="last-child")
    # Wagtail's redirects app leaves a permanent redirect from where it was.
    assert served("/about-waymark/")["Location"] == "/guides/about-waymark/"
    assert served("/guides/about-waymark/").status_code == 200

    Page.objects.get(pk=about.pk).delete()
    assert served("/guides/about-waymark/").status_code == 404


def test_an_edit_published_shows_on_the_next_page_served():
    assert served("/helplines/samaritans/").status_code == 200
    helpline = HelplinePage.objects.get(slug="samaritans")
    helpline.summary = "A summary published a moment ago."
    helpline.save_revision().publish()
    assert "A summary published a moment ago." in served("/helplines/samaritans/").content.decode()


def test_what_follows_a_page_in_its_address_is_routed_afresh():
    """The topic index routes each topic's address itself."""
    assert "Cyberbullying" in served("/topics/cyberbullying/").content.decode()
    loneliness = served("/topics/loneliness/").content.decode()
    assert "Loneliness" in loneliness and "<h1>Cyberbullying" not in loneliness
    assert served("/topics/no-such-topic/").status_code == 404


def test_each_language_keeps_its_own_route():
    english = served("/helplines/samaritans/")
    spanish = served("/es/helplines/samaritans/")
    assert served("/es/helplines/samaritans/")["Content-Language"] == "es"
    assert english["Content-Language"] == "en-gb" and spanish["Content-Language"] == "es"


def test_a_page_made_private_after_being_served_asks_for_its_password():
    assert served("/helplines/samaritans/").status_code == 200
    helpline = HelplinePage.objects.get(slug="samaritans")
    PageViewRestriction.objects.create(
        page=helpline, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    page = served("/helplines/samaritans/").content.decode()
    assert "password" in page.lower() and "116 123" not in page


def test_only_addresses_that_served_a_page_are_kept_and_no_more_than_the_limit(monkeypatch):
    monkeypatch.setattr(routing, "MOST_ADDRESSES", 2)
    routing.catalogue_changed()
    served("/topics/no-such-topic/")
    served("/helplines/no-such-line/")
    assert routing._routes.get().pages == {}
    for address in ("/", "/helplines/", "/guides/", "/topics/"):
        assert served(address).status_code == 200
    assert len(routing._routes.get().pages) == 2
    assert served("/topics/").status_code == 200
