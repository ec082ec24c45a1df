"""Pages in Welsh, Spanish and French (wagtail-localize): each translation at its
language's address, the English original wherever a translation is missing, one version
of each page in listings and the API, and translators who work on translations only."""

import re

from django.utils import translation
from django.utils.html import escape

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

import pytest

from campaigns.models import CampaignPage
from home.models import HomePage
from resources.models import GuidePage, HelplinePage

pytestmark = pytest.mark.django_db

TRANSLATED_GUIDE = "curating-your-feed"
UNTRANSLATED_GUIDE = "getting-through-a-panic-moment"


def heading(response):
    return re.search(r"<h1([^>]*)>(.*?)</h1>", response.content.decode(), re.S).groups()


def in_locale(model, code, **lookup):
    return model.objects.get(locale__language_code=code, **lookup)


@pytest.mark.parametrize("code", ["cy", "es", "fr"])
def test_the_demo_has_the_home_page_three_guides_and_a_campaign_in_each_language(code):
    assert in_locale(HomePage, code).live
    guides = GuidePage.objects.live().filter(locale__language_code=code)
    assert guides.count() >= 3
    assert CampaignPage.objects.live().filter(locale__language_code=code).exists()
    for guide in guides:
        original = guide.get_translation(Locale.get_default())
        assert guide.title != original.title
        assert guide.slug == original.slug
        assert guide.reviewed_by != original.reviewed_by  # "Sample content…", translated


def test_a_translated_guide_is_served_in_its_language(client):
    response = client.get(f"/es/guides/{TRANSLATED_GUIDE}/")
    attributes, title = heading(response)
    assert response.status_code == 200
    assert title == in_locale(GuidePage, "es", slug=TRANSLATED_GUIDE).title
    assert "lang=" not in attributes
    english = client.get(f"/guides/{TRANSLATED_GUIDE}/")
    assert heading(english)[1] == in_locale(GuidePage, "en-gb", slug=TRANSLATED_GUIDE).title


@pytest.mark.parametrize(
    "address",
    [
        f"/es/guides/{UNTRANSLATED_GUIDE}/",
        "/cy/helplines/samaritans/",
        "/fr/campaigns/be-kind-online-week/",
    ],
)
def test_a_page_not_yet_translated_is_served_in_english_and_says_so(client, address):
    response = client.get(address)
    attributes, title = heading(response)
    code, path = address.split("/", 2)[1:]
    assert response.status_code == 200 and response["Content-Language"] == code
    page = Page.objects.get(url_path__endswith=f"/{path}", locale=Locale.get_default())
    assert not page.has_translation(Locale.objects.get(language_code=code))
    assert 'lang="en-gb"' in attributes and title == page.title


def test_an_address_that_exists_in_no_language_is_still_not_found(client):
    assert client.get("/es/guides/no-such-guide/").status_code == 404
    assert client.get("/es/no-such-section/").status_code == 404


def test_links_on_a_translated_page_stay_in_its_language(client):
    html = client.get("/fr/").content.decode()
    links = set(re.findall(r'href="(/[^"#?]*(?:guides|campaigns)/[^"#?]+)"', html))
    assert links and all(link.startswith("/fr/") for link in links), links
    assert escape(in_locale(GuidePage, "fr", slug=TRANSLATED_GUIDE).title) in html


def test_the_home_page_features_a_guide_in_english_until_its_translation_is_live(client):
    spanish = in_locale(GuidePage, "es", slug=TRANSLATED_GUIDE)
    english = in_locale(GuidePage, "en-gb", slug=TRANSLATED_GUIDE)
    featured = in_locale(HomePage, "es").featured_guides.values_list("guide__slug", flat=True)
    assert TRANSLATED_GUIDE in featured
    assert escape(spanish.title) in client.get("/es/").content.decode()
    spanish.unpublish()
    html = client.get("/es/").content.decode()
    assert escape(spanish.title) not in html and escape(english.title) in html


