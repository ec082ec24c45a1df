"""The finder in each language: every engine must pass these same tests.

A visitor sees one version of each resource: its translation into their language where one
is live, else the English original; words in their language find the translation; and
what is in their language leads among results about as relevant.
"""

from django.utils import translation

from wagtail.models import Locale

import pytest

from campaigns.models import CampaignPage
from resources.models import GuidePage
from search.backends.engine.mapping import LANGUAGE_ANALYSIS
from search.query import FinderQuery
from tests.test_finder import params_dict

pytestmark = pytest.mark.django_db

LANGUAGES = ["en-gb", "cy", "es", "fr"]
HARASSMENT = {
    "en-gb": "Responding to online harassment",
    "cy": "Ymateb i aflonyddu ar-lein",
    "es": "Cómo responder al acoso en internet",
    "fr": "Réagir au harcèlement en ligne",
}


def find(finder, language, **params):
    with translation.override(language):
        query, _ = FinderQuery.from_params(params_dict(params))
        return finder.search(query)


def guides_and_campaigns():
    pages = [*GuidePage.objects.live(), *CampaignPage.objects.live()]
    return {page.pk: page for page in pages}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_resource_shows_once_in_the_best_version_it_has(finder, language):
    found = find(finder, language, type=["guide", "campaign"]).hits
    found += find(finder, language, type=["guide", "campaign"], page="2").hits
    pages = guides_and_campaigns()
    originals = [hit.document.original for hit in found]
    assert len(originals) == len(set(originals))
    english = {page.pk for page in pages.values() if page.locale.language_code == "en-gb"}
    assert set(originals) == english
    for hit in found:
        page = pages[hit.document.id]
        translated = page.get_translations(inclusive=True).live()
        has_version = translated.filter(locale__language_code=language).exists()
        assert page.locale.language_code == (language if has_version else "en-gb")
        assert hit.document.language == page.locale.language_code


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en-gb", "screenshots of messages before blocking"),
        ("cy", "sgrinluniau negeseuon cyn rhwystro"),
        ("es", "capturas de pantalla de los mensajes antes de bloquear"),
        ("fr", "captures d'écran des messages avant de bloquer"),
    ],
)
def test_words_in_the_visitors_language_find_its_version_first(finder, language, words):
    results = find(finder, language, q=words)
    assert [hit.document.title for hit in results.hits][:1] == [HARASSMENT[language]]
    others = {title for code, title in HARASSMENT.items() if code != language}
    assert not others & {hit.document.title for hit in results.hits}


@pytest.mark.parametrize(
    ("language", "words"),
    [("es", "mensaje bloqueado"), ("fr", "message bloqué"), ("es", "denuncia la cuenta")],
)
def test_a_word_written_another_way_still_finds_the_page(finder, language, words):
    """Singular for plural, another form of the verb: each language's own reading."""
    titles = [hit.document.title for hit in find(finder, language, q=words).hits]
    assert HARASSMENT[language] in titles[:3]


def test_english_words_on_a_spanish_page_find_the_spanish_version(finder):
    """Someone reading in Spanish who types the English name still gets the Spanish page."""
    titles = [hit.document.title for hit in find(finder, "es", q="online harassment").hits]
    assert HARASSMENT["es"] in titles
    assert HARASSMENT["en-gb"] not in titles


@pytest.mark.parametrize("language", ["cy", "es", "fr"])
def test_facet_counts_count_each_resource_once(finder, language):
    english = find(finder, "en-gb", type="guide")
    local = find(finder, language, type="guide")
    assert local.total == english.total
    assert local.count("topic", "online-harassment") == english.count("topic", "online-harassment")


@pytest.mark.parametrize("language", ["cy", "es", "fr"])
def test_browsing_lists_what_is_in_the_visitors_language_first(finder, language):
    """A topic page or a listing without words: the translations lead, then the English
    originals, each group by title."""
    guides = find(finder, language, type="guide").hits
    languages = [hit.document.language for hit in guides]
    assert languages[0] == language and "en-gb" in languages
    assert languages == sorted(languages, key=lambda code: code != language)
    for code in (language, "en-gb"):
        titles = [hit.document.title.casefold() for hit in guides if hit.document.language == code]
        assert titles == sorted(titles)


def test_a_translation_taken_down_gives_way_to_the_original_until_published_again(
    finder, django_capture_on_commit_callbacks
):
    spanish = GuidePage.objects.get(
        slug="setting-screen-time-boundaries", locale__language_code="es", live=True
    )
    english = spanish.get_translation(Locale.get_default())
    with django_capture_on_commit_callbacks(execute=True):
        spanish.unpublish()
    titles = [hit.document.title for hit in find(finder, "es", q="screen time").hits]
    assert english.title in titles and spanish.title not in titles

    with django_capture_on_commit_callbacks(execute=True):
        spanish.save_revision().publish()
    titles = [hit.document.title for hit in find(finder, "es", q="límites pantalla").hits]
    assert spanish.title in titles and english.title not in titles
    french = [hit.document.title for hit in find(finder, "fr", q="screen time").hits]
    assert spanish.title not in french


@pytest.mark.engine
@pytest.mark.parametrize(
    ("language", "written", "read_as"),
    [
        ("es", "Mensajes", ["mensaj"]),
        ("fr", "l'écran des messages", ["ecran", "mesag"]),
        ("de", "Nachrichten blockieren", ["nachricht", "blocki"]),
        ("cy", "sy'n dangos i'r platfform", ["dangos", "platfform"]),
    ],
)
def test_the_engine_reads_each_language_in_its_own_way(search_engine, language, written, read_as):
    from search.backends.engine.client import connect

    assert language in LANGUAGE_ANALYSIS
    body = {"analyzer": f"waymark_text_{language}", "text": written}
    tokens = connect(search_engine).indices.analyze(index=search_engine["index"], body=body)
    assert [token["token"] for token in tokens["tokens"]] == read_as
