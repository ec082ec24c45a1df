"""Review before publication: clinical review for guides, moderation for helplines."""

from datetime import timedelta
from io import StringIO

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, Revision

import pytest

from campaigns.models import CampaignIndexPage, CampaignPage
from resources.models import GuideIndexPage, GuidePage, HelplineIndexPage, HelplinePage
from resources.permissions import CLINICAL_REVIEWERS, MODERATORS
from tests.page_forms import campaign_post, channel, guide_post, helpline_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model, organisations):
    def person(name, group):
        user = django_user_model.objects.create_user(name, f"{name}@example.org")
        user.groups.add(group)
        return user

    return {
        "editor": person("editor", organisations[0].editors),
        "reviewer": person("reviewer", Group.objects.get(name=CLINICAL_REVIEWERS)),
        "moderator": person("moderator", Group.objects.get(name=MODERATORS)),
        "organisation": organisations[0],
    }


def submit(client, user, index, model, data):
    client.force_login(user)
    url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{index.pk}/"
    response = client.post(url, {**data, "action-submit": "submit"})
    assert response.status_code == 302
    return model.objects.get(slug=data["slug"])


def submit_guide(client, people):
    """The editor writes a guide for their organisation and sends it for clinical review."""
    data = guide_post(organisation=people["organisation"].pk)
    return submit(client, people["editor"], GuideIndexPage.original(), GuidePage, data)


def act(client, user, page, action, comment=""):
    """A reviewer's decision on the task the page is waiting for."""
    client.force_login(user)
    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", {"comment": comment}
    )
    assert response.status_code in (200, 302)
    return Page.objects.get(pk=page.pk).specific


def test_guides_need_clinical_approval(client, people):
    guide = submit_guide(client, people)
    assert not guide.live
    assert guide.current_workflow_task.name == "Clinical review"
    # Reviewers are told a guide waits for them, and can open it in the editor to comment.
    assert any("reviewer@example.org" in message.to for message in mail.outbox)
    client.force_login(people["reviewer"])
    assert client.get(f"/admin/pages/{guide.pk}/edit/").status_code == 200

    mail.outbox.clear()
    guide = act(client, people["reviewer"], guide, "reject", "Step 1 needs a safety note.")
    assert not guide.live
    assert guide.current_workflow_state.status == "needs_changes"
    rejection = [message for message in mail.outbox if "editor@example.org" in message.to]
    assert rejection, "the editor hears that changes were requested"
    assert "Step 1 needs a safety note." in rejection[0].body

    # The editor changes the guide and sends it back; approval publishes it.
    client.force_login(people["editor"])
    data = guide_post(organisation=people["organisation"].pk, title="Safer guide")
    client.post(f"/admin/pages/{guide.pk}/edit/", {**data, "action-submit": "submit"})
    mail.outbox.clear()
    guide = act(client, people["reviewer"], guide, "approve", "Clinically sound.")
    assert guide.live and guide.title == "Safer guide"
    assert any("editor@example.org" in message.to for message in mail.outbox)


def test_editors_cannot_approve_their_own_guides(client, people):
    guide = submit_guide(client, people)
    client.force_login(people["editor"])
    task_state = guide.current_workflow_task_state
    client.post(f"/admin/pages/workflow/action/{guide.pk}/approve/{task_state.pk}/")
    assert not GuidePage.objects.get(pk=guide.pk).live


@pytest.mark.parametrize(
    ("index_model", "model", "post"),
    [
        (HelplineIndexPage, HelplinePage, lambda **o: helpline_post([channel()], **o)),
        (CampaignIndexPage, CampaignPage, campaign_post),
    ],
)
def test_helplines_and_campaigns_go_through_moderation(client, people, index_model, model, post):
    page = submit(
        client,
        people["editor"],
        index_model.original(),
        model,
        post(organisation=people["organisation"].pk),
    )
    assert page.current_workflow_task.name == "Moderator approval"
    # Clinical reviewers do not moderate helplines or campaigns.
    page = act(client, people["reviewer"], page, "approve")
    assert not page.live
    page = act(client, people["moderator"], page, "approve", "Checked with the service.")
    assert page.live


def test_campaigns_go_live_and_expire_on_schedule(client, people, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org")
    client.force_login(admin)
    index = CampaignIndexPage.original()
    soon, later = timezone.now() + timedelta(hours=1), timezone.now() + timedelta(hours=2)
    data = campaign_post(
        organisation=people["organisation"].pk,
        go_live_at=soon.strftime("%Y-%m-%d %H:%M"),
        expire_at=later.strftime("%Y-%m-%d %H:%M"),
    )
    client.post(
        f"/admin/pages/add/campaigns/campaignpage/{index.pk}/", {**data, "action-publish": "1"}
    )
    campaign = CampaignPage.objects.get(slug="test-campaign")
    assert not campaign.live, "scheduled, not yet published"

    # An hour later, the scheduler (cron or the task worker) publishes it.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    scheduled = Revision.objects.get(object_id=str(campaign.pk), approved_go_live_at__isnull=False)
    scheduled.content["go_live_at"] = an_hour_ago.isoformat()
    scheduled.approved_go_live_at = an_hour_ago
    scheduled.save()
    call_command("publish_scheduled", stdout=StringIO())
    campaign.refresh_from_db()
    assert campaign.live

    # After its end, the scheduler takes it down.
    CampaignPage.objects.filter(pk=campaign.pk).update(expire_at=an_hour_ago)
    call_command("publish_scheduled", stdout=StringIO())
    campaign.refresh_from_db()
    assert campaign.expired and not campaign.live