def test_the_guide_index_lists_each_guide_once_in_the_best_language(client):
    html = client.get("/es/guides/").content.decode()
    originals = GuidePage.objects.live().filter(locale=Locale.get_default())
    for guide in originals:
        shown = guide.get_translation_or_none(Locale.objects.get(language_code="es")) or guide
        assert html.count(f'href="/es/guides/{guide.slug}/"') == 1, guide.slug
        assert escape(shown.title) in html


def test_the_guide_index_lists_the_guides_in_the_visitors_language_first(client):
    html = client.get("/es/guides/").content.decode()
    spanish = GuidePage.objects.live().filter(locale__language_code="es")
    english = GuidePage.objects.live().filter(locale=Locale.get_default())
    last_spanish = max(html.index(escape(guide.title)) for guide in spanish)
    untranslated = [guide for guide in english if not guide.has_translation(spanish[0].locale)]
    assert untranslated
    assert all(html.index(escape(guide.title)) > last_spanish for guide in untranslated)


@pytest.mark.parametrize("address", ["/api/v1/guides", "/api/v1/campaigns"])
def test_the_api_lists_each_page_once(client, address):
    items = client.get(address, {"per_page": 100}).json()["results"]
    slugs = [item["slug"] for item in items]
    assert len(slugs) == len(set(slugs))


def test_the_finder_lists_each_page_once(client):
    html = client.get("/es/search/", {"q": "feed"}).content.decode()
    assert html.count(f'href="/es/guides/{TRANSLATED_GUIDE}/"') == 1


def test_reporting_a_problem_with_a_translated_helpline_finds_it(client):
    helpline = in_locale(HelplinePage, "en-gb", slug="samaritans")
    spanish = helpline.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.save_revision().publish()
    assert spanish.external_id == "" and helpline.external_id  # it names the original only
    assert client.get("/es/helplines/samaritans/report/").status_code == 200


def test_a_translation_keeps_the_slug_and_codes_of_its_original(user_with_role):
    guide = in_locale(GuidePage, "en-gb", slug="taking-breaks")
    source, _ = TranslationSource.get_or_create_from_instance(guide)
    translation_ = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="cy")
    )
    assert all(entry.msgid != guide.slug for entry in translation_.export_po())
    translation_.save_target(user=user_with_role("moderator"), publish=False)
    assert translation_.get_target_instance().slug == guide.slug


@pytest.mark.parametrize("code", ["en-gb", "es"])
def test_translators_change_translations_only(user_with_role, code):
    translator = user_with_role("translator")
    guide = in_locale(GuidePage, code, slug=TRANSLATED_GUIDE)
    home = in_locale(HomePage, code)
    permissions = guide.permissions_for_user(translator)
    assert permissions.can_edit() == (code != "en-gb")
    assert not permissions.can_publish() and not permissions.can_delete()
    assert home.permissions_for_user(translator).can_edit() == (code != "en-gb")


def test_only_moderators_ask_for_translations(client, user_with_role):
    """wagtail-localize's permission to ask for translations also lets its holder publish
    every translation of any page: editors and translators do not have it."""
    guide = in_locale(GuidePage, "en-gb", slug="late-night-scrolling")
    french = Locale.objects.get(language_code="fr")
    for role in ("own editor", "translator"):
        client.force_login(user_with_role(role))
        client.post(f"/admin/localize/submit/page/{guide.pk}/", {"locales": [french.pk]})
        assert not guide.has_translation(french), role
    client.force_login(user_with_role("moderator"))
    response = client.post(f"/admin/localize/submit/page/{guide.pk}/", {"locales": [french.pk]})
    translated = guide.get_translation(french)
    assert response.status_code == 302 and not translated.live  # a draft until published
    assert client.get("/fr/guides/late-night-scrolling/").content.count(b'lang="en-gb"') >= 1


def test_a_page_taken_down_in_english_is_taken_down_in_every_language(client):
    original = in_locale(GuidePage, "en-gb", slug=TRANSLATED_GUIDE)
    original.unpublish()
    assert not GuidePage.objects.filter(translation_key=original.translation_key, live=True)
    assert client.get(f"/es/guides/{TRANSLATED_GUIDE}/").status_code == 404


