"""The resources index: its settings, mapping and synonyms, and each document as indexed."""

import hashlib
import itertools
import json

from elasticsearch_dsl import Index as IndexDefinition
from elasticsearch_dsl import analyzer, token_filter

from resources.models import Topic

from ...documents import TYPES
from ...facets import document_facets

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


# The order documents are stored in, which is the browsing order apart from open helplines.
INDEX_SORT = ("type_rank", "title.sort")


def synonym_rules():
    """One rule per topic: its name and the words people use for it are equivalent."""
    rules = []
    for topic in Topic.objects.prefetch_related("translations"):
        words = topic.words_in_every_language()
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
            **{spec.index_field: facet_keyword for spec in document_facets()},
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
        "type_rank": list(TYPES).index(document.type),
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "organisation": document.organisation,
        "topic_names": [name for _, name in document.topics],
        "fingerprint": fingerprint(document),
        "source": document.to_dict(),
    }
    for spec in document_facets():
        values = spec.values(document)
        if values is not None:  # no field at all: the document matches any choice
            body[spec.index_field] = values
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
