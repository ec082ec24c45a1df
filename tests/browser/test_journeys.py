"""What people come to Waymark to do, done in real Chromium against the demo site, on a
phone-sized screen, with no cookie set and nothing fetched from another origin."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(visit, waymark):
    """A visitor on a phone. Every journey ends as private as it started."""
    seen = visit(**PHONE)
    yield seen
    assert seen.context.cookies() == []
    assert seen.origins() <= {waymark}
    assert seen.errors == []


def results(page):
    return page.locator("ol.results > li")


def test_find_help_by_topic_from_the_home_page(phone, waymark):
    page = phone.page
    page.goto(waymark)
    page.get_by_role("region", name="Browse by topic").get_by_role(
        "link", name="Cyberbullying"
    ).click()
    page.wait_for_url(f"{waymark}/topics/cyberbullying/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cyberbullying"
    page.locator("main .channels").first.wait_for()
    page.locator("main").get_by_role("link", name="Childline", exact=True).first.click()
    page.wait_for_url(f"{waymark}/helplines/childline/")
    assert page.locator(".channel__action").count() >= 2


def test_search_in_everyday_words_then_narrow_by_facets(phone, waymark):
    page = phone.page
    page.goto(waymark)
    page.get_by_label("Tell us what's going on, in your own words").fill(
        "trolls leaving nasty comments"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=trolls"))
    everything = results(page).count()
    assert everything > 1
    assert "Cyberbullying" in results(page).first.inner_text()

    page.locator("#facet-type-helpline").check()
    page.locator("#facet-channel-sms").check()
    page.get_by_role("button", name="Update results").click()
    page.wait_for_url(re.compile(r"type=helpline.*channel=sms|channel=sms.*type=helpline"))
    narrowed = results(page)
    assert 0 < narrowed.count() <= everything
    for index in range(narrowed.count()):
        hit = narrowed.nth(index)
        assert hit.locator(".result__type").text_content() == "Helpline"
        assert hit.locator(".channel--sms").count() == 1
    assert page.locator("#facet-type-helpline").is_checked()

    page.get_by_role("link", name="Clear all filters").first.click()
    assert results(page).count() == everything


def test_words_that_name_no_topic_are_offered_the_topic_they_mean(phone, waymark):
    page = phone.page
    page.goto(f"{waymark}/search/")
    page.get_by_label("What's going on? Use your own words.").fill(
        "i want to make things instead of scrolling all night"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=i\+want"))
    offered = page.get_by_role("region", name="Topics that may help")
    offered.get_by_role("link", name="Creativity").click()
    page.wait_for_url(f"{waymark}/topics/creativity/")
    assert page.get_by_role("heading", level=1).inner_text() == "Creativity"


def test_a_crisis_phrase_puts_a_crisis_line_one_tap_away(phone, waymark):
    page = phone.page
    page.goto(f"{waymark}/guides/")
    page.get_by_label("Search for help").fill("i dont want to be alive anymore")
    page.keyboard.press("Enter")
    panel = page.locator("[data-crisis-panel]")
    panel.wait_for()
    # The panel comes before any result, and its first call link is on the first screen.
    assert panel.evaluate(
        "panel => !document.querySelector('ol.results') || "
        "!!(panel.compareDocumentPosition(document.querySelector('ol.results')) & 4)"
    )
    call = panel.locator("a[href^='tel:']").first
    assert call.get_attribute("href") == "tel:999"
    line = panel.locator(".card a[href^='tel:']").first
    assert line.is_visible()
    assert re.fullmatch(r"tel:\+?\d+", line.get_attribute("href"))
    line.scroll_into_view_if_needed()
    line.tap(trial=True)  # nothing covers it: one tap reaches it


def test_distress_in_the_directory_offers_someone_to_talk_to_above_the_results(visit, waymark):
    """Words of distress without a sign of risk: a short line with the country's 24/7
    lines, results unchanged below it, and nothing axe-core finds wrong."""
    seen = visit(bypass_csp=True, **PHONE)
    page = seen.page
    page.goto(f"{waymark}/helplines/")
    page.locator("input[name=q]").first.fill("i feel worthless and so alone")
    page.keyboard.press("Enter")
    line = page.locator("[data-concern-line]")
    line.wait_for()
    assert page.locator("[data-crisis-panel]").count() == 0
    assert line.get_by_role("link").count() >= 1
    assert line.evaluate(
        "line => !!(line.compareDocumentPosition(document.querySelector('.finder')) & 4)"
    )
    assert seen.axe("main") == []
    assert seen.context.cookies() == []


def test_a_helpline_shows_open_now_and_when_it_was_last_checked(phone, waymark):
    page = phone.page
    page.goto(f"{waymark}/helplines/samaritans/")
    phone_line = page.locator(".channel--phone").first
    assert phone_line.locator(".badge--open").inner_text().startswith("Open")
    assert phone_line.locator("a.channel__action").get_attribute("href") == "tel:116123"
    checked = page.locator(".verification time")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", checked.get_attribute("datetime"))
    assert page.locator(".verification").inner_text().startswith("Last checked on")


def test_read_and_print_a_guide(phone, waymark):
    page = phone.page
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(f"{waymark}/guides/")
    page.get_by_role("link", name="Curating your feed").first.click()
    page.wait_for_url(f"{waymark}/guides/curating-your-feed/")
    assert page.locator("ol.steps > *").count() >= 3
    page.get_by_role("button", name="Print this guide").click()
    assert page.evaluate("window.printed") == 1

    page.emulate_media(media="print")
    for chrome in (".quick-exit", ".site-header", ".crisis-banner", ".guide__print"):
        assert not page.locator(chrome).first.is_visible()
    assert page.locator("ol.steps").is_visible()
    assert page.locator(".more-help").is_visible()


def test_a_guide_prints_to_paper(browser, waymark):
    """Headless Chromium prints to PDF: the guide comes out as a document of its own."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{waymark}/guides/curating-your-feed/")
    document = page.pdf(format="A4")
    context.close()
    assert document.startswith(b"%PDF")
    assert len(document) > 10_000


