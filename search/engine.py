"""The search-engine finder: a dedicated resources index on OpenSearch or Elasticsearch.

Index settings, mappings and queries are written with elasticsearch-dsl and sent as plain
JSON, so the same bodies serve both engines; only the transport differs (opensearch-py for
OpenSearch, elasticsearch-py for Elasticsearch, which refuses to talk to OpenSearch).

The finder's meaning is defined by the database engine (search/finder.py); this module
expresses the same rules as engine queries. Disjunctive facets use the usual pattern: the
query carries no facet filters, each facet's aggregation applies every *other* facet, and a
post_filter applies them all to the hits. Channel facets (kind, language, open now) apply
to one and the same channel, through fields that combine them (see channel_fields).

Open now is not stored: each channel carries the key of its opening hours, and a search
asks for the keys open at that moment, which the finder works out from the distinct hours
of published channels. So the index never goes stale as time passes.
"""

import hashlib
import itertools
import json
import logging
import time as clock

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from elastic_transport import TransportError as ElasticTransportError
from elasticsearch import ApiError as ElasticApiError
from elasticsearch_dsl import A, Q, Search, analyzer, token_filter
from elasticsearch_dsl import Index as IndexDefinition
from opensearchpy.exceptions import OpenSearchException

from resources.models import ContactChannel, Topic

from .documents import TYPES, ResourceDocument
from .finder import (
    FACETS,
    HELPLINE_FACETS,
    DatabaseFinder,
    Facet,
    FacetValue,
    FinderResults,
    Hit,
    Understanding,
    get_query_context,
    matching_names,
)

logger = logging.getLogger(__name__)

TERMS_FIELDS = {"type": "type", "topic": "topics", "country": "countries", "audience": "audiences"}
CHANNEL_PARTS = ("kind", "language", "hours")
CHANNEL_FIELDS = {
    ("kind",): "channel_kinds",
    ("language",): "channel_languages",
    ("hours",): "channel_hours",
    ("kind", "language"): "kind_language",
    ("kind", "hours"): "kind_hours",
    ("language", "hours"): "language_hours",
    ("kind", "language", "hours"): "kind_language_hours",
}
# What a hit brings back: the document as the results page shows it, without its body text.
HIT_SOURCE = {"includes": ["source"], "excludes": ["source.body"]}
# Connections kept open to the engine per process, enough for every thread of a worker.
POOL_SIZE = 10
# The order documents are stored in, which is the browsing order apart from open helplines.
INDEX_SORT = ("type_rank", "title.sort")


def connect(config=None, timeout=None):
    """A client for the configured engine, with the transport that matches it.

    `timeout` overrides the configured one, which is sized for searches.
    """
    config = config or settings.WAYMARK_SEARCH
    timeout = timeout or config["timeout"]
    options = {
        "hosts": [config["url"]],
        "verify_certs": config["verify_certs"],
        "ca_certs": config["ca_certs"],
        "max_retries": 0,
        "retry_on_timeout": False,
    }
    if config["engine"] == "opensearch":
        from opensearchpy import OpenSearch

        return OpenSearch(
            http_auth=config["http_auth"], timeout=timeout, pool_maxsize=POOL_SIZE, **options
        )
    from elasticsearch import Elasticsearch

    return Elasticsearch(
        basic_auth=config["http_auth"],
        request_timeout=timeout,
        connections_per_node=POOL_SIZE,
        **options,
    )


class EngineError(Exception):
    """The engine answered, but with an error for one of the searches in a request."""


def engine_errors():
    """The exceptions meaning "the engine is down, slow or refused the request"."""
    return (EngineError, OSError, OpenSearchException, ElasticTransportError, ElasticApiError)


# Index definition ----------------------------------------------------------------------


def synonym_rules():
    """One rule per topic: its name and the words people use for it are equivalent."""
    rules = []
    for topic in Topic.objects.all():
        words = [topic.name, *topic.synonym_list]
        cleaned = [" ".join(word.replace(",", " ").split()).lower() for word in words]
        cleaned = [word for word in dict.fromkeys(cleaned) if word]
        if len(cleaned) > 1:
            rules.append(", ".join(cleaned))
    return rules