def test_a_new_translated_section_follows_its_originals_workflow_and_roles(user_with_role):
    from campaigns.models import CampaignIndexPage

    spanish = Locale.objects.get(language_code="es")
    CampaignIndexPage.objects.get(locale=spanish).delete()
    section = CampaignIndexPage.original().copy_for_translation(spanish)
    assert section.get_workflow().name == "Moderation"
    assert section.permissions_for_user(user_with_role("moderator")).can_publish()


def test_a_helplines_translation_shows_the_originals_facts(client):
    helpline = in_locale(HelplinePage, "en-gb", slug="samaritans")
    spanish = helpline.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.title = "Samaritanos (sin comprobar)"
    spanish.save_revision().publish()
    html = client.get("/es/helplines/samaritans/").content.decode()
    assert "<h1" in html and "Samaritanos" not in html and helpline.title in html


def test_the_page_tree_is_sound_after_translating():
    problems = Page.find_problems()
    assert not any(problems), problems
    with translation.override("es"):
        assert HomePage.objects.get(locale=Locale.get_default()).localized.get_children().exists()


def test_the_api_answers_in_the_language_asked_for(client):
    english = in_locale(GuidePage, "en-gb", slug=TRANSLATED_GUIDE)
    spanish = in_locale(GuidePage, "es", slug=TRANSLATED_GUIDE)
    response = client.get(f"/api/v1/guides/{english.pk}", {"lang": "es"})
    assert response["Content-Language"] == "es"
    assert response.json()["title"] == spanish.title
    assert "/es/guides/" in response.json()["url"]
    assert response.json()["id"] == english.pk  # a page's id in every language
    listed = client.get("/api/v1/guides", {"lang": "es", "per_page": 100}).json()["results"]
    assert {"id": english.pk, "title": spanish.title} in [
        {"id": guide["id"], "title": guide["title"]} for guide in listed
    ]
    french = client.get(f"/api/v1/guides/{spanish.pk}", {"lang": "fr"}).json()
    assert french["id"] == english.pk
    assert french["title"] == in_locale(GuidePage, "fr", slug=TRANSLATED_GUIDE).title
    again = client.get(f"/api/v1/guides/{english.pk}", {"lang": "es"})
    assert again["Content-Language"] == "es" and again.json()["title"] == spanish.title
    assert client.get(f"/api/v1/guides/{english.pk}").json()["title"] == english.title


@pytest.mark.parametrize("value", ["de", "ES", "", "english"])
def test_a_language_the_api_does_not_speak_is_refused_clearly(client, value):
    response = client.get("/api/v1/guides", {"lang": value})
    assert response.status_code == 400
    assert "Choose one of en, cy, es, fr" in response.json()["detail"]


def test_the_api_schema_documents_lang_on_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert "lang" in {parameter["name"] for parameter in operation["parameters"]}
            assert "400" in operation["responses"]  # a language it does not speak


@pytest.mark.parametrize(
    "language, words, topic",
    [
        ("es", "me hacen ciberbullying en insta", "cyberbullying"),
        ("fr", "mes nudes ont fuité", "online-harassment"),
        ("cy", "teimlo'n unig ar ben fy hun", "loneliness"),
    ],
)
def test_a_topics_words_in_other_languages_name_it_on_both_engines(finder, language, words, topic):
    from django.http import QueryDict

    from search.query import FinderQuery

    params = QueryDict(mutable=True)
    params["q"] = words
    with translation.override(language):
        query, _ = FinderQuery.from_params(params)
        results = finder.search(query)
    assert topic in results.matched_topics
    assert all(topic in hit.document.topic_slugs for hit in results.hits[:3])


