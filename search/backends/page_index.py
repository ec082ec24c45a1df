"""Wagtail's page index in the database (the finder's words on the database engine, and the
admin's search), with each page read in its own language on PostgreSQL.

modelsearch's PostgreSQL backend reads every page with one text search configuration. Here a
page is indexed with its language's configuration (Spanish stems for a Spanish guide), and a
search asks in each configuration the site's languages use, so that words typed in any of
them meet the pages written in it. Other databases use modelsearch's backend unchanged.
"""

import copy
import functools
import operator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q

from modelsearch.backends import database
from wagtail.models import Page, get_page_models
from wagtail.search.models import IndexEntry

from core.languages import language_of
from resources.validators import language_base

# PostgreSQL's own configurations (pg_catalog); Welsh has none, so it is read word for word.
CONFIGURATIONS = {"en": "english", "cy": "simple", "de": "german", "es": "spanish", "fr": "french"}


def configuration(language):
    return CONFIGURATIONS.get(language_base(language), "simple")


def site_configurations():
    return sorted({configuration(code) for code, _ in settings.LANGUAGES})


@functools.cache
def postgres_backend():
    """The PostgreSQL backend class, made once (its module needs PostgreSQL's driver)."""
    from modelsearch.backends.database.postgres import postgres

    class QueryCompiler(postgres.PostgresSearchQueryCompiler):
        def build_tsquery(self, query, config=None):
            queries = [self.build_tsquery_content(query, config=c) for c in site_configurations()]
            return functools.reduce(operator.or_, queries)

    class Index(postgres.PostgresIndex):
        def add_items(self, model, objs):
            """Index each language's pages with its configuration."""
            by_configuration = {}
            for obj in objs:
                translatable = hasattr(obj, "locale_id")
                language = language_of(obj) if translatable else settings.LANGUAGE_CODE
                by_configuration.setdefault(configuration(language), []).append(obj)
            backend = self.backend
            try:
                for config, group in by_configuration.items():
                    self.backend = copy.copy(backend)
                    self.backend.config = config
                    super().add_items(model, group)
            finally:
                self.backend = backend

    class Backend(postgres.PostgresSearchBackend):
        query_compiler_class = QueryCompiler
        index_class = Index

    return Backend


def pages_holding_any_of(words):
    """The ids of the pages whose entry in Wagtail's database index holds any of `words`."""
    results = Page.objects.search(
        " ".join(words), operator="or", order_by_relevance=False, backend="database"
    )
    if connection.vendor != "postgresql":
        return list(results.get_queryset().order_by().values_list("pk", flat=True))
    # modelsearch matches `title || body` of each page's entry, joined to the pages. For a
    # common word (in a third of the entries) the planner then reads every entry and joins
    # its two tsvectors to test it, which it prices as nothing: 40 ms at 10,000 resources.
    # Asked of the entries alone, title and body apart, with the planner told to use their
    # GIN indexes, the same entries take 4 ms. Any of the words is in `title || body` exactly
    # when it is in the title or the body.
    compiler = results.query_compiler
    words_query = compiler.build_tsquery(compiler.query)
    page_types = {
        content_type.pk
        for content_type in ContentType.objects.get_for_models(
            *get_page_models(), for_concrete_models=False
        ).values()
    }
    entries = IndexEntry.objects.filter(Q(title=words_query) | Q(body=words_query))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        (previous,) = cursor.fetchone()
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        found = list(entries.values_list("content_type_id", "object_id"))
        # Set for the transaction, which may go on after this: put it back.
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])
    return [int(object_id) for content_type, object_id in found if content_type in page_types]


# The name Wagtail looks for in a backend module; it builds a backend for each search.
def SearchBackend(params):
    if connection.vendor != "postgresql":
        return database.SearchBackend(params)
    return postgres_backend()(params)
