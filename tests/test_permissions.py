"""Who can do what to helplines, guides and campaigns, tried through the admin's own URLs."""

from io import BytesIO, StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Collection, GroupCollectionPermission, Page

import pytest

from campaigns.models import CampaignIndexPage, CampaignPage
from resources.models import (
    GuideIndexPage,
    GuidePage,
    HelplineIndexPage,
    HelplinePage,
    Organisation,
)
from tests.page_forms import campaign_post, channel, guide_post, helpline_post

pytestmark = pytest.mark.django_db

ROLES = ["administrator", "moderator", "own editor", "other editor", "clinical reviewer"]
ACTIONS = ["view", "edit", "submit", "publish", "unpublish", "delete", "move"]
# What each role may do to a live page of the owning organisation.
MATRIX = {
    "administrator": set(ACTIONS),
    "moderator": set(ACTIONS),
    "own editor": {"view", "edit", "submit"},
    "other editor": {"view"},
    "clinical reviewer": {"view"},
}
TYPES = {
    "helpline": (HelplineIndexPage, HelplinePage, lambda **o: helpline_post([channel()], **o)),
    "guide": (GuideIndexPage, GuidePage, guide_post),
    "campaign": (CampaignIndexPage, CampaignPage, campaign_post),
}


def create_page(kind, organisation, client_as_admin):
    """A live page of `kind` for `organisation`, created through the admin."""
    index_model, model, post = TYPES[kind]
    index = index_model.original()
    data = post(organisation=organisation.pk, **{"action-publish": "publish"})
    response = client_as_admin.post(
        f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{index.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return model.objects.get(slug=data["slug"]), post


def attempt(client, action, page, post):
    """Try `action` on `page` the way the admin does; return whether it took effect."""
    page_url = f"/admin/pages/{page.pk}"
    if action == "view":
        response = client.get(f"/admin/pages/{page.get_parent().pk}/")
        return response.status_code == 200 and page.title in response.content.decode()
    if action == "edit":
        data = post(organisation=page.organisation_id, title="Edited title")
        client.post(f"{page_url}/edit/", data)
        return Page.objects.get(pk=page.pk).get_latest_revision().content["title"] == "Edited title"
    if action == "submit":
        data = post(organisation=page.organisation_id, **{"action-submit": "submit"})
        client.post(f"{page_url}/edit/", data)
        return Page.objects.get(pk=page.pk).workflow_in_progress
    if action == "publish":
        data = post(organisation=page.organisation_id, title="New title")
        client.post(f"{page_url}/edit/", {**data, "action-publish": "publish"})
        return Page.objects.get(pk=page.pk).title == "New title"
    if action == "unpublish":
        client.post(f"{page_url}/unpublish/")
        return not Page.objects.get(pk=page.pk).live
    if action == "delete":
        client.post(f"{page_url}/delete/")
        return not Page.objects.filter(pk=page.pk).exists()
    if action == "move":
        # The destination chooser only opens for people allowed to move the page.
        return client.get(f"{page_url}/move/").status_code == 200
    raise AssertionError(action)


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(
    client, django_user_model, organisations, user_with_role, kind, role, action
):
    admin = django_user_model.objects.create_superuser("setup", "setup@example.org")
    client.force_login(admin)
    page, post = create_page(kind, organisations[0], client)
    client.force_login(user_with_role(role))
    allowed = action in MATRIX[role]
    assert attempt(client, action, page, post) is allowed


def test_editors_choose_only_their_own_organisation(client, organisations, user_with_role):
    owners, others = organisations
    editor = user_with_role("own editor")
    client.force_login(editor)
    index = HelplineIndexPage.original()
    url = f"/admin/pages/add/resources/helplinepage/{index.pk}/"
    form = client.get(url).content.decode()
    assert "Owning Trust" in form and "Another Charity" not in form
    client.post(url, helpline_post([channel()], organisation=others.pk))
    assert not HelplinePage.objects.filter(slug="test-line").exists()
    client.post(url, helpline_post([channel()], organisation=owners.pk))
    created = HelplinePage.objects.get(slug="test-line")
    assert created.organisation == owners and not created.live


def test_editors_can_delete_their_own_drafts(client, organisations, user_with_role):
    editor = user_with_role("own editor")
    client.force_login(editor)
    index = HelplineIndexPage.original()
    client.post(
        f"/admin/pages/add/resources/helplinepage/{index.pk}/",
        helpline_post([channel()], organisation=organisations[0].pk),
    )
    draft = HelplinePage.objects.get(slug="test-line")
    client.post(f"/admin/pages/{draft.pk}/delete/")
    assert not HelplinePage.objects.filter(pk=draft.pk).exists()


def test_a_new_organisation_gets_its_group_and_collection_in_one_step(admin_client):
    response = admin_client.post(
        "/admin/snippets/resources/organisation/add/",
        {
            "name": "Harbour Youth Line",
            "website": "",
            "logo": "",
            "description": "",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Harbour Youth Line")
    assert organisation.editors.name == "Harbour Youth Line editors"
    assert organisation.collection.name == "Harbour Youth Line"
    own = GroupCollectionPermission.objects.filter(
        group=organisation.editors, collection=organisation.collection
    )
    assert {grant.permission.codename for grant in own} >= {"add_image", "add_document"}
    shared = GroupCollectionPermission.objects.filter(
        group=organisation.editors, collection__name="Shared"
    )
    assert {grant.permission.codename for grant in shared} == {"choose_image", "choose_document"}
    root = Collection.get_first_root_node()
    assert not GroupCollectionPermission.objects.filter(
        group=organisation.editors, collection=root
    ).exists()


def png():
    from PIL import Image as PillowImage

    out = BytesIO()
    PillowImage.new("RGB", (4, 3)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("chooser", ["/admin/images/chooser/", "/admin/documents/chooser/"])
def test_editors_choose_shared_media_and_their_own_never_another_organisations(
    client, organisations, user_with_role, chooser
):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from resources.roles import shared_collection

    owners, others = organisations
    model = Image if "images" in chooser else Document
    name, data = ("file.png", png()) if model is Image else ("file.txt", b"text")
    for title, collection in (
        ("Owning Trust leaflet", owners.collection),
        ("Another Charity rota", others.collection),
        ("Waymark shared banner", shared_collection()),
    ):
        model.objects.create(title=title, file=ContentFile(data, name=name), collection=collection)
    client.force_login(user_with_role("own editor"))
    page = client.get(chooser).content.decode()
    assert "Owning Trust leaflet" in page and "Waymark shared banner" in page
    assert "Another Charity rota" not in page


def test_setting_up_roles_twice_changes_nothing(organisations):
    def snapshot():
        return (
            sorted(Group.objects.values_list("name", flat=True)),
            sorted(
                Group.objects.filter(page_permissions__isnull=False).values_list(
                    "name", "page_permissions__page_id", "page_permissions__permission__codename"
                )
            ),
            sorted(Collection.objects.values_list("name", flat=True)),
        )

    call_command("set_up_roles", stdout=StringIO())
    first = snapshot()
    call_command("set_up_roles", stdout=StringIO())
    assert snapshot() == first