def test_topics_are_named_in_the_pages_language(client):
    spanish = client.get("/es/topics/cyberbullying/").content.decode()
    english = client.get("/topics/cyberbullying/").content.decode()
    assert "<h1>Ciberacoso</h1>" in spanish and "<h1>Cyberbullying</h1>" in english
    guide = client.get(f"/fr/guides/{TRANSLATED_GUIDE}/").content.decode()
    assert "Image corporelle" in guide
    topic = client.get("/api/v1/topics/cyberbullying", {"lang": "cy"}).json()
    assert topic["name"] == "Seiberfwlio" and topic["slug"] == "cyberbullying"


def test_editing_a_topics_translation_shows_at_once(client):
    from resources.models import Topic

    topic = Topic.objects.get(slug="loneliness")
    spanish = topic.translations.get(language="es")
    spanish.name = "Sentirse solo o sola"
    spanish.save()
    assert "<h1>Sentirse solo o sola</h1>" in client.get("/es/topics/loneliness/").content.decode()


def test_audiences_are_named_in_the_pages_language(client):
    spanish = client.get("/es/helplines/childline/").content.decode()
    assert "Niñas y niños" in spanish
    facets = client.get("/fr/search/", {"q": "lonely"}).content.decode()
    assert "Jeunes" in facets and "Young people" not in facets


def test_search_results_say_when_they_are_not_in_the_visitors_language(client):
    page = client.get("/es/search/?q=screen+time").content.decode()
    spanish = page.index("Poner límites al tiempo de pantalla que duren")
    english = page.index("Breaking the late-night scrolling habit")
    assert "Idioma: Inglés" not in page[page.rindex("<li", 0, spanish) : spanish]
    assert "Idioma: Inglés" in page[page.rindex("<li", 0, english) : english]
    assert 'lang="en-gb"><a href="/es/guides/late-night-scrolling/"' in page
    assert "Setting screen-time boundaries that stick" not in page


def test_the_api_finds_a_translation_under_its_originals_id(client):
    from resources.models import GuidePage

    english = GuidePage.objects.get(slug="curating-your-feed", locale__language_code="en-gb")
    hits = client.get("/api/v1/search", {"q": "feed", "lang": "es"}).json()["results"]
    hit = next(hit for hit in hits if hit["id"] == english.pk)
    assert hit["language"] == "es"
    assert hit["title"] == "Elegir lo que ves en tu feed"
    assert hit["url"].endswith("/es/guides/curating-your-feed/")
    assert len([h for h in hits if h["id"] == english.pk]) == 1


def test_type_ahead_suggests_titles_in_the_visitors_language(client):
    spanish = client.get("/es/search/suggest/", {"q": "eleg"}).json()["suggestions"]
    english = client.get("/search/suggest/", {"q": "eleg"}).json()["suggestions"]
    assert "Elegir lo que ves en tu feed" in spanish
    assert "Elegir lo que ves en tu feed" not in english


def test_hsds_taxonomy_terms_come_in_the_language_asked_for(client):
    def cyberbullying(**params):
        terms = client.get("/api/v1/hsds/taxonomy_terms", {"per_page": 100, **params}).json()
        return next(term for term in terms["contents"] if term["code"] == "cyberbullying")

    english, spanish = cyberbullying(), cyberbullying(lang="es")
    assert (english["name"], english["language"]) == ("Cyberbullying", "en")
    assert (spanish["name"], spanish["language"]) == ("Ciberacoso", "es")
    assert spanish["id"] == english["id"]
    assert spanish["term_uri"].endswith("/es/topics/cyberbullying/")


def test_an_organisations_description_comes_in_the_language_asked_for(client):
    from resources.models import Organisation, OrganisationTranslation

    organisation = Organisation.objects.filter(helplines__live=True).first()
    OrganisationTranslation.objects.create(
        organisation=organisation, language="cy", description="Gwasanaeth cyfrinachol am ddim."
    )
    address = f"/api/v1/organisations/{organisation.pk}"
    assert client.get(address, {"lang": "cy"}).json()["description"] == (
        "Gwasanaeth cyfrinachol am ddim."
    )
    assert client.get(address, {"lang": "es"}).json()["description"] == organisation.description
