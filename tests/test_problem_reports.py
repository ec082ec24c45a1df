"""Anyone can tell an organisation that a helpline's details are wrong, without saying who
they are; the organisation sees and resolves it in the admin."""

from django.contrib.auth.models import Group
from django.core.cache import cache

import pytest

from resources.models import HelplinePage, ProblemReport
from resources.permissions import MODERATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def helpline():
    return HelplinePage.objects.live().get(slug="samaritans")


def report_url(helpline):
    return f"/helplines/{helpline.slug}/report/"


def send(client, helpline, **fields):
    data = {"kind": "hours_wrong", "details": "", "website": "", **fields}
    return client.post(report_url(helpline), data, headers={"Origin": "http://testserver"})


def test_every_helpline_page_links_to_the_form(client, helpline):
    page = client.get(helpline.url).content.decode()
    assert f'href="{report_url(helpline)}"' in page
    form = client.get(report_url(helpline))
    assert form.status_code == 200 and not form.cookies
    assert "Which way of getting in touch?" in form.content.decode()


def test_a_report_is_stored_for_the_organisation_without_cookies(client, helpline):
    channel = helpline.channels.first()
    response = send(
        client,
        helpline,
        kind="not_working",
        channel=str(channel.pk),
        details="I rang at 3pm on Tuesday and got a tone saying the number is unavailable.",
    )
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not response.cookies
    report = ProblemReport.objects.get(helpline=helpline)
    assert report.kind == "not_working" and report.channel == channel
    assert report.status == "open"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": ""}, "This field is required"),
        ({"kind": "made_up"}, "Select a valid choice"),
        ({"kind": "details_wrong"}, "Tell us what is wrong"),
        ({"details": "Cheap pills at https://spam.example"}, "leave out web links"),
        ({"details": "Buy now at www.spam.example"}, "leave out web links"),
        ({"details": "Email me at jo@example.org"}, "leave out email addresses"),
        ({"details": "aaaaaaaaaaaaaaaaaaaaaaaa"}, "describe the problem in words"),
        ({"details": "bad\x07text"}, "plain text"),
        ({"details": "Cheap pills at ｈｔｔｐｓ：／／spam．example"}, "leave out web links"),
        ({"details": "Cheap pills at spam\u200b.com"}, "plain text"),
        ({"details": "Cheap pills at \u202emoc.maps"}, "plain text"),
        ({"details": "Cheap pills at bit.ly/3xYz"}, "leave out web links"),
        ({"details": "Cheap pills at spam(.)com or SPAM.COM"}, "leave out web links"),
        ({"details": "Cheap pills at pills.shop"}, "leave out web links"),
        ({"details": "Cheap pills at hxxps://spam.example"}, "leave out web links"),
        ({"details": "Write to jo [at] example.org"}, "leave out email addresses"),
        ({"details": "Write to ｊｏ＠ｅｘａｍｐｌｅ．ｏｒｇ"}, "leave out email addresses"),
        ({"details": "x" * 1001}, "at most 1000 characters"),
        ({"channel": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_reports_are_explained_and_nothing_is_stored(client, helpline, fields, message):
    response = send(client, helpline, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_channel_of_another_helpline_is_refused(client, helpline):
    other = HelplinePage.objects.live().exclude(pk=helpline.pk).first().channels.first()
    assert send(client, helpline, channel=str(other.pk)).status_code == 400
    assert not ProblemReport.objects.exists()


def test_bots_filling_the_hidden_field_store_nothing(client, helpline):
    response = send(client, helpline, website="http://spam.example")
    assert response.status_code == 400
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://testserver", "Sec-Fetch-Site": "same-site"},
        {"Origin": "https://elsewhere.example"},
        # Without Sec-Fetch-Site, only an exact origin counts: not null, not another scheme.
        {"Origin": "null"},
        {"Origin": "https://testserver"},
        {"Origin": "http://testserver.elsewhere.example"},
        {},
    ],
)
def test_posts_from_other_sites_are_refused(client, helpline, headers):
    response = client.post(report_url(helpline), {"kind": "hours_wrong"}, headers=headers)
    assert response.status_code == 403
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        # A browser that sends no Sec-Fetch-Site (Safari before 16.4).
        {"Origin": "http://testserver"},
    ],
)
def test_posts_from_our_own_form_are_accepted(client, helpline, headers):
    response = client.post(report_url(helpline), {"kind": "hours_wrong"}, headers=headers)
    assert response.status_code == 200
    assert ProblemReport.objects.count() == 1


def test_the_form_page_lets_browsers_name_this_site_as_the_posts_origin(client, helpline):
    """Under no-referrer, browsers send `Origin: null`, which would have to be believed."""
    assert client.get(report_url(helpline))["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "details",
    [
        "The number said it was closed.In the end I rang 999.",
        "Calls cost 5p/min from mobiles, e.g. on Vodafone.",
        "Open 24/7 according to the page but nobody answered at 3.30am",
        "مرحبا\u200cبالعالم the Persian text line is wrong",
        "The family line 👨\u200d👩\u200d👧 is closed on Sundays",
    ],
)
def test_ordinary_reports_are_not_taken_for_links(client, helpline, details):
    assert send(client, helpline, kind="hours_wrong", details=details).status_code == 200


def test_too_many_reports_from_one_connection_are_refused(client, helpline, settings):
    settings.WAYMARK_PROBLEM_REPORT_RATE_LIMIT = "2/hour"
    cache.clear()
    assert send(client, helpline).status_code == 200
    assert send(client, helpline).status_code == 200
    refused = send(client, helpline)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "try again in" in refused.content.decode()
    assert ProblemReport.objects.count() == 2


def test_unpublished_helplines_have_no_form(client, helpline):
    helpline.unpublish()
    assert client.get(report_url(helpline)).status_code == 404


def test_the_inbox_shows_each_organisation_its_own_reports(
    client, organisations, user_with_role, helpline
):
    owners = organisations[0]
    HelplinePage.objects.filter(pk=helpline.pk).update(organisation=owners)
    send(client, helpline, details="The hours say 24/7 but nobody answered at night.")
    report = ProblemReport.objects.get()
    edit_url = f"/admin/snippets/resources/problemreport/edit/{report.pk}/"

    client.force_login(user_with_role("other editor"))
    assert (
        "nobody answered"
        not in client.get("/admin/snippets/resources/problemreport/").content.decode()
    )
    client.post(edit_url, {"status": "resolved", "resolution": "Not ours"})
    report.refresh_from_db()
    assert report.status == "open"

    editor = user_with_role("own editor")
    client.force_login(editor)
    assert (
        "nobody answered" in client.get("/admin/snippets/resources/problemreport/").content.decode()
    )
    response = client.post(edit_url, {"status": "resolved", "resolution": "Night hours fixed."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "resolved" and report.resolved_by == editor
    assert report.resolved_at is not None


def test_moderators_see_every_report(client, django_user_model, helpline):
    send(client, helpline, details="The web chat link goes to a page that says closed.")
    moderator = django_user_model.objects.create_user("mod", "mod@example.org")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    listing = client.get("/admin/snippets/resources/problemreport/").content.decode()
    assert "says closed" in listing
