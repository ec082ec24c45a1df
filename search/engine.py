"""The search-engine finder: a dedicated resources index on OpenSearch or Elasticsearch.

Index settings, mappings and queries are written with elasticsearch-dsl and sent as plain
JSON, so the same bodies serve both engines; only the transport differs (opensearch-py for
OpenSearch, elasticsearch-py for Elasticsearch, which refuses to talk to OpenSearch).

The finder's meaning is defined by the database engine (search/finder.py); this module
expresses the same rules as engine queries. Disjunctive facets use the usual pattern: the
query carries no facet filters, each facet's aggregation applies every *other* facet, and a
post_filter applies them all to the hits. Channel facets (kind, language, open now) apply
to one and the same nested channel.
"""

import hashlib
import json
import logging
import time as clock
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from elasticsearch_dsl import A, Q, Search, analyzer, token_filter
from elasticsearch_dsl import Index as IndexDefinition

from resources.models import Topic

from .documents import TYPES, ResourceDocument
from .finder import (
    FACETS,
    HELPLINE_FACETS,
    RESULTS_PER_PAGE,
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

OPEN_HOURS_HORIZON = timedelta(days=14)
TERMS_FIELDS = {"type": "type", "topic": "topics", "country": "countries", "audience": "audiences"}
CHANNEL_FIELDS = {"channel": "channels.kind", "language": "channels.languages"}


def connect(config=None):
    """A client for the configured engine, with the transport that matches it."""
    config = config or settings.WAYMARK_SEARCH
    options = {
        "hosts": [config["url"]],
        "verify_certs": config["verify_certs"],
        "ca_certs": config["ca_certs"],
        "max_retries": 0,
        "retry_on_timeout": False,
    }
    if config["engine"] == "opensearch":
        from opensearchpy import OpenSearch

        return OpenSearch(http_auth=config["http_auth"], timeout=config["timeout"], **options)
    from elasticsearch import Elasticsearch

    return Elasticsearch(
        basic_auth=config["http_auth"], request_timeout=config["timeout"], **options
    )


def engine_errors():
    """The exceptions meaning "the engine is down, slow or refused the request"."""
    errors = [ConnectionError, TimeoutError, OSError]
    try:
        from opensearchpy.exceptions import OpenSearchException

        errors.append(OpenSearchException)
    except ImportError:  # pragma: no cover - opensearch-py is a dependency
        pass
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors.extend([TransportError, ApiError])
    except ImportError:  # pragma: no cover - elasticsearch-py is a dependency
        pass
    return tuple(errors)


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

    def text_field(**extra):
        return {
            "type": "text",
            "analyzer": "waymark_text",
            "search_analyzer": "waymark_search",
            **extra,
        }

    index = IndexDefinition(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.analyzer(text)
    index.analyzer(search_text)
    index.analyzer(prefix)
    index.analyzer(plain)
    body = index.to_dict()
    body["mappings"] = {
        "dynamic": "strict",
        "properties": {
            "type": {"type": "keyword"},
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
            "topics": {"type": "keyword"},
            "countries": {"type": "keyword"},
            "audiences": {"type": "keyword"},
            "channels": {
                "type": "nested",
                "properties": {
                    "kind": {"type": "keyword"},
                    "languages": {"type": "keyword"},
                    "always_open": {"type": "boolean"},
                    "open": {"type": "date_range"},
                },
            },
            "open_until": {"type": "date"},
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


def open_intervals(channel, start, end):
    """The channel's opening times between two instants, as date ranges for the index."""
    if channel.always_open or not channel.windows:
        return []
    hours = channel.weekly_hours
    zone = hours.zone
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    ranges = []
    while day <= last:
        for window in hours.windows:
            if window.day == day.weekday() and window.length > 0:
                opens, closes = window.bounds_on(day, zone)
                if opens.timestamp() < closes.timestamp():
                    ranges.append({"gte": opens.isoformat(), "lt": closes.isoformat()})
        day += timedelta(days=1)
    return ranges


def index_body(document, now=None):
    """What the index stores for one document."""
    now = now or timezone.now()
    horizon = now + OPEN_HOURS_HORIZON
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
        "channels": [
            {
                "kind": channel.kind,
                "languages": channel.languages,
                "always_open": channel.always_open,
                "open": open_intervals(channel, now, horizon),
            }
            for channel in document.channels
        ],
        "open_until": horizon.isoformat(),
        "fingerprint": fingerprint(document),
        "source": document.to_dict(),
    }
    if document.countries is not None:
        body["countries"] = document.countries
    return body


# Queries -------------------------------------------------------------------------------


def open_now_query(now):
    moment = now.isoformat()
    return Q(
        "bool",
        should=[
            Q("term", **{"channels.always_open": True}),
            Q(
                "range",
                **{"channels.open": {"gte": moment, "lte": moment, "relation": "intersects"}},
            ),
        ],
        minimum_should_match=1,
    )


def channel_conditions(query, now, ignore=None):
    conditions = []
    if query.channel and ignore != "channel":
        conditions.append(Q("terms", **{"channels.kind": list(query.channel)}))
    if query.language and ignore != "language":
        conditions.append(Q("terms", **{"channels.languages": list(query.language)}))
    if query.open_now and ignore != "open_now":
        conditions.append(open_now_query(now))
    return conditions


def filters_except(query, now, ignore=None):
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
    conditions = channel_conditions(query, now, ignore)
    if conditions:
        filters.append(Q("nested", path="channels", query=Q("bool", filter=conditions)))
    return filters


def text_query(query, understanding):
    if not query.text:
        return Q("match_all")
    should = [
        Q(
            "multi_match",
            query=query.text,
            fields=["title^3", "topic_names^2", "summary^1.5", "body", "organisation"],
            fuzziness="AUTO",
            prefix_length=1,
        ),
        Q("match_phrase", title={"query": query.text, "boost": 2}),
    ]
    if understanding.topic_slugs:
        should.append(Q("terms", topics=understanding.topic_slugs, boost=3))
    return Q("bool", should=should, minimum_should_match=1)


def build_search(query, understanding, now, page):
    relevance = text_query(query, understanding)
    if understanding.wants_to_talk or not query.text:
        open_boost = Q("nested", path="channels", query=open_now_query(now))
        relevance = Q(
            "function_score",
            query=relevance,
            functions=[{"filter": open_boost.to_dict(), "weight": 2}],
            boost_mode="sum" if query.text else "replace",
        )
    search = Search().query(relevance).extra(track_total_hits=True)
    search = search.post_filter(Q("bool", filter=filters_except(query, now)))
    if query.text:
        search = search.sort("_score", "title.sort")
    else:
        search = search.sort("type_rank", "_score", "title.sort")
    for name in FACETS:
        facet_filter = Q("bool", filter=filters_except(query, now, ignore=name))
        aggregation = A("filter", filter=facet_filter)
        if name in TERMS_FIELDS:
            aggregation.bucket("values", "terms", field=TERMS_FIELDS[name], size=500)
        elif name in CHANNEL_FIELDS:
            inner = Q("bool", filter=channel_conditions(query, now, ignore=name))
            channels = aggregation.bucket("channels", "nested", path="channels")
            matching = channels.bucket("matching", "filter", filter=inner)
            values = matching.bucket("values", "terms", field=CHANNEL_FIELDS[name], size=200)
            values.bucket("resources", "reverse_nested")
        else:
            conditions = channel_conditions(query, now, ignore=name) + [open_now_query(now)]
            aggregation = A(
                "filter",
                filter=Q(
                    "bool",
                    filter=filters_except(query, now, ignore=name)
                    + [Q("nested", path="channels", query=Q("bool", filter=conditions))],
                ),
            )
        search.aggs.bucket(name, aggregation)
    search = search.highlight_options(encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"])
    search = search.highlight("summary", "body", fragment_size=220, number_of_fragments=1)
    if query.text:
        search = search.suggest(
            "spelling", query.text, term={"field": "spelling", "suggest_mode": "popular"}
        )
    start = (page - 1) * RESULTS_PER_PAGE
    return search[start : start + RESULTS_PER_PAGE]


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
        if EngineFinder._down_since is not None:
            logger.warning(
                "Search engine is back after %.0f seconds",
                clock.monotonic() - EngineFinder._down_since,
            )
            EngineFinder._down_since = None

    def run(self, search):
        return self.client.search(index=self.alias, body=search.to_dict())

    def search_engine(self, query, now):
        context = get_query_context()
        understanding = Understanding(query.text, context.topics, context.detector)
        response = self.run(build_search(query, understanding, now, query.page))
        total = response["hits"]["total"]["value"]
        last_page = max(1, -(-total // RESULTS_PER_PAGE))
        if query.page > last_page:
            response = self.run(build_search(query, understanding, now, last_page))
        results = FinderResults(
            query=query,
            hits=[self.hit(raw) for raw in response["hits"]["hits"]],
            total=total,
            facets=[
                self.facet(name, response["aggregations"][name], query, context) for name in FACETS
            ],
            crisis=understanding.crisis,
            matched_topics=understanding.topic_slugs,
            engine=self.config["engine"],
        )
        if query.text and not total:
            results.suggestion = self.suggestion(response, query.text)
        return results

    def hit(self, raw):
        document = ResourceDocument.from_dict(raw["_source"]["source"])
        fragments = raw.get("highlight", {})
        snippet = (fragments.get("summary") or fragments.get("body") or [escape(document.summary)])[
            0
        ]
        return Hit(document, mark_safe(snippet), raw.get("_score") or 0.0)  # noqa: S308 - engine escapes (encoder=html)

    def facet(self, name, aggregation, query, context):
        if name in TERMS_FIELDS:
            counts = {
                bucket["key"]: bucket["doc_count"] for bucket in aggregation["values"]["buckets"]
            }
        elif name in CHANNEL_FIELDS:
            buckets = aggregation["channels"]["matching"]["values"]["buckets"]
            counts = {bucket["key"]: bucket["resources"]["doc_count"] for bucket in buckets}
        else:
            counts = {"1": aggregation["doc_count"]} if aggregation["doc_count"] else {}
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
            response = self.run(search)
        except engine_errors() as error:
            self.note_down(error)
            return DatabaseFinder().suggestions(prefix, limit)
        titles = [hit["_source"]["title"] for hit in response["hits"]["hits"]]
        return list(dict.fromkeys(topics + titles))[:limit]
