"""Nothing an organisation owns can be read through any admin address by an editor of
another organisation: every URL of every organisation-owned model's views, walked."""

import re
from io import BytesIO

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.documents.models import Document
from wagtail.images.models import Image

import pytest
from PIL import Image as PillowImage

from resources.models import HelplinePage, ProblemReport

pytestmark = pytest.mark.django_db

SECRET = "Only-for-the-owners-7c1e"
# Namespaces of the admin views of what organisations own, and the URL argument each takes
# the owned object's id in.
OWNED_VIEWS = {
    "wagtailsnippets_resources_problemreport": "report",
    "wagtailsnippetchoosers_resources_problemreport": "report",
    "wagtailimages": "image",
    "wagtailimages_chooser": "image",
    "wagtaildocs": "document",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_pages": "draft",
}
ID_ARGUMENTS = re.compile(r"<(?:int|str):(pk|image_id|document_id|page_id)>")


def admin_urls():
    """(namespace, route) of every admin URL of those views that takes no argument or one
    object's id."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                arguments = route.count("<")
                ids = len(ID_ARGUMENTS.findall(route))
                # Every editor may list and search all pages (their titles are public);
                # only what opens one page may hold its unpublished changes.
                listing = arguments == 0 and namespace != "wagtailadmin_pages"
                if namespace in OWNED_VIEWS and (listing or arguments == ids == 1):
                    yield namespace, route

    return sorted(set(walk(get_resolver().url_patterns, "/", None)))


def png():
    out = BytesIO()
    PillowImage.new("RGB", (4, 3)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def owned(organisations):
    """One of each thing the owning organisation has, each carrying the secret."""
    owners = organisations[0]
    helpline = HelplinePage.objects.first()
    # A report shows as its helpline's title: that carries the secret too.
    HelplinePage.objects.filter(pk=helpline.pk).update(organisation=owners, title=SECRET)
    helpline.refresh_from_db()
    # A page's unpublished changes are the organisation's own until they are published.
    HelplinePage.objects.exclude(pk=helpline.pk).filter(slug="samaritans").update(
        organisation=owners
    )
    draft = HelplinePage.objects.get(slug="samaritans")
    draft.summary = SECRET
    draft.save_revision()
    return {
        "draft": draft,
        "report": ProblemReport.objects.create(
            helpline=helpline, kind=ProblemReport.Kind.CLOSED, details=SECRET
        ),
        "image": Image.objects.create(
            title=SECRET, file=ContentFile(png(), name="a.png"), collection=owners.collection
        ),
        "document": Document.objects.create(
            title=SECRET, file=ContentFile(b"text", name="a.txt"), collection=owners.collection
        ),
    }


def test_the_walk_covers_every_kind_of_view():
    routes = [route for _, route in admin_urls()]
    for view in ("inspect", "history", "usage", "chosen", "edit", "delete", "choose"):
        assert any(f"/{view}/" in route for route in routes), view


@pytest.mark.parametrize("namespace, route", admin_urls())
def test_no_admin_address_shows_another_organisations_things(
    client, owned, user_with_role, namespace, route
):
    thing = owned[OWNED_VIEWS[namespace]]
    client.force_login(user_with_role("other editor"))
    response = client.get(ID_ARGUMENTS.sub(str(thing.pk), route), follow=True)
    assert response.status_code in (200, 403, 404, 405)
    assert SECRET not in response.content.decode()