def index_definition(name):
    folding = ["lowercase", "asciifolding"]
    stemmer = token_filter("waymark_stemmer", "stemmer", language="light_english")
    synonyms = token_filter(
        "waymark_synonyms",
        "synonym_graph",
        synonyms=synonym_rules() or ["help, support"],
        lenient=True,
    )
    edge = token_filter("waymark_edge", "edge_ngram", min_gram=2, max_gram=20)
    text = analyzer("waymark_text", tokenizer="standard", filter=[*folding, stemmer])
    search_text = analyzer(
        "waymark_search", tokenizer="standard", filter=[*folding, synonyms, stemmer]
    )
    prefix = analyzer("waymark_prefix", tokenizer="standard", filter=[*folding, edge])
    plain = analyzer("waymark_plain", tokenizer="standard", filter=folding)

    # Facet fields build their lookup tables when the index refreshes, not on a search.
    facet_keyword = {"type": "keyword", "eager_global_ordinals": True}

    def text_field(**extra):
        return {
            "type": "text",
            "analyzer": "waymark_text",
            "search_analyzer": "waymark_search",
            **extra,
        }

    index = IndexDefinition(name)
    index.settings(
        number_of_shards=1,
        number_of_replicas=0,
        # Browsing (no text) reads hits in this order and stops at the last one wanted.
        sort={"field": list(INDEX_SORT), "order": ["asc"] * len(INDEX_SORT)},
    )
    index.analyzer(text)
    index.analyzer(search_text)
    index.analyzer(prefix)
    index.analyzer(plain)
    body = index.to_dict()
    body["mappings"] = {
        "dynamic": "strict",
        "properties": {
            "type": facet_keyword,
            "type_rank": {"type": "integer"},
            "title": text_field(
                copy_to="spelling",
                fields={
                    "prefix": {
                        "type": "text",
                        "analyzer": "waymark_prefix",
                        "search_analyzer": "waymark_plain",
                    },
                    "sort": {"type": "keyword", "normalizer": "waymark_sort"},
                },
            ),
            "summary": text_field(copy_to="spelling"),
            "body": text_field(copy_to="spelling"),
            "organisation": text_field(),
            "topic_names": text_field(copy_to="spelling"),
            "spelling": {"type": "text", "analyzer": "waymark_plain"},
            "topics": facet_keyword,
            "countries": facet_keyword,
            "audiences": facet_keyword,
            **{field: {"type": "keyword"} for field in CHANNEL_FIELDS.values()},
            "channel_kinds": facet_keyword,
            "channel_languages": facet_keyword,
            "fingerprint": {"type": "keyword"},
            "source": {"type": "object", "enabled": False},
        },
    }
    body["settings"].setdefault("analysis", {})["normalizer"] = {
        "waymark_sort": {"type": "custom", "filter": folding}
    }
    return body


def fingerprint(document):
    return hashlib.sha256(json.dumps(document.to_dict(), sort_keys=True).encode()).hexdigest()


def channel_fields(parts):
    """The index field and values for a combination of channel parts.

    `parts` maps some of "kind", "language" and "hours" (an hours key) to lists of values.
    Every combination of parts has its own field on the resource, holding "part|part"
    values for each of its channels, so "a Spanish text line that is open now" is one
    terms query on kind_language_hours, with no nested documents.
    """
    names = tuple(name for name in CHANNEL_PARTS if name in parts)
    values = itertools.product(*(parts[name] for name in names))
    return CHANNEL_FIELDS[names], ["|".join(combination) for combination in values]


def index_body(document):
    """What the index stores for one document."""
    body = {
        "type": document.type,
        "type_rank": list(TYPES).index(document.type),
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "organisation": document.organisation,
        "topic_names": [name for _, name in document.topics],
        "topics": document.topic_slugs,
        "audiences": document.audiences,
        "fingerprint": fingerprint(document),
        "source": document.to_dict(),
    }
    if document.countries is not None:
        body["countries"] = document.countries
    combined = {field: set() for field in CHANNEL_FIELDS.values()}
    for channel in document.channels:
        parts = {
            "kind": [channel.kind],
            "language": channel.languages,
            "hours": [channel.hours_key] if channel.has_hours else [],
        }
        for names in CHANNEL_FIELDS:
            field, values = channel_fields({name: parts[name] for name in names})
            combined[field].update(values)
    body.update({field: sorted(values) for field, values in combined.items()})
    return body


# Queries -------------------------------------------------------------------------------


def channel_parts(query, open_keys, ignore=None):
    """The channel facets chosen in `query` (except `ignore`), as channel_fields parts."""
    parts = {}
    if query.channel and ignore != "channel":
        parts["kind"] = query.channel
    if query.language and ignore != "language":
        parts["language"] = query.language
    if query.open_now and ignore != "open_now":
        parts["hours"] = sorted(open_keys)
    return parts


def channel_filter(parts):
    field, values = channel_fields(parts)
    return Q("terms", **{field: values})


