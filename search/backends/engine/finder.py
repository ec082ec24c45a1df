"""The finder on the search engine, falling back to the database engine while it is away."""

import logging
import time as clock

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ...documents import ResourceDocument
from ...facets import FACETS, Facet
from ...indexing import apply_pending_task
from ...query import FinderResults, Hit
from ...understanding import Understanding, get_query_context
from ..database import DatabaseFinder, matching_names
from .client import EngineError, connect, engine_errors
from .queries import (
    browse_hits,
    count_searches,
    shown_versions,
    spelling_search,
    text_hits,
    text_query,
)

logger = logging.getLogger(__name__)


class EngineFinder:
    """Runs the finder on the search engine; falls back to the database when it cannot."""

    _down_since = None

    def __init__(self, config=None, fallback=True):
        self.config = config or settings.WAYMARK_SEARCH
        self.fallback = fallback
        self.client = connect(self.config)
        self.alias = self.config["index"]

    def search(self, query, now=None):
        now = now or timezone.now()
        try:
            results = self.search_engine(query, now)
        except engine_errors() as error:
            if not self.fallback:
                raise
            self.note_down(error)
            results = DatabaseFinder().search(query, now)
            results.engine = "database (search engine unavailable)"
            return results
        self.note_up()
        return results

    def note_down(self, error):
        """Log once per outage, not per request."""
        if EngineFinder._down_since is None:
            EngineFinder._down_since = clock.monotonic()
            logger.warning(
                "Search engine unavailable, answering from the database: %s", type(error).__name__
            )

    def note_up(self):
        """Log the end of an outage, and have the worker apply what queued meanwhile."""
        if EngineFinder._down_since is not None:
            logger.warning(
                "Search engine is back after %.0f seconds",
                clock.monotonic() - EngineFinder._down_since,
            )
            EngineFinder._down_since = None
            try:
                apply_pending_task.enqueue()
            except DatabaseError as error:
                # The search itself succeeded; the next publish or `catch_up` applies them.
                logger.warning("Could not queue the index catch-up: %s", type(error).__name__)

    def run(self, *searches, typed=False):
        """Responses to several searches (request bodies), sent in one request. Searches of
        what someone `typed` are kept out of the engine's request cache, which would hold
        them until the index next changes."""
        header = {"index": self.alias}
        if typed:
            header["request_cache"] = False
        body = []
        for search in searches:
            body += [header, search]
        responses = self.client.msearch(body=body)["responses"]
        for response in responses:
            if "error" in response:
                raise EngineError(response["error"])
        return responses

    def search_engine(self, query, now):
        context = get_query_context()
        understanding = Understanding(query.text, context)
        open_keys = context.open_hours.open_keys(now)
        typed = bool(query.text)
        matching = text_query(query, understanding) if typed else None
        counts = count_searches(query, context, open_keys, matching)
        if typed:
            hits = [text_hits(query, understanding, open_keys, query.page)]
        elif query.page == 1:
            hits = browse_hits(query, open_keys, 0)
        else:
            hits = []
        responses = self.run(*counts, *hits, typed=typed)
        counted = {}
        for response in responses[: len(counts)]:
            counted.update(response["aggregations"])
        total = counted["shared"]["doc_count"]
        found = [raw for response in responses[len(counts) :] for raw in response["hits"]["hits"]]
        last_page = max(1, -(-total // query.per_page))
        if typed and query.page > last_page:
            (found,) = self.run(text_hits(query, understanding, open_keys, last_page), typed=True)
            found = found["hits"]["hits"]
        elif not typed and query.page > 1:
            start = (min(query.page, last_page) - 1) * query.per_page
            open_total = counted["shared"]["any_open"]["doc_count"]
            searches = browse_hits(query, open_keys, start, open_total)
            found = [raw for response in self.run(*searches) for raw in response["hits"]["hits"]]
        results = FinderResults(
            query=query,
            hits=[self.hit(raw) for raw in found[: query.per_page]],
            total=total,
            facets=[self.facet(spec, counted, query, context) for spec in FACETS.values()],
            crisis=understanding.crisis,
            signal=understanding.signal,
            matched_topics=understanding.topic_slugs,
            related_topics=understanding.related_topics,
            engine=self.config["engine"],
        )
        if typed and not total:
            (spelling,) = self.run(spelling_search(query.text), typed=True)
            results.suggestion = self.suggestion(spelling, query.text)
        return results

    def hit(self, raw):
        document = ResourceDocument.from_dict(raw["_source"]["source"])
        fragments = raw.get("highlight", {})
        snippet = (fragments.get("summary") or fragments.get("body") or [escape(document.summary)])[
            0
        ]
        return Hit(document, mark_safe(snippet), raw.get("_score") or 0.0)  # noqa: S308 - engine escapes (encoder=html)

    def facet(self, spec, aggregations, query, context):
        """One facet's counts, from count_searches' aggregations."""
        if query.selected(spec.name):
            counted = aggregations[spec.name]["facet"]
        else:
            counted = aggregations["shared"][spec.name]
        buckets = counted.get("buckets")
        if isinstance(buckets, list):  # terms
            counts = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
        elif buckets:  # filters, keyed by value
            counts = {key: bucket["doc_count"] for key, bucket in buckets.items()}
        else:
            counts = {"1": counted["doc_count"]}
        return Facet.counted(spec, counts, query, context)

    def suggestion(self, response, text):
        corrected = text
        changed = False
        for entry in response.get("suggest", {}).get("spelling", []):
            if entry["options"]:
                corrected = corrected.replace(entry["text"], entry["options"][0]["text"], 1)
                changed = True
        return corrected if changed else None

    def suggestions(self, prefix, limit=8):
        context = get_query_context()
        if len(" ".join(prefix.split())) < 2:
            return []
        topics = matching_names(prefix, [topic.name for topic in context.topics])
        title = {"match": {"title.prefix": {"query": prefix, "operator": "and"}}}
        shown = shown_versions(translation.get_language())
        search = {
            "query": {"bool": {"must": [title], "filter": [shown]}},
            "_source": ["title"],
            "size": limit,
        }
        try:
            (response,) = self.run(search)
        except engine_errors() as error:
            self.note_down(error)
            return DatabaseFinder().suggestions(prefix, limit)
        titles = [hit["_source"]["title"] for hit in response["hits"]["hits"]]
        return list(dict.fromkeys(topics + titles))[:limit]
