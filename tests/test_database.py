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
