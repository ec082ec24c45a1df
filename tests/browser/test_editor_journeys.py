"""What editors, moderators, clinical reviewers and administrators do in Waymark's admin,
done in real Chromium against gunicorn: each journey signs in through the login form and
ends with no console error and nothing fetched from another origin."""

import csv
import io
import json
import re
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from resources.models import TIMEZONE_CHOICES

from .editors import footer_action

pytestmark = pytest.mark.browser


def zone_where_it_is_late_evening():
    """A time zone from the editor's list where it is now between 10:30pm and 11:30pm: at
    least half an hour inside a 10pm-to-2am window, and before midnight, for the whole
    journey. Zones an hour apart cover every hour, so there always is one."""
    now = timezone.now()
    for name, _ in TIMEZONE_CHOICES:
        local = now.astimezone(ZoneInfo(name))
        if (
            not name.startswith("Etc/")
            and 22 * 60 + 30 <= local.hour * 60 + local.minute < 23 * 60 + 30
        ):
            return name
    raise AssertionError("no time zone where it is late evening")


def pick_date_time(page, field, value):
    """Type a date (and time) into one of the admin's date pickers, then close it."""
    pickers = page.locator(".xdsoft_datetimepicker:visible")
    page.locator(field).fill(value)
    pickers.first.wait_for()  # it opens a moment after the field takes focus
    page.locator(field).press("Enter")
    expect(pickers).to_have_count(0)


def add_opening_window(page, channel, days, opens, closes, overnight=False):
    """Add an opening window to channel number `channel` of the helpline form."""
    hours = page.locator(f"#channels-{channel}-hours-root")
    hours.get_by_role("button", name="Insert a block").last.click()
    prefix = hours.locator("[id$='-value-opens']").last.get_attribute("id").removesuffix("-opens")
    for day in days:
        page.locator(f"[name='{prefix}-days']").and_(page.get_by_label(day, exact=True)).check()
    pick_date_time(page, f"#{prefix}-opens", opens)
    pick_date_time(page, f"#{prefix}-closes", closes)
    if overnight:
        page.locator(f"#{prefix}-closes_next_day").check()


def fill_channel(page, number, kind, value, zone, keyword="", always_open=False):
    page.locator(f"#id_channels-{number}-kind").select_option(label=kind)
    page.locator(f"#id_channels-{number}-value").fill(value)
    if keyword:
        page.locator(f"#id_channels-{number}-keyword").fill(keyword)
    page.locator(f"#id_channels-{number}-timezone").select_option(zone)
    if always_open:
        page.locator(f"#id_channels-{number}-open_24_7").check()


