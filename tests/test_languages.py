"""The interface in Welsh, Spanish and French beside English (core/languages.py): each at its
own address, chosen by a plain link, never by a cookie or the browser's Accept-Language."""

import json
import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

import pytest

from core.management.commands.check_translations import shape
from core.translations import catalogue_files, read

pytestmark = pytest.mark.django_db

LANGUAGES = {"en-gb": "", "cy": "/cy", "es": "/es", "fr": "/fr"}
PAGES = [
    "/",
    "/helplines/",
    "/helplines/samaritans/",
    "/guides/",
    "/campaigns/",
    "/topics/",
    "/topics/loneliness/",
    "/search/?q=lonely",
    "/browse-safely/",
]


def said_in(language, words):
    with translation.override(language):
        return gettext(words)


@pytest.mark.parametrize("language, prefix", LANGUAGES.items())
@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_in_every_language_without_cookies(client, language, prefix, page):
    response = client.get(prefix + page)
    html = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert response["Content-Language"] == language
    assert f'<html lang="{language}" dir="ltr"' in html
    assert said_in(language, "Leave this site") in html
    assert said_in(language, "In danger right now?") in html
    for code, other in LANGUAGES.items():
        english = page.split("?")[0]
        assert f'hreflang="{code}" href="http://testserver{other}{english}' in html


@pytest.mark.parametrize("language", ["cy", "es", "fr"])
def test_each_language_has_its_own_words(language):
    for words in ["Leave this site", "In danger right now?", "Helplines", "Open 24/7"]:
        assert said_in(language, words) != words, (language, words)


def test_the_browser_language_changes_nothing_and_redirects_nobody(client):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert english.status_code == 200 and english["Content-Language"] == "en-gb"
    assert "Accept-Language" not in english.get("Vary", "")
    offer = re.search(
        r'<p class="languages__offer" lang="es"[^>]*hidden><a href="/es/"', english.content.decode()
    )
    assert offer, "a link to the Spanish page waits for the script to show it"
    assert client.get("/es/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_the_language_switcher_is_plain_links_marking_the_current_one(client):
    html = client.get("/cy/helplines/").content.decode()
    switcher = re.search(r'<nav class="wrapper languages".*?</nav>', html, re.S).group(0)
    links = re.findall(
        r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+"( aria-current="page")?>([^<]+)</a>',
        switcher,
    )
    assert [(href, code, bool(current), name) for href, code, current, name in links] == [
        ("/helplines/", "en-gb", False, "English"),
        ("/cy/helplines/", "cy", True, "Cymraeg"),
        ("/es/helplines/", "es", False, "Español"),
        ("/fr/helplines/", "fr", False, "Français"),
        ("/ar/helplines/", "ar", False, "العربية"),  # the test settings' right-to-left language
    ]
    assert "<form" not in switcher


def test_addresses_on_a_page_stay_in_its_language(client):
    html = client.get("/es/search/?q=soledad").content.decode()
    main = html[html.index("<main") :]
    addresses = re.findall(r'href="(/[^"]*)"', main)
    assert addresses and all(a.startswith("/es/") for a in addresses), addresses
    nav = re.findall(r'<ul class="site-nav">.*?</ul>', html, re.S)[0]
    assert re.findall(r'href="([^"]+)"', nav) == [
        "/es/helplines/",
        "/es/guides/",
        "/es/campaigns/",
        "/es/topics/",
    ]


def test_a_crisis_in_spanish_gets_the_panel_in_spanish(client):
    html = client.get("/es/search/", {"q": "ya no quiero vivir"}).content.decode()
    assert "data-crisis-panel" in html
    assert said_in("es", "In danger right now?") in html


def test_hours_are_written_as_each_language_writes_them(client):
    english = client.get("/helplines/the-mix/").content.decode()
    french = client.get("/fr/helplines/the-mix/").content.decode()
    assert re.search(r"\b\d{1,2}(am|pm)\b", english)
    assert re.search(r"\b\d{2}:\d{2}\b", french) and not re.search(r"\b\d{1,2}(am|pm)\b", french)


def test_an_unknown_language_is_not_found(client):
    assert client.get("/de/").status_code == 404


def test_the_api_speaks_english_whatever_the_browser_asks(client):
    response = client.get("/api/v1/helplines", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "en-gb"
    actions = [c["action"] for h in response.json()["results"] for c in h["channels"]]
    assert any(action.startswith("Call ") for action in actions)


def test_every_translation_keeps_the_placeholders_and_tags_of_its_english():
    for path in catalogue_files():
        for entry in read(path).translated_entries():
            for words in [entry.msgstr] if entry.msgstr else entry.msgstr_plural.values():
                assert shape(words) == shape(entry.msgid), (path, entry.msgid, words)
    assert shape('Call <a href="%(url)s">%(number)s</a>') != shape("Appelez le numéro")


def test_dates_are_written_as_each_language_writes_them(client):
    from campaigns.models import CampaignPage

    campaign = CampaignPage.objects.get(slug="scroll-less-live-more", locale__language_code="en-gb")
    start = campaign.start_date
    months_es = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
    months_es += ["septiembre", "octubre", "noviembre", "diciembre"]
    spanish = client.get("/es/campaigns/").content.decode()
    english = client.get("/campaigns/").content.decode()
    assert f"{start.day} de {months_es[start.month - 1]} de {start.year}" in spanish
    assert f"{start.day} {start.strftime('%B')} {start.year}" in english


def test_the_stylesheets_use_logical_properties_only():
    physical = ("left:", "right:", "-left", "-right", "text-align: left", "float")
    for sheet in Path(__file__).parents[1].glob("*/static/**/*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert not [word for word in physical if word in text], sheet


def test_countries_are_named_in_each_language(client):
    """ISO 3166 names in each language, from the iso-codes translations pycountry ships."""
    for prefix, name in [("", "United Kingdom"), ("/es", "Reino Unido"), ("/fr", "Royaume-Uni")]:
        html = client.get(f"{prefix}/helplines/samaritans/").content.decode()
        assert f"<span data-crisis-country>{name}</span>" in html, prefix
        assert f'<option value="GB" selected>{name}</option>' in html, prefix
    welsh = client.get("/cy/search/", {"q": "lonely", "country": "GB"}).content.decode()
    assert "Y Deyrnas Unedig" in welsh


def test_the_crisis_banner_says_what_each_number_is_for_in_each_language(client):
    spanish = client.get("/es/helplines/").content.decode()
    assert '<span class="crisis-banner__label">(Policía, bomberos y ambulancia)</span>' in spanish
    script = re.search(r'id="waymark-countries" type="application/json">(.*?)</script>', spanish)
    numbers = json.loads(script.group(1))["GB"]
    assert numbers["name"] == "Reino Unido"
    assert numbers["numbers"][0]["label"] == "Policía, bomberos y ambulancia"
    english = client.get("/helplines/").content.decode()
    assert '<span class="crisis-banner__label">(Police, fire and ambulance)</span>' in english
