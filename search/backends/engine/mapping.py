"""The resources index: its settings, mapping and synonyms, and each document as indexed."""

import hashlib
import itertools
import json

from elasticsearch_dsl import Index as IndexDefinition
from elasticsearch_dsl import analyzer, token_filter

from resources.models import Topic
from resources.validators import language_base

from ...documents import TYPES
from ...facets import document_facets
from ...text import WELSH_STOPWORDS

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


TEXT_FIELDS = ("title", "summary", "body")
# How each language other than English is read, for pages written in it: its light stemmer
# and stop words from the engine's analysis-common module. Welsh has neither there, so its
# reading is light: words lose the clitics written onto them ("teimlo'n", "i'r") and the
# commonest small words are dropped. English is the main fields' reading (waymark_text).
LANGUAGE_ANALYSIS = {
    "cy": {"stopwords": sorted(WELSH_STOPWORDS), "clitics": r"^(\w+)['’](n|r|i|w|u|m|th|ch)$"},
    "de": {"stopwords": "_german_", "stemmer": "light_german"},
    "es": {"stopwords": "_spanish_", "stemmer": "light_spanish"},
    "fr": {"stopwords": "_french_", "stemmer": "light_french", "elision": True},
}
# The `reading` of pages read by the main fields.
ENGLISH = "en"
FRENCH_ELISIONS = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "lorsqu", "puisqu"]


def language_fields(language):
    """The fields holding the words of a page written in `language` (a language code) as
    that language reads them, by main field: none for English and unlisted languages."""
    base = language_base(language)
    if base not in LANGUAGE_ANALYSIS:
        return {}
    return {field: f"{field}_{base}" for field in TEXT_FIELDS}


def language_analyzer(code):
    """The analyzer that indexes and searches one language's fields."""
    reading = LANGUAGE_ANALYSIS[code]
    first = ["lowercase"]
    if reading.get("elision"):
        elision = token_filter(
            f"waymark_elision_{code}", "elision", articles=FRENCH_ELISIONS, articles_case=True
        )
        first.append(elision)
    first.append("asciifolding")
    if reading.get("clitics"):
        clitics = token_filter(
            f"waymark_clitics_{code}",
            "pattern_replace",
            pattern=reading["clitics"],
            replacement="$1",
        )
        first.append(clitics)
    first.append(token_filter(f"waymark_stop_{code}", "stop", stopwords=reading["stopwords"]))
    last = []
    if reading.get("stemmer"):
        stemmer = token_filter(f"waymark_stemmer_{code}", "stemmer", language=reading["stemmer"])
        last.append(stemmer)
    return analyzer(f"waymark_text_{code}", tokenizer="standard", filter=first + last)


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
        return {"type": "text", "analyzer": "waymark_text", **extra}

    index = IndexDefinition(name)
    index.settings(number_of_shards=1)
    index.analyzer(text)
    index.analyzer(search_text)
    index.analyzer(prefix)
    index.analyzer(plain)
    language_text = {}
    for code in LANGUAGE_ANALYSIS:
        reading = language_analyzer(code)
        index.analyzer(reading)
        for field in language_fields(code).values():
            language_text[field] = {"type": "text", "analyzer": reading._name}
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
            # A topic's synonyms are read into the words searched for here alone: expanded
            # into every field, they made a search with one of them several times dearer,
            # and a resource is about a topic by being tagged with it, as on the database.
            "topic_names": text_field(copy_to="spelling", search_analyzer="waymark_search"),
            "spelling": {"type": "text", "analyzer": "waymark_plain"},
            **language_text,
            # Which version of each resource a visitor reading a language sees, and what
            # they can use in their own (see ResourceDocument).
            "language": {"type": "keyword"},
            # Which fields read the page's words: ENGLISH for the main ones, else a language
            # of LANGUAGE_ANALYSIS for its own.
            "reading": {"type": "keyword"},
            "translated_into": {"type": "keyword"},
            "spoken_languages": {"type": "keyword"},
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
        "language": document.language,
        "translated_into": document.translated_into,
        "spoken_languages": document.spoken_languages,
        "fingerprint": fingerprint(document),
        "source": document.to_dict(),
    }
    own = language_fields(document.language)
    body["reading"] = language_base(document.language) if own else ENGLISH
    for field, language_field in own.items():
        body[language_field] = body[field]
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
