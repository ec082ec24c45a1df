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
from django.db import connection

from modelsearch.backends import database

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


# The name Wagtail looks for in a backend module; it builds a backend for each search.
def SearchBackend(params):
    if connection.vendor != "postgresql":
        return database.SearchBackend(params)
    return postgres_backend()(params)
