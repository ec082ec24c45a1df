"""Private pages (core/privacy.py): each process keeps where view restrictions sit in the
page tree, and a restriction saved or lifted shows at once, on the page and in listings."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from core.catalogue import VersionedCache
from core.models import CatalogueVersion
from resources.models import GuidePage, HelplinePage
from tests.test_routing import served

pytestmark = pytest.mark.django_db


def test_a_restriction_on_a_section_makes_its_pages_private_at_once_and_lifting_it_frees_them():
    assert served("/helplines/samaritans/").status_code == 200
    directory = HelplinePage.objects.get(slug="samaritans").get_parent()
    restriction = PageViewRestriction.objects.create(
        page=directory, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    page = served("/helplines/samaritans/").content.decode()
    assert "password" in page.lower() and "116 123" not in page
    restriction.delete()
    assert "116 123" in served("/helplines/samaritans/").content.decode()


def test_an_alias_follows_its_original_made_private_after_it():
    """Wagtail reads an alias's restrictions from the page it copies."""
    guide = GuidePage.objects.get(slug="curating-your-feed", locale__language_code="en-gb")
    guide.create_alias(update_slug="curating-your-feed-again")
    assert guide.summary in served("/guides/curating-your-feed-again/").content.decode()
    PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    page = served("/guides/curating-your-feed-again/").content.decode()
    assert "password" in page.lower() and guide.summary not in page


def test_a_page_on_a_branch_without_restrictions_reads_none_of_them():
    served("/helplines/samaritans/")
    with CaptureQueriesContext(connection) as counted:
        assert served("/helplines/samaritans/").status_code == 200
    assert not [q for q in counted.captured_queries if "pageviewrestriction" in q["sql"]]


def test_a_private_guide_leaves_the_listings_at_once_and_comes_back_when_lifted(client):
    guide = GuidePage.objects.get(slug="curating-your-feed", locale__language_code="en-gb")
    listed = [item["id"] for item in client.get("/api/v1/guides").json()["results"]]
    assert guide.pk in listed and guide.title in served("/guides/").content.decode()
    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.LOGIN
    )
    assert guide.title not in served("/guides/").content.decode()
    listed = [item["id"] for item in client.get("/api/v1/guides").json()["results"]]
    assert guide.pk not in listed
    assert client.get(f"/api/v1/guides/{guide.pk}").status_code == 404
    restriction.delete()
    assert guide.title in served("/guides/").content.decode()
    assert client.get(f"/api/v1/guides/{guide.pk}").status_code == 200


def test_an_editor_lifts_a_restriction_this_process_has_not_yet_seen(admin_client, monkeypatch):
    """Another process saved the restriction, and this one has not read the catalogue
    version since: the admin still reads the tree as it is, so lifting it takes effect."""
    monkeypatch.setattr(VersionedCache, "CHECK_EVERY", 3600)
    guide = GuidePage.objects.get(slug="curating-your-feed", locale__language_code="en-gb")
    assert guide.summary in served("/guides/curating-your-feed/").content.decode()
    # As another process would: saved, and the version moved on in the database only.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=guide, restriction_type=PageViewRestriction.LOGIN)]
    )
    CatalogueVersion.bump()
    assert guide.get_view_restrictions().exists()

    response = admin_client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[guide.pk]), {"restriction_type": "none"}
    )
    assert response.json()["is_public"] is True
    assert not PageViewRestriction.objects.filter(page=guide).exists()
