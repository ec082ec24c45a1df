"""Waymark in Spanish and Welsh, as people use it: in real Chromium on a phone, with no
cookie set and nothing fetched from another origin."""

import re

from django.utils import translation
from django.utils.translation import gettext

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
NEUTRAL = "https://www.bbc.co.uk/weather"


def said_in(language, words):
    with translation.override(language):
        return gettext(words)


@pytest.fixture
def phone(visit, waymark):
    """A visitor on a phone whose browser asks for Spanish. Nothing is kept about them."""

    def open_phone(locale="es-ES"):
        seen = visit(locale=locale, **PHONE)
        opened.append(seen)
        return seen.page

    opened = []
    yield open_phone
    for seen in opened:
        assert seen.context.cookies() == []
        assert seen.origins() <= {waymark}
        assert seen.errors == []


def test_a_spanish_browser_is_offered_spanish_and_finds_help_by_topic(phone, waymark):
    page = phone("es-ES")
    page.goto(waymark)
    assert page.url == f"{waymark}/", "nobody is redirected"
    offer = page.get_by_role("link", name="Esta página también está en Español")
    offer.click()
    page.wait_for_url(f"{waymark}/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("region", name=said_in("es", "Browse by topic")).get_by_role(
        "link",
        name="Ciberacoso",  # the topic's Spanish name
    ).click()
    page.wait_for_url(f"{waymark}/es/topics/cyberbullying/")
    page.locator("main").get_by_role("link", name="Childline", exact=True).first.click()
    page.wait_for_url(f"{waymark}/es/helplines/childline/")
    assert page.get_by_role("link", name=said_in("es", "Leave this site")).is_visible()


def test_an_english_browser_is_offered_nothing(phone, waymark):
    page = phone("en-GB")
    page.goto(waymark)
    assert page.locator("[data-language-offer]:visible").count() == 0


@pytest.mark.parametrize(
    "language, words", [("es", "ya no quiero vivir"), ("cy", "dw i eisiau marw")]
)
def test_a_crisis_phrase_in_spanish_or_welsh_puts_a_crisis_line_one_tap_away(
    phone, waymark, language, words
):
    page = phone()
    page.goto(f"{waymark}/{language}/guides/")
    page.get_by_label(said_in(language, "Search for help")).fill(words)
    page.keyboard.press("Enter")
    panel = page.locator("[data-crisis-panel]")
    panel.wait_for()
    assert page.url.startswith(f"{waymark}/{language}/search/")
    assert panel.locator("a[href^='tel:']").first.get_attribute("href") == "tel:999"
    line = panel.locator(".card a[href^='tel:']").first
    line.scroll_into_view_if_needed()
    line.tap(trial=True)


def test_quick_exit_in_welsh_leaves_and_back_does_not_return(visit, waymark):
    page = visit(locale="cy-GB", **PHONE).page
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="weather"))
    page.goto(f"{waymark}/cy/helplines/samaritans/")
    page.get_by_role("link", name=said_in("cy", "Leave this site")).click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert not page.url.startswith(waymark)


def test_a_remembered_country_is_shown_in_the_pages_language(phone, waymark):
    page = phone()
    page.goto(f"{waymark}/es/?country=US")
    page.goto(f"{waymark}/es/helplines/")
    banner = page.locator("[data-crisis-banner]")
    assert banner.get_attribute("data-country") == "US"
    call = said_in("es", "Call %(number)s %(label)s").split("%(number)s")[0].strip()
    assert call and call != "Call"
    assert re.search(re.escape(call) + r"\s*911", banner.inner_text())


def test_words_in_french_find_the_french_guide_and_name_the_language_of_the_rest(phone, waymark):
    page = phone("fr-FR")
    page.goto(f"{waymark}/fr/")
    page.get_by_label(said_in("fr", "Search for help")).fill("captures d'écran des messages")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"{waymark}/fr/search/"))
    first = page.locator(".result").first
    assert first.locator(".result__title").inner_text() == "Réagir au harcèlement en ligne"
    assert "Langue" not in first.locator(".result__type").text_content()
    english = page.locator(".result", has=page.locator(".result__title[lang='en-gb']")).first
    assert "Langue : Anglais" in english.locator(".result__type").text_content()
    first.locator(".result__title a").click()
    page.wait_for_url(f"{waymark}/fr/guides/responding-to-online-harassment/")
    assert page.locator("h1").get_attribute("lang") is None
