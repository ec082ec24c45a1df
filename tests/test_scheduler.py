"""Scheduled jobs run from `manage.py run_scheduler`, once per run however many schedulers
there are, and the admin shows how each last went."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from campaigns.models import CampaignPage
from core import scheduling
from core.models import ScheduledJob

pytestmark = pytest.mark.django_db


def test_every_job_runs_when_first_seen_and_then_when_due_again():
    now = timezone.now()
    assert set(scheduling.run_due(now)) == {
        "publish-scheduled",
        "review-reminders",
        "search-index-catch-up",
    }
    assert scheduling.run_due(now + timedelta(seconds=30)) == []
    assert scheduling.run_due(now + timedelta(minutes=1)) == ["publish-scheduled"]
    later = scheduling.run_due(now + timedelta(minutes=5))
    assert set(later) == {"publish-scheduled", "search-index-catch-up"}
    run = ScheduledJob.objects.get(name="search-index-catch-up")
    assert run.succeeded and run.outcome == "No search engine is configured."
    assert run.next_run_at == now + timedelta(minutes=10)


def test_two_schedulers_looking_at_once_run_a_job_once():
    job = scheduling.JOBS["review-reminders"]
    now = timezone.now()
    assert [scheduling.claim(job, now), scheduling.claim(job, now)] == [True, False]


def test_a_failing_job_is_recorded_and_the_others_still_run(monkeypatch):
    def broken():
        raise RuntimeError("the mail server refused")

    failing = scheduling.Job("review-reminders", timedelta(days=1), broken, "")
    monkeypatch.setitem(scheduling.JOBS, "review-reminders", failing)
    ran = scheduling.run_due()
    assert "publish-scheduled" in ran and "review-reminders" in ran
    run = ScheduledJob.objects.get(name="review-reminders")
    assert run.succeeded is False
    assert run.outcome == "Failed: RuntimeError: the mail server refused"
    assert run.finished_at is not None


def test_a_campaign_scheduled_to_go_live_is_published_by_the_scheduler():
    campaign = CampaignPage.objects.filter(locale__language_code="en-gb").live().first()
    campaign.title = "Scroll less, live more: the spring edition"
    revision = campaign.save_revision()
    revision.publish()
    campaign.unpublish()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    scheduling.run_due()
    campaign.refresh_from_db()
    assert campaign.live and campaign.title == "Scroll less, live more: the spring edition"
    run = ScheduledJob.objects.get(name="publish-scheduled")
    assert run.outcome == "Published 1 scheduled, took down 0 expired."


def test_review_reminders_are_emailed_by_the_scheduler():
    scheduling.run_due()
    run = ScheduledJob.objects.get(name="review-reminders")
    assert run.succeeded and run.outcome.startswith("Reminders sent to")
    assert len(mail.outbox) == int(run.outcome.split()[3])


def test_the_command_runs_what_is_due_once():
    output = StringIO()
    call_command("run_scheduler", "--once", stdout=output)
    assert output.getvalue().startswith("Ran: ")
    output = StringIO()
    call_command("run_scheduler", "--once", stdout=output)
    assert output.getvalue().strip() == "Nothing was due."
    with pytest.raises(CommandError):
        call_command("run_scheduler", "--tick", "0")


def test_administrators_see_each_jobs_last_run(admin_client, client, django_user_model):
    scheduling.run_due()
    page = admin_client.get("/admin/reports/scheduled-jobs/").content.decode()
    assert "search-index-catch-up" in page and "No search engine is configured." in page
    editor = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    client.force_login(editor)
    assert client.get("/admin/reports/scheduled-jobs/").status_code in (302, 403)
