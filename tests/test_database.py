"""The PostgreSQL run of the suite must really be on PostgreSQL."""

from django.db import connection

from wagtail.search.backends import get_search_backend

import pytest


@pytest.mark.postgres
@pytest.mark.django_db
def test_suite_runs_on_postgresql_with_its_full_text_search(client):
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    assert connection.vendor == "postgresql"
    assert isinstance(get_search_backend(), PostgresSearchBackend)
    response = client.get("/search/", {"q": "doomscrolling"})
    titles = [hit.document.title for hit in response.context["results"].hits]
    assert "Setting screen-time boundaries that stick" in titles


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_reads_each_page_in_its_own_language():
    """The Spanish guide says "capturas"; only Spanish stemming makes "capturar" the same
    word, as English stemming makes "blocking" of "block"."""
    from wagtail.models import Locale

    from resources.models import GuidePage

    def found(words, language):
        pages = GuidePage.objects.filter(locale=Locale.objects.get(language_code=language))
        return {page.slug for page in pages.search(words, backend="database")}

    assert "responding-to-online-harassment" in found("capturar", "es")
    assert "responding-to-online-harassment" in found("blocking", "en-gb")
    assert not found("capturar", "en-gb")


@pytest.mark.postgres
@pytest.mark.django_db
def test_full_text_search_on_postgresql_can_read_an_index_not_the_whole_table():
    """Wagtail's PostgreSQL backend matches `title || body`; a migration indexes that."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT object_id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('support')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "waymark_indexentry_text_gin" in plan


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_finder_s_word_match_finds_the_pages_wagtail_s_search_finds_through_indexes():
    """The finder asks the index entries for any of the words, title and body apart through
    their GIN indexes, rather than through modelsearch's join; the pages found are the same,
    in every language, and the planner's settings are as they were afterwards."""
    from wagtail.models import Page

    from search.backends.page_index import pages_holding_any_of

    for words in (["blocking"], ["capturar", "doomscrolling"], ["help", "support", "talk"]):
        wagtail_found = Page.objects.search(
            " ".join(words), operator="or", order_by_relevance=False, backend="database"
        )
        expected = set(wagtail_found.get_queryset().values_list("pk", flat=True))
        assert expected and set(pages_holding_any_of(words)) == expected
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)
