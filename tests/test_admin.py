"""Editors can open every form, and the admin refuses duplicates and bad numbers."""

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from resources.models import Country, Topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "slug",
    [
        "waymark",
        "helplines",
        "samaritans",
        "guides",
        "curating-your-feed",
        "campaigns",
        "scroll-less-live-more",
        "topics",
        "about",
    ],
)
def test_every_page_type_opens_in_the_editor(admin_client, slug):
    page = Page.objects.get(slug=slug, locale__language_code="en-gb")
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["topic", "organisation", "audience", "country"])
def test_every_snippet_can_be_listed_and_added(admin_client, model):
    assert admin_client.get(f"/admin/snippets/resources/{model}/").status_code == 200
    assert admin_client.get(f"/admin/snippets/resources/{model}/add/").status_code == 200


@pytest.mark.parametrize(
    ("model", "words", "found"),
    [
        ("resources/topic", "doomscrolling", "Screen time"),
        ("resources/organisation", "samaritans", "Samaritans Ireland"),
        ("resources/audience", "parents", "Parents and carers"),
        ("resources/country", "GB", "United Kingdom"),
        ("search/crisisphrase", "kill time", "kill time"),
    ],
)
def test_every_snippet_listing_can_be_searched(admin_client, model, words, found):
    response = admin_client.get(f"/admin/snippets/{model}/", {"q": words})
    assert response.status_code == 200
    assert found in response.content.decode()


def test_topic_names_are_unique_whatever_the_case(admin_client):
    response = admin_client.post(
        "/admin/snippets/resources/topic/add/",
        {"name": "CyberBullying", "slug": "cyber-bullying-2", "description": "", "synonyms": ""},
    )
    assert response.status_code == 200
    assert "“Cyberbullying” already exists" in response.content.decode()
    assert not Topic.objects.filter(slug="cyber-bullying-2").exists()


def country_post(code, number, labels=()):
    return nested_form_data(
        {
            "name": "Testland",
            "code": code,
            "emergency_numbers": inline_formset([{"number": number, "label": "Emergency"}], min=1),
            "crisis_lines": inline_formset([]),
            "label_translations": inline_formset(
                [
                    {"number": n, "language": language, "label": label}
                    for n, language, label in labels
                ]
            ),
        }
    )


def test_country_with_a_good_emergency_number_is_saved(admin_client):
    response = admin_client.post(
        "/admin/snippets/resources/country/add/", country_post("DE", "112")
    )
    assert response.status_code == 302
    assert Country.objects.get(code="DE").primary_emergency_number == "112"


def test_an_emergency_numbers_label_is_translated_for_one_of_its_numbers(admin_client, client):
    wrong = country_post("DE", "112", [("110", "es", "Policía")])
    response = admin_client.post("/admin/snippets/resources/country/add/", wrong)
    assert "Use one of this country&#x27;s emergency numbers: 112." in response.content.decode()
    assert not Country.objects.filter(code="DE").exists()
    right = country_post("DE", "112", [("112", "es", "Emergencias"), ("112", "fr", "Urgences")])
    assert admin_client.post("/admin/snippets/resources/country/add/", right).status_code == 302
    spanish = client.get("/es/", {"country": "DE"}).content.decode()
    assert '<span class="crisis-banner__label">(Emergencias)</span>' in spanish
    assert "Alemania" in spanish


def test_country_needs_a_real_iso_code_and_a_dialable_emergency_number(admin_client):
    response = admin_client.post(
        "/admin/snippets/resources/country/add/", country_post("XX", "call the police")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "not an ISO 3166-1 alpha-2 country code" in html
    assert "not a phone number" in html
    assert not Country.objects.filter(code="XX").exists()


def test_the_accessibility_checker_runs_wcag_22_aa_rules(admin_client):
    """In previews and in the editor, Wagtail's checker runs every WCAG 2.2 A and AA rule."""
    page = Page.objects.get(slug="samaritans")
    for url in (page.url, f"/admin/pages/{page.pk}/edit/"):
        content = admin_client.get(url).content.decode()
        configuration = content.split('id="checker-axe-configuration"', 1)[1]
        configuration = configuration.split("</script>", 1)[0]
        for tag in ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "waymark-content"):
            assert f'"{tag}"' in configuration
