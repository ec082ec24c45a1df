"""The finder's engines: the database (always there) and a search engine when SEARCH_URL
names one."""

import logging

from django.conf import settings
from django.db import DatabaseError

from ..query import FinderQuery
from .database import DatabaseFinder

logger = logging.getLogger(__name__)

_engine_finder = None


def get_finder():
    """The configured finder: the search engine when SEARCH_URL is set, else the database."""
    global _engine_finder
    if not settings.WAYMARK_SEARCH["engine"]:
        return DatabaseFinder()
    from .engine.finder import EngineFinder

    if _engine_finder is None or _engine_finder.config != settings.WAYMARK_SEARCH:
        _engine_finder = EngineFinder(settings.WAYMARK_SEARCH)
    return _engine_finder


def helplines_elsewhere(results, now=None):
    """After a text search for helplines in chosen countries that found none: up to three
    helplines serving other countries that fit the same words and choices, else none."""
    if not results.lacks_local_helplines:
        return []
    return get_finder().search(results.query.elsewhere(), now).hits


def engine_state(timeout=1):
    """For /readyz: "not used" without a search engine, else "ok", or "failing" when it
    does not answer within `timeout` seconds."""
    if not settings.WAYMARK_SEARCH["engine"]:
        return "not used"
    from .engine.client import connect, engine_errors

    try:
        return "ok" if connect(timeout=timeout).ping() else "failing"
    except engine_errors():
        return "failing"


# Searches with no visitor's words, one of each kind the finder runs: with words, and with
# facets alone (the directory, topic pages and the finder's filters without words).
WARM_UP_QUERIES = (FinderQuery(text="help"), FinderQuery(choices=(("type", ("helpline",)),)))


def warm_up():
    """Ready this process for its first visitor: a search of each kind reads the topics and
    the understanding model, opens the search engine's connection (or builds the database
    engine's catalogue) and runs each kind of query once, so that the first real searches
    neither wait for it nor fall back to the database while it happens. Called as each web
    worker starts."""
    try:
        for query in WARM_UP_QUERIES:
            get_finder().search(query)
    except DatabaseError as error:
        logger.warning("Warm-up skipped, the database did not answer: %s", type(error).__name__)