@pytest.mark.engine
def test_a_new_helpline_goes_through_moderation_to_the_public_and_the_finder(
    person, public, editor_site
):
    zone = zone_where_it_is_late_evening()
    editor = person("mina")
    editor.goto(
        f"{editor_site.url}/admin/pages/add/resources/helplinepage/{editor_site.ids['helplines']}/"
    )
    editor.locator("#id_title").fill("Night Owls Listening Line")
    editor.locator("#id_organisation").select_option(label="Mind")
    editor.locator("#id_summary").fill(
        "Someone to talk to through the night, when it feels lonely."
    )
    # Typed as the helpline prints it: the extension goes to its own field.
    fill_channel(editor, 0, "Phone", "0808 157 0123 ext. 2", zone)
    add_opening_window(
        editor,
        0,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "22:00",
        "02:00",
        overnight=True,
    )
    editor.locator("#id_channels-ADD").click()
    fill_channel(editor, 1, "Text (SMS)", "60123", zone, keyword="OWL", always_open=True)
    editor.locator("#id_channels-ADD").click()
    fill_channel(editor, 2, "Web chat", "https://night-owls.example/chat", zone)
    # Typed as people write hours, instead of ticking days.
    editor.locator("#id_channels-2-hours_text").fill("Monday to Friday, 9am – 5pm")
    editor.locator("#id_countries").select_option(label="United Kingdom")
    topics = editor.locator(
        "#panel-child-content-topics-content, [data-contentpath='topics']"
    ).first
    topics.locator("input:visible, [contenteditable]").first.fill("Loneliness")
    editor.keyboard.press("Enter")
    footer_action(editor, "Save draft")
    editor.get_by_text("Page 'Night Owls Listening Line' created.").wait_for()

    editor.get_by_role("button", name="Toggle preview").click()
    preview = editor.frame_locator("iframe[title='Preview']").last
    preview.get_by_role("heading", name="Night Owls Listening Line").wait_for()

    page_id = re.search(r"/admin/pages/(\d+)/edit/", editor.url).group(1)
    footer_action(editor, "Submit to Moderation")
    editor.get_by_text(re.compile("has been submitted")).wait_for()

    moderator = person("mo")
    moderator.get_by_role("link", name="Night Owls Listening Line").first.click()
    moderator.wait_for_url(f"{editor_site.url}/admin/pages/{page_id}/edit/")
    footer_action(moderator, "Approve and Publish")
    moderator.get_by_text("Page 'Night Owls Listening Line' has been updated.").wait_for()
    row = moderator.get_by_role("row").filter(has_text="Night Owls Listening Line")
    assert "live" in row.inner_text().lower()

    public.goto(f"{editor_site.url}/helplines/night-owls-listening-line/")
    channels = public.locator("main .channel")
    phone, text, chat = channels.nth(0), channels.nth(1), channels.nth(2)
    assert re.match(r"Open now — closes tomorrow at 2am", phone.locator(".badge").inner_text())
    call = phone.get_by_role("link", name="Call 0808 157 0123 ext. 2")
    assert call.get_attribute("href") == "tel:+448081570123,2"
    assert text.locator(".badge").inner_text() == "Open 24/7"
    assert "OWL" in text.inner_text()
    assert chat.locator(".badge").inner_text().startswith("Closed — opens")

    for server, engine in ((editor_site.url, "opensearch"), (editor_site.database_url, "database")):
        public.goto(f"{server}/search/?q=night+owls+listening")
        assert public.locator(".finder").get_attribute("data-engine") == engine
        first = public.locator("ol.results > li").first
        assert first.get_by_role("link", name="Night Owls Listening Line", exact=True).count() == 1


def test_a_guide_goes_through_clinical_review(person, public, editor_site):
    guide = editor_site.ids["guide"]
    editor = person("wendy")
    editor.goto(f"{editor_site.url}/admin/pages/{guide}/edit/")
    editor.locator("#id_summary").fill("Feeling lonely is common. These steps can help today.")
    footer_action(editor, "Submit to Clinical review")
    editor.get_by_text(re.compile("has been submitted")).wait_for()

    reviewer = person("cleo")
    reviewer.goto(f"{editor_site.url}/admin/pages/{guide}/edit/")
    footer_action(reviewer, "Request changes")
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_label("Comment").fill("Say when to call 999 before the first step.")
    dialog.get_by_role("button", name="Request changes").click()
    reviewer.get_by_text("Page 'Feeling lonely, online and off' has been updated.").wait_for()

    editor.goto(f"{editor_site.url}/admin/pages/{guide}/edit/")
    assert "Say when to call 999 before the first step." in editor.content()
    editor.locator("#id_summary").fill(
        "Feeling lonely is common. If you are in danger, call 999. These steps can help today."
    )
    footer_action(editor, "Resubmit to Clinical review")
    editor.get_by_text(re.compile("has been submitted|resubmitted")).first.wait_for()

    reviewer.goto(f"{editor_site.url}/admin/pages/{guide}/edit/")
    footer_action(reviewer, "Approve and Publish")
    reviewer.get_by_text(re.compile("has been updated")).first.wait_for()

    public.goto(f"{editor_site.url}/guides/feeling-lonely/")
    assert "If you are in danger, call 999." in public.locator("main").inner_text()


