"""The finder's engines: the database (always there) and a search engine when SEARCH_URL
names one."""

from django.conf import settings

from .database import DatabaseFinder

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
