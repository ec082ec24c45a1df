"""The finder's scheduled jobs (core/scheduling.py)."""

from datetime import timedelta

from core.scheduling import every

from . import indexing


@every(
    timedelta(minutes=5),
    "search-index-catch-up",
    "Applies index updates still queued (after the search engine was away).",
)
def catch_up():
    if not indexing.engine_configured():
        return "No search engine is configured."
    return f"Applied {indexing.apply_pending()} queued index updates."
