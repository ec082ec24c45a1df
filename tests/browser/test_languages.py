"""Waymark in Spanish and Welsh, as people use it: in real Chromium on a phone, with no
cookie set and nothing fetched from another origin."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

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


@pytest.mark.parametrize(
    ("locale", "language", "topic"),
    [("es-ES", "es", "Ciberacoso"), ("cy-GB", "cy", "Seiberfwlio")],  # the topic's own name
)
def test_a_spanish_or_welsh_browser_is_offered_its_language_and_finds_help_by_topic(
    phone, waymark, locale, language, topic
):
    page = phone(locale)
    page.goto(waymark)
    assert page.url == f"{waymark}/", "nobody is redirected"
    name = dict(settings.LANGUAGES)[language]
    offer = said_in(language, "This page is also in %(language)s") % {"language": name}
    page.get_by_role("link", name=offer).click()
    page.wait_for_url(f"{waymark}/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    page.get_by_role("region", name=said_in(language, "Browse by topic")).get_by_role(
        "link", name=topic
    ).click()
    page.wait_for_url(f"{waymark}/{language}/topics/cyberbullying/")
    page.locator("main").get_by_role("link", name="Childline", exact=True).first.click()
    page.wait_for_url(f"{waymark}/{language}/helplines/childline/")
    assert page.get_by_role("link", name=said_in(language, "Leave this site")).is_visible()


def test_a_topic_page_lists_the_guides_in_the_pages_language_first(phone, waymark):
    page = phone()
    page.goto(f"{waymark}/es/topics/screen-time/")
    guides = page.locator(".result--guide .result__title")
    languages = [guides.nth(n).get_attribute("lang") or "es" for n in range(guides.count())]
    assert languages[:2] == ["es", "es"] and "en-gb" in languages
    assert languages == sorted(languages, key=lambda code: code != "es")
    english = page.locator(".result--guide", has=page.locator(".result__title[lang='en-gb']"))
    with translation.override("es"):
        label = ngettext("Language: %(names)s", "Languages: %(names)s", 1) % {"names": "inglés"}
    assert label.casefold() in english.first.inner_text().casefold()


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


@pytest.mark.parametrize(("locale", "language"), [("cy-GB", "cy"), ("es-ES", "es")])
def test_quick_exit_in_welsh_or_spanish_leaves_and_back_does_not_return(
    visit, waymark, locale, language
):
    page = visit(locale=locale, **PHONE).page
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="weather"))
    page.goto(f"{waymark}/{language}/helplines/samaritans/")
    page.get_by_role("link", name=said_in(language, "Leave this site")).click()
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