def filters_except(query, open_keys, ignore=None):
    """Every facet's filter except one: what that facet's counts are computed under."""
    filters = []
    if query.type and ignore != "type":
        filters.append(Q("terms", type=list(query.type)))
    if query.topic and ignore != "topic":
        filters.append(Q("terms", topics=list(query.topic)))
    if query.country and ignore != "country":
        # Guides and campaigns have no countries: they apply everywhere.
        filters.append(
            Q(
                "bool",
                should=[
                    Q("terms", countries=list(query.country)),
                    Q("bool", must_not=Q("exists", field="countries")),
                ],
                minimum_should_match=1,
            )
        )
    if query.audience and ignore != "audience":
        filters.append(Q("terms", audiences=list(query.audience)))
    if any(query.selected(facet) for facet in HELPLINE_FACETS if facet != ignore):
        filters.append(Q("term", type="helpline"))
    parts = channel_parts(query, open_keys, ignore)
    if parts:
        filters.append(channel_filter(parts))
    return filters


def text_query(query, understanding):
    if not query.text:
        return Q("match_all")
    should = [
        Q(
            "multi_match",
            query=query.text,
            fields=["title^3", "topic_names^2", "summary^1.5", "body", "organisation"],
        ),
        Q("match_phrase", title={"query": query.text, "boost": 2}),
        # Typos: one fuzzy match on the unstemmed copy of every field, which costs a
        # fraction of fuzzy matching each field and scores below exact words.
        Q(
            "match",
            spelling={
                "query": query.text,
                "fuzziness": "AUTO",
                "prefix_length": 1,
                "max_expansions": 10,
                "boost": 0.3,
            },
        ),
    ]
    if understanding.topic_slugs:
        should.append(Q("terms", topics=understanding.topic_slugs, boost=3))
    return Q("bool", should=should, minimum_should_match=1)


def count_search(query, understanding, context, open_keys):
    """The total and the facet counts (size 0, which the engine's request cache keeps until
    the index changes)."""
    hit_filters = filters_except(query, open_keys)
    counts = Search().query(text_query(query, understanding)).extra(size=0, track_total_hits=False)
    # Facets with nothing selected count under the same filters as the hits (so their shared
    # aggregation's doc_count is the total); each selected facet needs its own, without its
    # own filter.
    shared = A("filter", filter=Q("bool", filter=hit_filters))
    for name in FACETS:
        aggregation = facet_aggregation(name, query, open_keys, context.languages)
        if query.selected(name):
            own = A("filter", filter=Q("bool", filter=filters_except(query, open_keys, name)))
            own.bucket("facet", aggregation)
            counts.aggs.bucket(name, own)
        else:
            shared.bucket(name, aggregation)
    if not query.text:
        # How many hits come first when browsing: those with a channel open now.
        shared.bucket("any_open", A("filter", filter=any_open(open_keys)))
    counts.aggs.bucket("shared", shared)
    if query.text:
        counts = counts.suggest(
            "spelling", query.text, term={"field": "spelling", "suggest_mode": "popular"}
        )
    return counts


def any_open(open_keys):
    return channel_filter({"hours": sorted(open_keys)})