def test_a_helpline_due_for_a_check_is_marked_as_checked(person, visitor, editor_site):
    before = visitor()
    before.goto(f"{editor_site.url}/helplines/london-nightline/")
    assert "may be out of date" in before.locator("main").inner_text()

    editor = person("nina")
    panel = editor.locator("#helplines-due, [id^='helplines-due']").first
    row = panel.get_by_role("row").filter(has_text="London Nightline")
    row.get_by_role("button", name=re.compile("Mark as checked today")).click()
    editor.get_by_text("London Nightline is marked as checked today.").wait_for()

    after = visitor()
    # The server's other processes see the catalogue change within a second (core/catalogue.py).
    after.wait_for_timeout(1100)
    after.goto(f"{editor_site.url}/helplines/london-nightline/")
    text = after.locator("main").inner_text()
    assert f"Last checked on {timezone.localdate():%-d %B %Y}" in text
    assert "may be out of date" not in text


def downloaded_rows(page, link="Download your helplines as CSV"):
    """The rows of the CSV file a link on the page downloads."""
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    return list(csv.DictReader(io.StringIO(download.value.path().read_text())))


def test_helplines_are_imported_from_a_spreadsheet_with_a_preview(person, editor_site):
    editor = person("mina")
    editor.get_by_role("link", name="Import helplines").click()
    rows = downloaded_rows(editor)
    assert {row["organisation"] for row in rows} == {"Mind"}
    infoline = [row for row in rows if row["title"] == "Mind Infoline"]
    for row in infoline:
        row["summary"] = "Information on mental health problems, where to get help and your rights."
        if row["channel_hours"] == "Mon-Fri 09:00-18:00":
            # The same hours as a person types them: read as the same, not as a change.
            row["channel_hours"] = "Monday to Friday, 9am – 6pm"
    new = {**infoline[0], "external_id": "mind-legal-line", "title": "Mind Legal Line"}
    new.update(channel_value="0808 157 0456", channel_label="Legal line")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows([*rows, new])

    editor.get_by_label("File").set_input_files(
        files=[{"name": "mind.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode()}]
    )
    editor.get_by_role("button", name="Check the file").click()
    editor.get_by_role("heading", name="mind.csv").wait_for()
    preview = editor.locator("main").inner_text()
    assert "1 to create, 1 to update" in preview.replace("\n", " ")
    assert re.search(r"Update: summary\s*$", preview, re.MULTILINE)
    assert "Mind Legal Line" in preview
    editor.get_by_role("button", name="Import 2 helplines").click()
    editor.get_by_text(re.compile(r"Imported mind.csv: 1 created, 1 updated")).wait_for()


CSV_HEADER = (
    "external_id,title,organisation,summary,countries,regions,audiences,topics,status,"
    "status_note,confidentiality,last_verified_on,review_interval_days,channel_kind,"
    "channel_value,channel_label,channel_keyword,channel_timezone,channel_hours,"
    "channel_languages,channel_cost,channel_notes"
)


def csv_upload(name, *rows):
    """A spreadsheet of helplines in the export's columns, as a file to choose."""
    text = "\n".join([CSV_HEADER, *rows])
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def test_an_administrator_imports_helplines_of_a_new_organisation(person, editor_site):
    admin = person("admin")
    admin.get_by_role("link", name="Import helplines").click()
    upload = csv_upload(
        "harbour.csv",
        "harbour-1,Harbour Youth Line,Harbour Trust,Talk to a trained volunteer.,GB,,,,active,"
        ",,2026-11-01,90,phone,0808 157 0321,,,Europe/London,"
        '"Monday to Friday, 4pm – 11pm",en,Free,',
    )
    admin.get_by_label("File").set_input_files(files=[upload])
    admin.get_by_label("Add new organisations").check()
    admin.get_by_role("button", name="Check the file").click()
    admin.get_by_role("heading", name="harbour.csv").wait_for()
    assert "New organisations to add: Harbour Trust." in admin.locator("main").inner_text()
    admin.get_by_role("button", name="Import 1 helpline").click()
    admin.get_by_text(re.compile(r"Imported harbour.csv: 1 created")).wait_for()


def test_an_administrator_adds_a_country_by_import_with_its_emergency_number(
    person, visitor, editor_site
):
    admin = person("admin")
    admin.get_by_role("link", name="Import helplines").click()
    upload = csv_upload(
        "germany.csv",
        "seelsorge-1,Harbour Seelsorge,Mind,Someone to talk to.,DE,,,,active,"
        ",,2026-11-01,90,phone,0800 111 0 111,,,Europe/Berlin,24/7,de,Free,",
    )
    admin.get_by_label("File").set_input_files(files=[upload])
    admin.get_by_label("Publish at once").check()
    admin.get_by_role("button", name="Check the file").click()
    admin.get_by_role("heading", name="germany.csv").wait_for()
    assert "Waymark does not list Germany (DE) yet" in admin.locator("main").inner_text()

    admin.get_by_role("link", name="Upload another file").click()
    admin.get_by_label("File").set_input_files(files=[upload])
    admin.get_by_label("Publish at once").check()
    admin.get_by_label("Add countries, with their emergency numbers").fill("DE=112")
    admin.get_by_role("button", name="Check the file").click()
    admin.get_by_role("heading", name="germany.csv").wait_for()
    preview = admin.locator("main").inner_text()
    assert "New countries to add: Germany (DE), emergency number 112." in preview
    admin.get_by_role("button", name="Import 1 helpline").click()
    admin.get_by_text(re.compile(r"Imported germany.csv: 1 created")).wait_for()

    public = visitor()
    public.goto(f"{editor_site.url}/search/?q=ich+will+mich+umbringen&country=DE")
    panel = public.locator("[data-crisis-panel]")
    assert panel.get_by_role("link", name="112").first.get_attribute("href") == "tel:112"


def test_an_administrator_imports_open_referrals_example_and_sees_what_is_not_kept(
    person, editor_site
):
    admin = person("admin")
    admin.get_by_role("link", name="Import helplines").click()
    example = Path(__file__).parents[1] / "data" / "hsds" / "service_full.json"
    admin.get_by_label("File").set_input_files(str(example))
    admin.get_by_label("Add new organisations").check()
    admin.get_by_label("Countries served, where an HSDS service names none").fill("GB")
    admin.get_by_role("button", name="Check the file").click()
    admin.get_by_role("heading", name="service_full.json").wait_for()
    row = admin.get_by_role("row").filter(has_text="Community Counselling")
    assert "Create" in row.inner_text()
    row.get_by_text(re.compile(r"\d+ things in the file not kept")).click()
    expect(row.get_by_text("schedules › 1: ended on 2005-01-01")).to_be_visible()
    admin.get_by_role("button", name="Import 1 helpline").click()
    admin.get_by_text(re.compile(r"Imported service_full.json: 1 created")).wait_for()


def test_a_helpline_already_listed_is_linked_instead_of_added_twice(person, editor_site):
    admin = person("admin")
    admin.get_by_role("link", name="Import helplines").click()
    rows = downloaded_rows(admin)
    the_mix = [row for row in rows if row["title"] == "The Mix"]
    # The same helpline as another directory lists it: its own id, a new name.
    for row in the_mix:
        row.update(external_id="partner-0042", title="The Mix (for under 25s)")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(the_mix)
    upload = {"name": "partner.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode()}
    admin.get_by_label("File").set_input_files(files=[upload])
    admin.get_by_role("button", name="Check the file").click()
    admin.get_by_role("heading", name="partner.csv").wait_for()
    row = admin.get_by_role("row").filter(has_text="partner-0042")
    expect(row).to_contain_text("Skip: already listed")
    expect(row.get_by_role("link", name="The Mix")).to_be_visible()
    row.get_by_label("What to do with this row").select_option(
        label="Update the existing helpline from it"
    )
    admin.get_by_role("button", name="Check again with these choices").click()
    row = admin.get_by_role("row").filter(has_text="partner-0042")
    expect(row).to_contain_text("“demo-the-mix” → “partner-0042”")
    admin.get_by_role("button", name="Import 1 helpline").click()
    admin.get_by_text(re.compile(r"Imported partner.csv: 0 created, 1 updated")).wait_for()


def test_a_problem_report_from_the_public_is_resolved(person, public, editor_site):
    public.goto(f"{editor_site.url}/helplines/mind-infoline/report/")
    public.get_by_label("The number, address or link doesn't work").check()
    public.get_by_label("Tell us more (optional)").fill("The phone rang and rang on Tuesday.")
    public.get_by_role("button", name="Send report").click()
    public.get_by_role("heading", name=re.compile("Thank you", re.I)).wait_for()

    editor = person("mina")
    editor.get_by_role("link", name="Problem reports").click()
    row = editor.get_by_role("row").filter(has_text="The phone rang and rang on Tuesday.")
    row.get_by_role("link").first.click()
    editor.locator("#id_status").select_option(label="Resolved")
    editor.locator("#id_resolution").fill("Called the line: a fault on Tuesday, fixed now.")
    footer_action(editor, "Save")
    editor.get_by_text(re.compile("updated", re.I)).first.wait_for()
    row = editor.get_by_role("row").filter(has_text="The phone rang and rang on Tuesday.")
    assert "Resolved" in row.inner_text()


def test_the_widget_impact_report_shows_a_chart_and_downloads_csv(person, editor_site):
    admin = person("admin")
    admin.goto(f"{editor_site.url}/admin/reports/widget-impact/")
    table = admin.get_by_role("table")
    school = table.get_by_role("row").filter(has_text="https://school.example")
    assert school.get_by_role("cell").all_inner_texts()[1:] == ["60", "5"]
    chart = admin.get_by_role("img", name="Loads (dark) and taps (light) per day")
    assert chart.locator("rect").count() == 2 * 5
    rows = downloaded_rows(admin, "Download CSV")
    assert len(rows) == 4 * 5
    assert {row["partner"] for row in rows} == {
        "https://school.example",
        "https://youth-app.example",
    }


def refused(page, editor_site):
    """Wagtail's answer to an address someone may not open: back to the dashboard."""
    page.wait_for_url(f"{editor_site.url}/admin/")
    page.get_by_text("Sorry, you do not have permission to access this area.").wait_for()


def test_editors_cannot_reach_another_organisations_work(person, editor_site):
    ids = editor_site.ids
    page = person("sam")
    page.goto(f"{editor_site.url}/admin/pages/{ids['mind_helpline']}/edit/")
    refused(page, editor_site)

    page.goto(f"{editor_site.url}/admin/snippets/resources/problemreport/")
    assert "Saturday hours look wrong" not in page.locator("main").inner_text()
    page.goto(
        f"{editor_site.url}/admin/snippets/resources/problemreport/edit/{ids['mind_report']}/"
    )
    refused(page, editor_site)

    page.goto(f"{editor_site.url}/admin/images/")
    assert "Mind poster" not in page.locator("main").inner_text()
    page.goto(f"{editor_site.url}/admin/images/{ids['mind_image']}/")
    refused(page, editor_site)

    # Choosing a campaign's hero image and toolkit download: shared media and their own.
    page.goto(
        f"{editor_site.url}/admin/pages/add/campaigns/campaignpage/{editor_site.ids['campaigns']}/"
    )
    page.get_by_role("button", name="Choose an image").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_text("Waymark shared banner").first.wait_for()
    assert "Mind poster" not in chooser.inner_text()
    chooser.get_by_role("button", name="Close").first.click()
    page.get_by_role("button", name="Add Toolkit downloads").click()
    page.get_by_role("button", name="Choose a document").first.click()
    chooser.get_by_role("heading", name="Choose a document").wait_for()
    assert "Mind volunteer rota" not in chooser.inner_text()

    page.goto(f"{editor_site.url}/admin/documents/")
    assert "Mind volunteer rota" not in page.locator("main").inner_text()
    page.goto(f"{editor_site.url}/admin/documents/edit/{ids['mind_document']}/")
    refused(page, editor_site)


def test_a_campaign_is_scheduled_to_go_live_and_to_expire(person, visitor, editor_site):
    today = timezone.localdate()
    starts, ends = today + timedelta(days=7), today + timedelta(days=14)
    editor = person("max")
    editor.goto(
        f"{editor_site.url}/admin/pages/add/campaigns/campaignpage/{editor_site.ids['campaigns']}/"
    )
    editor.locator("#id_title").fill("Log Off Week")
    editor.locator("#id_organisation").select_option(label="The Mix")
    pick_date_time(editor, "#id_start_date", f"{starts:%Y-%m-%d}")
    pick_date_time(editor, "#id_end_date", f"{ends:%Y-%m-%d}")
    editor.locator("#id_summary").fill("A week of evenings offline, together.")
    editor.get_by_role("button", name="Toggle status").click()
    editor.get_by_role("button", name="Set schedule").click()
    dialog = editor.get_by_role("dialog")
    pick_date_time(editor, "#id_go_live_at", f"{starts:%Y-%m-%d} 09:00")
    pick_date_time(editor, "#id_expire_at", f"{ends + timedelta(days=1):%Y-%m-%d} 00:00")
    dialog.get_by_role("button", name="Save schedule").click()
    footer_action(editor, "Submit to Moderation")
    editor.get_by_text(re.compile("has been submitted")).wait_for()

    moderator = person("mo")
    moderator.get_by_role("link", name="Log Off Week").first.click()
    footer_action(moderator, "Approve and Publish")
    moderator.wait_for_url(f"{editor_site.url}/admin/pages/{editor_site.ids['campaigns']}/")
    row = moderator.get_by_role("row").filter(has_text="Log Off Week")
    assert "scheduled" in row.inner_text().lower()

    address = f"{editor_site.url}/campaigns/log-off-week/"
    assert status_of(address) == 404

    # A week goes by: the scheduled publishing job runs after the go-live time...
    editor_site.manage("shell", "-c", TIME_PASSES.format(field="go_live_at"))
    editor_site.manage("publish_scheduled")
    live = visitor()
    assert live.goto(address).status == 200
    assert "A week of evenings offline, together." in live.locator("main").inner_text()

    # ...and after the expiry time.
    editor_site.manage("shell", "-c", TIME_PASSES.format(field="expire_at"))
    editor_site.manage("publish_scheduled")
    assert status_of(address) == 404


# The clock reaches the scheduled go-live or expiry time of the "Log Off Week" campaign:
# that time, wherever Wagtail keeps it (the page, its revisions), moves into the past.
TIME_PASSES = """
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Page, Revision
page = Page.objects.get(slug="log-off-week")
past = timezone.now() - timedelta(minutes=1)
Page.objects.filter(pk=page.pk).update({field}=past)
for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
    revision.content["{field}"] = past.isoformat()
    if revision.approved_go_live_at and "{field}" == "go_live_at":
        revision.approved_go_live_at = past
    revision.save()
"""


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_administrator_tries_a_phrase_and_sees_why(person, editor_site):
    page = person("admin")
    page.get_by_role("link", name="Try a phrase").click()
    page.get_by_label("What someone might type").fill("i want to kill myself")
    page.get_by_role("button", name="Try it").click()
    verdict = page.get_by_role("status", name=re.compile("^(Crisis|Concern|None):"))
    verdict.wait_for()
    assert verdict.get_by_role("heading").inner_text().startswith("Crisis")
    pushed = verdict.locator("dt", has_text="pushed the risk most").locator(
        "xpath=./following::dd[1]"
    )
    assert "kill" in pushed.inner_text()
    page.get_by_label("What someone might type").fill("i feel worthless")
    page.get_by_role("button", name="Try it").click()
    page.get_by_role("heading", name=re.compile("^Concern")).wait_for()
    assert "Distress scores" in verdict.inner_text()

    page.get_by_role("link", name="How understanding scores on the test phrases").click()
    page.get_by_role("heading", name="How understanding scores").wait_for()
    table = page.get_by_role("table", name="Scores per language")
    assert table.get_by_role("rowheader").all_inner_texts() == ["all", "en", "cy", "es", "fr", "de"]


def test_broken_uploads_are_explained_not_server_errors(person, editor_site):
    """A file that only looks like an image, and HSDS of the wrong shape, come back with
    their reasons on the page (counted as refused forms, never as faults)."""
    editor = person("mina")
    editor.goto(f"{editor_site.url}/admin/images/add/")
    editor.get_by_label("File").set_input_files(
        files=[
            {
                "name": "poster.png",
                "mimeType": "image/png",
                "buffer": b"\x89PNG\r\n\x1a\n" + bytes(200),
            }
        ]
    )
    editor.get_by_role("button", name=re.compile("^Upload")).click()
    editor.get_by_text("not an image or a corrupted image").first.wait_for()

    service = {"id": "a", "name": "Harbour Line", "status": "active", "organization": "The Mix"}
    editor.goto(f"{editor_site.url}/admin/helplines/import/")
    editor.get_by_label("File").set_input_files(
        files=[
            {
                "name": "services.json",
                "mimeType": "application/json",
                "buffer": json.dumps([service]).encode(),
            }
        ]
    )
    editor.get_by_role("button", name="Check the file").click()
    editor.get_by_text("organization: must be an object").wait_for()


def test_an_administrator_sees_how_the_scheduled_jobs_last_ran(person, editor_site):
    assert editor_site.manage("run_scheduler", "--once").startswith("Ran: ")
    admin = person("admin")
    admin.goto(f"{editor_site.url}/admin/")
    admin.get_by_role("button", name="Reports").click()
    admin.get_by_role("link", name="Scheduled jobs").click()
    row = admin.get_by_role("row", name=re.compile("publish-scheduled"))
    expect(row).to_contain_text(re.compile(r"Published \d+ scheduled, took down \d+ expired"))
    expect(admin.get_by_role("row", name=re.compile("review-reminders"))).to_contain_text(
        "Reminders sent to"
    )


def page_within_seconds(address, text, seconds=5):
    """The page at `address` once it holds `text`: other workers read the catalogue version
    at most once a second."""
    deadline = time.monotonic() + seconds
    while True:
        page = urllib.request.urlopen(address, timeout=10).read().decode()
        if text in page or time.monotonic() > deadline:
            assert text in page
            return page
        time.sleep(0.2)


def test_an_administrator_makes_a_guide_private_and_public_again(person, visitor, editor_site):
    """Each process keeps where restrictions sit in the tree: a change shows at once, even
    to a page served and cached a moment before."""
    address = f"{editor_site.url}/guides/taking-breaks/"
    before = visitor()
    before.goto(address)
    heading = before.get_by_role("heading", level=1).inner_text()

    admin = person("admin")
    admin.goto(f"{editor_site.url}/admin/pages/{editor_site.ids['untranslated_guide']}/edit/")

    def change_privacy(choice, password=""):
        status = admin.get_by_role("button", name="Toggle status")
        if status.get_attribute("aria-expanded") != "true":
            status.click()
        # The dialog's form is fetched afresh each time it opens: choose once it has come.
        with admin.expect_response(re.compile(r"/privacy/")):
            admin.get_by_role("button", name="Change privacy").click()
        dialog = admin.get_by_role("dialog", name="Change privacy")
        dialog.get_by_label(choice).check()
        if password:
            dialog.get_by_label("Shared password", exact=True).fill(password)
        with admin.expect_response(lambda response: response.request.method == "POST"):
            dialog.get_by_role("button", name="Save").click()
        expect(dialog).to_be_hidden()
        shown = "Once live anyone can view" if choice == "Public" else "Not visible to the public"
        expect(admin.get_by_text(shown)).to_be_visible()

    change_privacy("Private, accessible with a shared password", password="kept-for-staff")
    # Read with urllib: a browser would be given Django's CSRF cookie with the password form.
    private = page_within_seconds(address, "Password required")
    assert heading not in private

    change_privacy("Public")
    after = visitor()
    after.goto(address)
    expect(after.get_by_role("heading", level=1)).to_have_text(heading)
