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