def text_hits(query, understanding, open_keys, page):
    """One page of hits for a text query, by relevance."""
    relevance = text_query(query, understanding)
    if understanding.wants_to_talk:
        relevance = Q(
            "function_score",
            query=relevance,
            functions=[{"filter": any_open(open_keys).to_dict(), "weight": 2}],
            boost_mode="sum",
        )
    hits = Search().query(Q("bool", must=[relevance], filter=filters_except(query, open_keys)))
    hits = hits.sort("_score", "title.sort").extra(track_total_hits=False).source(HIT_SOURCE)
    hits = hits.highlight_options(encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"])
    hits = hits.highlight("summary", "body", fragment_size=220, number_of_fragments=1)
    start = (page - 1) * query.per_page
    return hits[start : start + query.per_page]


def browse_hits(query, open_keys, start, open_total=None):
    """Hits without text, in browsing order: by type, helplines open now first, then by title.

    Two lists, the open hits and the rest, each in the index's own order (type, then title),
    so the engine stops at the last hit wanted instead of sorting every match. Only
    helplines have channels and helplines come first, so the open list followed by the rest
    is the browsing order. Without `open_total` both lists start at the top, which is right
    for the first page.
    """
    end = start + query.per_page
    hit_filters = filters_except(query, open_keys)
    open_now = any_open(open_keys)
    ranges = {"open": (start, end), "rest": (0, end)}
    if open_total is not None:
        ranges = {
            "open": (min(start, open_total), min(end, open_total)),
            "rest": (max(start - open_total, 0), max(end - open_total, 0)),
        }
    lists = {
        "open": Q("bool", filter=[*hit_filters, open_now]),
        "rest": Q("bool", filter=hit_filters, must_not=[open_now]),
    }
    searches = []
    for name, (first, last) in ranges.items():
        search = Search().query(lists[name]).sort(*INDEX_SORT).source(HIT_SOURCE)
        searches.append(search.extra(track_total_hits=False)[first:last])
    return searches


def facet_aggregation(name, query, open_keys, languages):
    """Counts of one facet's values, under the filters applied around it.

    A channel facet's values must belong to the same channel as the other channel facets'
    choices, so with any of those chosen each value is counted by its own combined filter.
    """
    if name in TERMS_FIELDS:
        return A("terms", field=TERMS_FIELDS[name], size=500)
    others = channel_parts(query, open_keys, ignore=name)
    if name == "open_now":
        return A("filter", filter=channel_filter({**others, "hours": sorted(open_keys)}))
    part, values = {
        "channel": ("kind", ContactChannel.Kind.values),
        "language": ("language", languages),
    }[name]
    if not others:
        return A("terms", field=CHANNEL_FIELDS[(part,)], size=500)
    filters = {value: channel_filter({**others, part: [value]}) for value in values}
    return A("filters", filters=filters)


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
            from .indexing import apply_pending_task  # indexing imports this module

            try:
                apply_pending_task.enqueue()
            except DatabaseError as error:
                # The search itself succeeded; the next publish or `catch_up` applies them.
                logger.warning("Could not queue the index catch-up: %s", type(error).__name__)

    def run(self, *searches):
        """Responses to several searches, sent in one request."""
        body = []
        for search in searches:
            body += [{"index": self.alias}, search.to_dict()]
        responses = self.client.msearch(body=body)["responses"]
        for response in responses:
            if "error" in response:
                raise EngineError(response["error"])
        return responses

    def search_engine(self, query, now):
        context = get_query_context()
        understanding = Understanding(query.text, context.topics, context.detector)
        open_keys = context.open_hours.open_keys(now)
        counts = count_search(query, understanding, context, open_keys)
        if query.text:
            hits = text_hits(query, understanding, open_keys, query.page)
            counted, found = self.run(counts, hits)
            found = found["hits"]["hits"]
        elif query.page == 1:
            counted, *lists = self.run(counts, *browse_hits(query, open_keys, 0))
            found = [raw for response in lists for raw in response["hits"]["hits"]]
        else:
            (counted,) = self.run(counts)
        shared = counted["aggregations"]["shared"]
        total = shared["doc_count"]
        last_page = max(1, -(-total // query.per_page))
        if query.text and query.page > last_page:
            (found,) = self.run(text_hits(query, understanding, open_keys, last_page))
            found = found["hits"]["hits"]
        elif not query.text and query.page > 1:
            start = (min(query.page, last_page) - 1) * query.per_page
            searches = browse_hits(query, open_keys, start, shared["any_open"]["doc_count"])
            found = [raw for response in self.run(*searches) for raw in response["hits"]["hits"]]
        results = FinderResults(
            query=query,
            hits=[self.hit(raw) for raw in found[: query.per_page]],
            total=total,
            facets=[self.facet(name, counted["aggregations"], query, context) for name in FACETS],
            crisis=understanding.crisis,
            matched_topics=understanding.topic_slugs,
            engine=self.config["engine"],
        )
        if query.text and not total:
            results.suggestion = self.suggestion(counted, query.text)
        return results

    def hit(self, raw):
        document = ResourceDocument.from_dict(raw["_source"]["source"])
        fragments = raw.get("highlight", {})
        snippet = (fragments.get("summary") or fragments.get("body") or [escape(document.summary)])[
            0
        ]
        return Hit(document, mark_safe(snippet), raw.get("_score") or 0.0)  # noqa: S308 - engine escapes (encoder=html)

    def facet(self, name, aggregations, query, context):
        if query.selected(name):
            counted = aggregations[name]["facet"]
        else:
            counted = aggregations["shared"][name]
        buckets = counted.get("buckets")
        if isinstance(buckets, list):  # terms
            counts = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
        elif buckets:  # filters, keyed by value
            counts = {key: bucket["doc_count"] for key, bucket in buckets.items()}
        else:
            counts = {"1": counted["doc_count"]} if counted["doc_count"] else {}
        for value in query.selected(name):
            counts.setdefault(value, 0)
        label = context.label(name)
        values = [
            FacetValue(str(value), label(str(value)), count, str(value) in query.selected(name))
            for value, count in counts.items()
        ]
        values.sort(key=lambda v: (-v.count, v.label))
        return Facet(name, FACETS[name], values)

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
        search = Search().query(
            Q("match", **{"title.prefix": {"query": prefix, "operator": "and"}})
        )
        search = search.source(["title"])[:limit]
        try:
            (response,) = self.run(search)
        except engine_errors() as error:
            self.note_down(error)
            return DatabaseFinder().suggestions(prefix, limit)
        titles = [hit["_source"]["title"] for hit in response["hits"]["hits"]]
        return list(dict.fromkeys(topics + titles))[:limit]