def test_view_a_live_campaign_and_download_its_toolkit(phone, waymark):
    page = phone.page
    page.goto(f"{waymark}/campaigns/")
    live = page.get_by_role("region", name="Live now")
    live.locator(".card--campaign").first.get_by_role("link").click()
    assert page.locator(".campaign .badge--live").inner_text() == "Live now"
    toolkit = page.get_by_role("region", name="Campaign toolkit")
    for name in ("Poster", "Activity plan"):
        with page.expect_download() as started:
            toolkit.get_by_role("link", name=name).click()
        download = started.value
        assert download.failure() is None
        assert download.suggested_filename
        with open(download.path(), "rb") as saved:
            assert len(saved.read()) > 100


def test_the_country_chooser_is_remembered_without_a_cookie(phone, waymark):
    page = phone.page
    page.goto(waymark)
    banner = page.locator("[data-crisis-banner]")
    assert "United Kingdom" in banner.inner_text()
    page.get_by_label("Your country").select_option("US")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url(re.compile(r"country=US"))
    assert "911" in banner.inner_text()

    page.goto(f"{waymark}/guides/")
    assert "United States" in banner.inner_text()
    assert "911" in banner.inner_text()

    page.get_by_label("Search for help").fill("i want to kill myself")
    page.keyboard.press("Enter")
    panel = page.locator("[data-crisis-panel]")
    panel.wait_for()
    assert "United States" in panel.inner_text()
    assert panel.get_by_role("link", name="988 Suicide & Crisis Lifeline").first.is_visible()
    assert panel.get_by_role("link", name="Samaritans").count() == 0


@pytest.mark.parametrize("scripts", [True, False], ids=["with JavaScript", "without"])
def test_choosing_a_country_keeps_the_search_and_its_filters(visit, waymark, scripts):
    seen = visit(java_script_enabled=scripts, **PHONE)
    page = seen.page
    page.goto(f"{waymark}/search/?q=mean+comments+online&type=helpline")
    page.get_by_label("Your country").select_option("IE")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url(re.compile(r"country=IE"))
    assert "q=mean+comments+online" in page.url and "type=helpline" in page.url
    expect(page.get_by_label("What's going on? Use your own words.")).to_have_value(
        "mean comments online"
    )
    expect(page.locator("[data-crisis-banner]")).to_contain_text("Ireland")
    assert seen.context.cookies() == [] and seen.errors == []


UK_LINES = {
    "Samaritans",
    "Childline",
    "Shout 85258",
    "Mind Infoline",
    "The Mix",
    "CALM helpline",
    "PAPYRUS HOPELINE247",
    "Switchboard LGBT+ Helpline",
    "NSPCC Helpline",
    "YoungMinds Parents Helpline",
    "London Nightline",
    "Report Harmful Content",
}


def test_search_puts_the_visitors_country_first_and_offers_others_if_none_fits(phone, waymark):
    page = phone.page
    page.goto(waymark)
    page.get_by_label("Tell us what's going on, in your own words").fill("someone to talk to")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=someone"))
    helplines = page.locator("ol.results > li.result--helpline .result__title")
    assert set(helplines.all_inner_texts()[:3]) <= UK_LINES

    page.get_by_label("Your country").select_option("NZ")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url(re.compile(r"country=NZ"))
    page.get_by_label("Search for help").fill("trevor project")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=trevor.*country=NZ|country=NZ.*q=trevor"))
    elsewhere = page.get_by_role("region", name="Helplines in other countries")
    assert "No helpline for New Zealand matches" in elsewhere.inner_text()
    assert elsewhere.get_by_role("link", name="The Trevor Project", exact=True).is_visible()


def test_report_a_problem_with_a_helpline(phone, waymark):
    page = phone.page
    page.goto(f"{waymark}/helplines/the-mix/")
    page.get_by_role("link", name="Report a problem with this helpline").click()
    page.wait_for_url(f"{waymark}/helplines/the-mix/report/")
    page.get_by_role("button", name="Send report").click()
    assert "Please check the form" in page.get_by_role("alert").inner_text()
    phone.errors.clear()  # the browser notes the form's 400 answer as an error

    page.locator("input[name=kind]").first.check()
    page.get_by_label("Tell us more (optional)").fill("The phone number rang out twice today.")
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
