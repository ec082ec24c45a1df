"""What editors, moderators, clinical reviewers and administrators do in Waymark's admin,
done in real Chromium against gunicorn: each journey signs in through the login form and
ends with no console error and nothing fetched from another origin."""

import collections
import re
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest

from resources.models import TIMEZONE_CHOICES

from .editor_site import PASSWORD

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def record_autosave_refusals(seen):
    """Wagtail's autosave posts the form while it is still being filled in, and is told
    with a JSON 400 that it is not valid yet; Chromium logs each as a failed load. Those
    are the autosave protocol, not faults, and are counted so they can be told apart."""
    seen.autosave_refusals = collections.Counter()

    def on_response(response):
        request = response.request
        if (
            response.status == 400
            and request.method == "POST"
            and "text/html" not in request.headers.get("accept", "")
            and response.headers.get("content-type") == "application/json"
        ):
            seen.autosave_refusals[response.url] += 1

    seen.page.on("response", on_response)


def faults(seen):
    """Console errors, less the failed loads that were autosave refusals."""
    excused = collections.Counter(seen.autosave_refusals)
    left = []
    for error in seen.errors:
        url = error.rsplit("(", 1)[-1].rstrip(")")
        if "status of 400" in error and excused[url]:
            excused[url] -= 1
        else:
            left.append(error)
    return left


@pytest.fixture
def person(visit, editor_site):
    """Opens a browser for someone and signs them in; checks each stayed on Waymark."""
    opened = []

    def sign_in(username):
        seen = visit(**DESKTOP)
        record_autosave_refusals(seen)
        opened.append(seen)
        page = seen.page
        page.goto(f"{editor_site.url}/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{editor_site.url}/admin/")
        return page

    yield sign_in
    for seen in opened:
        assert seen.origins() <= {editor_site.url}
        assert faults(seen) == []


@pytest.fixture
def public(visit, editor_site):
    seen = visit(**DESKTOP)
    yield seen.page
    assert seen.origins() <= {editor_site.url, editor_site.database_url}
    assert seen.errors == []


def zone_where_it_is_late_evening():
    """A time zone from the editor's list where the time is now between 11pm and midnight."""
    now = timezone.now()
    for name, _ in TIMEZONE_CHOICES:
        if not name.startswith("Etc/") and now.astimezone(ZoneInfo(name)).hour == 23:
            return name
    raise AssertionError("every hour of the day has a time zone")


def add_opening_window(page, channel, days, opens, closes, overnight=False):
    """Add an opening window to channel number `channel` of the helpline form."""
    hours = page.locator(f"#channels-{channel}-hours-root")
    hours.get_by_role("button", name="Insert a block").last.click()
    prefix = hours.locator("[id$='-value-opens']").last.get_attribute("id").removesuffix("-opens")
    for day in days:
        page.locator(f"[name='{prefix}-days']").and_(page.get_by_label(day, exact=True)).check()
    for field, value in (("opens", opens), ("closes", closes)):
        page.locator(f"#{prefix}-{field}").fill(value)
        page.keyboard.press("Enter")  # the time picker closes and moves to the next field
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


def footer_action(page, name):
    """Click an action in the editor's footer, opening its menu of more actions if needed."""
    action = page.locator("footer").get_by_role("button", name=name, exact=True)
    if not action.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    action.click()


@pytest.mark.engine
def test_a_new_helpline_goes_through_moderation_to_the_public_and_the_finder(
    person, public, editor_site
):
    zone = zone_where_it_is_late_evening()
    editor = person("mina")
    editor.goto(f"{editor_site.url}/admin/pages/add/resources/helplinepage/4/")
    editor.locator("#id_title").fill("Night Owls Listening Line")
    editor.locator("#id_organisation").select_option(label="Mind")
    editor.locator("#id_summary").fill(
        "Someone to talk to through the night, when it feels lonely."
    )
    fill_channel(editor, 0, "Phone", "0808 157 0123", zone)
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
    add_opening_window(
        editor, 2, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "09:00", "17:00"
    )
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
    editor.screenshot(path="/tmp/j3.png")

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
    assert text.locator(".badge").inner_text() == "Open 24/7"
    assert "OWL" in text.inner_text()
    assert chat.locator(".badge").inner_text().startswith("Closed — opens")

    for server, engine in ((editor_site.url, "opensearch"), (editor_site.database_url, "database")):
        public.goto(f"{server}/search/?q=night+owls+listening")
        assert public.locator(".finder").get_attribute("data-engine") == engine
        first = public.locator("ol.results > li").first
        assert first.get_by_role("link", name="Night Owls Listening Line", exact=True).count() == 1
