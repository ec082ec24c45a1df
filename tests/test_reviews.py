"""Helpline details stay right: due checks are reported, reminded and recorded."""

import csv
import io
from datetime import date, timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest
from openpyxl import load_workbook

from resources.models import HelplinePage
from resources.reviews import VERIFY_ACTION
from tests.factories import publish_helpline

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/helplines-due/"


@pytest.fixture
def lines(helpline_index, organisations):
    """For the owning organisation: one overdue, one due soon, one fine; and one overdue line
    of the other organisation."""
    owners, others = organisations
    today = timezone.localdate()

    def line(title, organisation, checked_days_ago):
        helpline = publish_helpline(helpline_index, title)
        helpline.organisation = organisation
        helpline.last_verified_on = today - timedelta(days=checked_days_ago)
        helpline.review_interval_days = 180
        helpline.save_revision().publish()
        return HelplinePage.objects.get(pk=helpline.pk)

    return {
        "overdue": line("Overdue owners line", owners, 200),
        "soon": line("Soon owners line", owners, 170),
        "fine": line("Fine owners line", owners, 10),
        "other": line("Overdue other line", others, 300),
    }


def test_the_next_check_follows_the_interval(lines):
    overdue = lines["overdue"]
    assert overdue.review_due_on == overdue.last_verified_on + timedelta(days=180)
    assert overdue.is_stale and not lines["soon"].is_stale


def test_the_public_page_says_when_it_was_checked_and_flags_overdue(client, lines):
    fine = client.get(lines["fine"].url).content.decode()
    assert "Last checked on" in fine and "may be out of date" not in fine
    overdue = client.get(lines["overdue"].url).content.decode()
    assert "This information may be out of date" in overdue


def test_editors_see_their_own_due_helplines(client, lines, user_with_role):
    client.force_login(user_with_role("own editor"))
    report = client.get(REPORT).content.decode()
    assert "Overdue owners line" in report and "Soon owners line" in report
    assert "Fine owners line" not in report and "Overdue other line" not in report
    dashboard = client.get("/admin/").content.decode()
    assert "Helplines due for a check" in dashboard and "Soon owners line" in dashboard


def test_the_report_filters_and_exports(client, lines, user_with_role, organisations):
    client.force_login(user_with_role("moderator"))
    report = client.get(REPORT).content.decode()
    assert "Overdue other line" in report and "Overdue owners line" in report
    filtered = client.get(REPORT, {"organisation": organisations[1].pk}).content.decode()
    assert "Overdue other line" in filtered and "Overdue owners line" not in filtered
    soon = client.get(REPORT, {"review": "soon"}).content.decode()
    assert "Soon owners line" in soon and "Overdue owners line" not in soon

    exported = client.get(REPORT, {"export": "csv"})
    text = b"".join(exported.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    by_title = {row["Helpline"]: row for row in rows}
    assert by_title["Overdue owners line"]["Review"] == "overdue"
    assert by_title["Soon owners line"]["Review"] == "due soon"
    spreadsheet = b"".join(client.get(REPORT, {"export": "xlsx"}).streaming_content)
    workbook = load_workbook(io.BytesIO(spreadsheet))
    titles = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert "Overdue owners line" in titles


def test_marking_as_checked_records_who_and_when(client, lines, user_with_role):
    editor = user_with_role("own editor")
    client.force_login(editor)
    overdue = lines["overdue"]
    # A draft in progress keeps the check when it is published later.
    overdue.title = "Overdue owners line (draft)"
    overdue.save_revision(user=editor)
    url = f"/admin/helplines/{overdue.pk}/verify/"
    assert "Confirm that you have checked" in client.get(url).content.decode()
    response = client.post(url, {"next": REPORT})
    assert response.status_code == 302
    checked = HelplinePage.objects.get(pk=overdue.pk)
    today = timezone.localdate()
    assert checked.last_verified_on == today and checked.verified_by == editor
    assert checked.review_due_on == today + timedelta(days=180)
    assert PageLogEntry.objects.filter(page=overdue, action=VERIFY_ACTION, user=editor).exists()
    checked.get_latest_revision().publish()
    assert HelplinePage.objects.get(pk=overdue.pk).last_verified_on == today


def test_other_organisations_cannot_mark_as_checked(client, lines, user_with_role):
    client.force_login(user_with_role("other editor"))
    client.post(f"/admin/helplines/{lines['overdue'].pk}/verify/")
    assert HelplinePage.objects.get(pk=lines["overdue"].pk).last_verified_on != date.today()


def test_reminders_email_each_organisation_its_list(lines, user_with_role):
    user_with_role("own editor")
    user_with_role("other editor")
    out = io.StringIO()
    call_command("send_review_reminders", "--dry-run", stdout=out)
    assert not mail.outbox and "would email" in out.getvalue()
    call_command("send_review_reminders", stdout=io.StringIO())
    to_owners = next(m for m in mail.outbox if "own-editor@example.org" in m.to)
    assert "Overdue owners line" in to_owners.body and "Soon owners line" in to_owners.body
    assert "Fine owners line" not in to_owners.body and "Overdue other line" not in to_owners.body
    to_others = next(m for m in mail.outbox if "other-editor@example.org" in m.to)
    assert "Overdue other line" in to_others.body


def test_result_cards_show_the_check_and_a_report_link(
    client, lines, user_with_role, django_capture_on_commit_callbacks
):
    page = client.get("/search/", {"q": "Overdue owners line"}).content.decode()
    assert "This information may be out of date" in page
    assert f'href="{lines["overdue"].url}report/"' in page

    client.force_login(user_with_role("own editor"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/helplines/{lines['overdue'].pk}/verify/")
    client.logout()
    page = client.get("/search/", {"q": "Overdue owners line"}).content.decode()
    today = timezone.localdate()
    assert f'datetime="{today.isoformat()}"' in page


def test_the_helpline_editor_offers_mark_as_checked(client, lines, user_with_role):
    client.force_login(user_with_role("own editor"))
    editor = client.get(f"/admin/pages/{lines['overdue'].pk}/edit/").content.decode()
    assert f"/admin/helplines/{lines['overdue'].pk}/verify/" in editor
