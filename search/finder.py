"""The finder: free text and facet choices in; results, facet counts, a crisis flag and a
spelling suggestion out.

`FinderQuery.from_params` turns request parameters into a clean query (unknown values are
dropped with a notice, never an error). `get_finder()` returns the configured engine. Every
engine returns the same `FinderResults`, and the same test suite runs against each.
"""

import math
import re
import threading
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page

from resources.models import Audience, ContactChannel, Country, Topic
from resources.validators import language_name, validate_country_code

from . import text
from .crisis import CrisisDetector
from .documents import TYPE_LABELS, TYPES, build_documents
from .models import CatalogueVersion, CrisisPhrase

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
MAX_VALUES_PER_FACET = 20
MAX_TEXT_HITS = 1000
SNIPPET_LENGTH = 220

FACETS = {
    "type": "Type",
    "topic": "Topic",
    "country": "Country",
    "channel": "Way to get in touch",
    "language": "Language",
    "audience": "Who it's for",
    "open_now": "Open now",
}
# Facets that only helplines have: choosing any of them leaves guides and campaigns out.
CHANNEL_FACETS = ("channel", "language", "open_now")
HELPLINE_FACETS = CHANNEL_FACETS + ("audience",)

# Words that show someone wants to talk to a person now: open helplines rank first.
TALK_WORDS = frozenset(
    text.stem(word)
    for word in "talk talking call calling phone ring text texting chat chatting speak speaking "
    "someone somebody anyone listen helpline hotline hablar llamar parler appeler reden "
    "sprechen".split()
)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class FinderQuery:
    text: str = ""
    type: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    open_now: bool = False
    page: int = 1

    @classmethod
    def from_params(cls, params, **fixed):
        """Build a query from request parameters; returns (query, notices).

        Unknown or malformed values are dropped and explained in a notice, so a hand-edited
        or outdated link still gives a normal page.
        """
        notices = []
        raw_text = CONTROL_CHARACTERS.sub(" ", params.get("q", "") or "")
        query_text = " ".join(raw_text.split())[:MAX_QUERY_LENGTH]
        values = {}
        for name, (normalise, is_known, label) in _facet_parsers().items():
            kept = []
            for raw in params.getlist(name) if hasattr(params, "getlist") else params.get(name, []):
                value = normalise(CONTROL_CHARACTERS.sub("", str(raw)).strip()[:40])
                if not value:
                    continue
                if is_known(value):
                    if value not in kept:
                        kept.append(value)
                else:
                    notices.append(f"We don't know the {label} “{value}”, so it was left out.")
            values[name] = tuple(kept[:MAX_VALUES_PER_FACET])
        open_now = str(params.get("open_now", "")).lower() in {"1", "on", "true", "yes"}
        try:
            page = min(max(int(params.get("page", 1)), 1), MAX_PAGE)
        except (TypeError, ValueError):
            page = 1
        query = cls(text=query_text, open_now=open_now, page=page, **values)
        return replace(query, **fixed), notices

    def selected(self, facet):
        if facet == "open_now":
            return ("1",) if self.open_now else ()
        return getattr(self, facet)

    def without(self, facet):
        """This query with one facet cleared: what that facet's counts are computed over."""
        if facet == "open_now":
            return replace(self, open_now=False)
        return replace(self, **{facet: ()})

    @property
    def has_filters(self):
        return any(self.selected(facet) for facet in FACETS)


def _is_country(code):
    try:
        validate_country_code(code)
    except ValidationError:
        return False
    return True


def _facet_parsers():
    kinds = set(ContactChannel.Kind.values)
    return {
        "type": (str.lower, TYPES.__contains__, "type"),
        "topic": (str.lower, lambda slug: Topic.objects.filter(slug=slug).exists(), "topic"),
        "country": (str.upper, _is_country, "country code"),
        "channel": (str.lower, kinds.__contains__, "way to get in touch"),
        "language": (str.lower, lambda code: language_name(code) != code, "language code"),
        "audience": (
            str.lower,
            lambda slug: Audience.objects.filter(slug=slug).exists(),
            "audience",
        ),
    }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class Hit:
    document: object
    snippet: str
    score: float = 0.0


@dataclass
class FinderResults:
    query: FinderQuery
    hits: list[Hit]
    total: int
    facets: list[Facet]
    crisis: bool = False
    suggestion: str | None = None
    matched_topics: list[str] = field(default_factory=list)
    engine: str = "database"

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / RESULTS_PER_PAGE))

    @property
    def page(self):
        return min(self.query.page, self.num_pages)


# Query understanding shared by every engine ----------------------------------------------


class Understanding:
    """What a query is about: its words, the topics it names, crisis and talk intent."""

    def __init__(self, query_text, topics, detector):
        self.words = [word for word in text.words(query_text) if word not in text.STOPWORDS]
        self.stems = {text.stem(word) for word in self.words}
        self.topics = [topic for topic in topics if topic.matches(self.stems)]
        self.crisis = detector.is_crisis(query_text) or any(t.is_crisis for t in self.topics)
        self.wants_to_talk = bool(self.stems & TALK_WORDS)

    @property
    def topic_slugs(self):
        return [topic.slug for topic in self.topics]


@dataclass
class TopicTerms:
    slug: str
    name: str
    is_crisis: bool
    phrases: list[list[str]]

    @classmethod
    def from_topic(cls, topic):
        phrases = [topic.name, topic.slug.replace("-", " "), *topic.synonym_list]
        stemmed = [text.content_stems(phrase) for phrase in phrases]
        # "cyber bullying" and "cyberbullying" are the same words to people.
        stemmed += [[text.stem("".join(text.words(phrase)))] for phrase in phrases]
        return cls(topic.slug, topic.name, topic.is_crisis, [s for s in stemmed if s])

    def matches(self, query_stems):
        return any(
            all(any(text.similar(typed, known) for typed in query_stems) for known in phrase)
            for phrase in self.phrases
        )


def highlight(source, stems, length=SNIPPET_LENGTH):
    """The sentence of `source` that best matches, trimmed, with matching words in <mark>."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", source) if s.strip()]
    if not sentences:
        return ""

    def matching(word):
        folded = text.fold(word)
        return bool(stems) and text.stem(folded) in stems

    best = max(
        sentences,
        key=lambda sentence: sum(matching(word) for word in re.findall(r"\w+", sentence)),
    )
    if len(best) > length:
        best = best[:length].rsplit(" ", 1)[0] + "…"
    parts = []
    for piece in re.split(r"(\w+)", best):
        if piece and matching(piece):
            parts.append(f"<mark>{escape(piece)}</mark>")
        else:
            parts.append(escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 - every piece was escaped above


def suggest_spelling(words, vocabulary):
    """A corrected query when some words look like misspellings of known ones, else None."""
    changed = False
    corrected = []
    for word in words:
        if word in vocabulary or len(word) < 4:
            corrected.append(word)
            continue
        allowance = text.typo_allowance(word)
        best = None
        best_distance = allowance + 1
        for known in vocabulary:
            if abs(len(known) - len(word)) > allowance:
                continue
            distance = text.edit_distance(word, known, allowance)
            if distance < best_distance:
                best, best_distance = known, distance
        if best:
            corrected.append(best)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


# The database engine -------------------------------------------------------------------


class QueryContext:
    """What every engine needs to understand a query: topics, crisis phrases and labels.

    Small, and rebuilt when CatalogueVersion changes.
    """

    def __init__(self, version):
        self.version = version
        self.topics = [TopicTerms.from_topic(topic) for topic in Topic.objects.all()]
        self.topic_names = {topic.slug: topic.name for topic in self.topics}
        self.detector = CrisisDetector(CrisisPhrase.objects.values_list("text", flat=True))
        self.country_names = dict(Country.objects.values_list("code", "name"))
        self.audience_names = dict(Audience.objects.values_list("slug", "name"))

    def label(self, facet):
        kinds = dict(ContactChannel.Kind.choices)
        return {
            "type": lambda value: TYPE_LABELS.get(value, value),
            "topic": lambda value: self.topic_names.get(value, value),
            "country": lambda value: self.country_names.get(value, value),
            "channel": lambda value: kinds.get(value, value),
            "language": language_name,
            "audience": lambda value: self.audience_names.get(value, value),
            "open_now": lambda value: "Open now",
        }[facet]


class OpenNow(set):
    """Ids of documents open now, with the ids of their open channels in `.channels`."""

    channels = frozenset()


class Catalogue:
    """Every live resource as a document, for the database engine's facets and ranking."""

    def __init__(self, version):
        self.version = version
        self.documents = build_documents()
        self._open = (None, OpenNow())
        self._vocabulary = None
        self.field_stems = {
            doc_id: self._stems_by_field(doc) for doc_id, doc in self.documents.items()
        }
        frequency = {}
        for fields in self.field_stems.values():
            for stem in set().union(*fields.values()):
                frequency[stem] = frequency.get(stem, 0) + 1
        total = max(len(self.documents), 1)
        self.idf = {stem: math.log(1 + total / count) for stem, count in frequency.items()}
        self.default_idf = math.log(1 + total)
        self.by_topic = {}
        for doc in self.documents.values():
            for slug in doc.topic_slugs:
                self.by_topic.setdefault(slug, set()).add(doc.id)

    @staticmethod
    def _stems_by_field(doc):
        topic_words = " ".join(name for _, name in doc.topics)
        return {
            field: {text.stem(word) for word in text.words(value)}
            for field, value in [
                ("title", doc.title),
                ("topics", topic_words),
                ("summary", f"{doc.summary} {doc.organisation}"),
                ("body", doc.body),
            ]
        }

    def relevance(self, doc_id, stems):
        """How well a document's fields cover the query's words, rarer words counting more.

        Title counts most, then topics, then the summary, then the body.
        """
        if not stems:
            return 0.0
        fields = self.field_stems[doc_id]
        weights = {"title": 3.0, "topics": 2.0, "summary": 1.5, "body": 1.0}
        total = sum(self.idf.get(stem, self.default_idf) for stem in stems)
        score = 0.0
        for stem in stems:
            idf = self.idf.get(stem, self.default_idf)
            score += idf * sum(weight for field, weight in weights.items() if stem in fields[field])
        return score / total

    def open_ids(self, now):
        """Ids of helplines with a channel open at `now`, cached for the minute.

        The result also carries `.channels`: the open channel documents, by identity.
        """
        minute = int(now.timestamp() // 60)
        if self._open[0] != minute:
            channels = frozenset(
                id(channel)
                for doc in self.documents.values()
                for channel in doc.channels
                if channel.is_open(now)
            )
            open_now = OpenNow(
                doc.id
                for doc in self.documents.values()
                if any(id(channel) in channels for channel in doc.channels)
            )
            open_now.channels = channels
            self._open = (minute, open_now)
        return self._open[1]

    @property
    def vocabulary(self):
        if self._vocabulary is None:
            source = " ".join(
                " ".join([doc.title, doc.summary, doc.body]) for doc in self.documents.values()
            )
            names = " ".join(
                " ".join(phrase) for t in get_query_context().topics for phrase in t.phrases
            )
            self._vocabulary = frozenset(
                word for word in text.words(source + " " + names) if word not in text.STOPWORDS
            )
        return self._vocabulary


class VersionedCache:
    """One object per process, rebuilt when CatalogueVersion moves on."""

    def __init__(self, factory):
        self.factory = factory
        self.current = None
        self.lock = threading.Lock()

    def get(self):
        version = CatalogueVersion.current()
        current = self.current
        if current is None or current.version != version:
            with self.lock:
                if self.current is None or self.current.version != version:
                    self.current = self.factory(version)
                current = self.current
        return current


_query_contexts = VersionedCache(QueryContext)
_catalogues = VersionedCache(Catalogue)


def get_query_context():
    return _query_contexts.get()


def get_catalogue():
    return _catalogues.get()


def matching_names(prefix, names):
    """Names starting with what was typed, then names with a word starting with it."""
    typed = " ".join(text.words(prefix))
    starts, contains = [], []
    for name in names:
        folded = " ".join(text.words(name))
        if folded.startswith(typed):
            starts.append(name)
        elif f" {typed}" in f" {folded}":
            contains.append(name)
    return starts + contains


class DatabaseFinder:
    """Wagtail's database search backend for text; documents in memory for facets."""

    name = "database"

    def search(self, query, now=None):
        now = now or timezone.now()
        catalogue = get_catalogue()
        context = get_query_context()
        understanding = Understanding(query.text, context.topics, context.detector)
        scores = self.score(query, understanding, catalogue, now)
        open_ids = catalogue.open_ids(now)
        matching = [catalogue.documents[doc_id] for doc_id in scores]
        hits = [doc for doc in matching if self.passes(doc, query, open_ids, now)]
        facets = [self.facet(name, matching, query, open_ids, now, context) for name in FACETS]
        if query.text:
            hits.sort(key=lambda doc: (-scores[doc.id], doc.title))
        else:
            hits.sort(
                key=lambda doc: (list(TYPES).index(doc.type), doc.id not in open_ids, doc.title)
            )
        total = len(hits)
        results = FinderResults(
            query=query,
            hits=[],
            total=total,
            facets=facets,
            crisis=understanding.crisis,
            matched_topics=understanding.topic_slugs,
            engine=self.name,
        )
        start = (results.page - 1) * RESULTS_PER_PAGE
        stems = understanding.stems
        results.hits = [
            Hit(doc, highlight(f"{doc.summary} {doc.body}", stems), scores[doc.id])
            for doc in hits[start : start + RESULTS_PER_PAGE]
        ]
        if query.text and not total:
            results.suggestion = suggest_spelling(understanding.words, catalogue.vocabulary)
        return results

    def score(self, query, understanding, catalogue, now):
        """Relevance per matching document id; every document when there is no text."""
        if not query.text:
            return dict.fromkeys(catalogue.documents, 0.0)
        terms = list(dict.fromkeys(understanding.words))
        for topic in understanding.topics:
            terms.extend(word for word in text.words(topic.name) if word not in terms)
        candidates = set()
        if terms:
            matches = (
                Page.objects.live()
                .public()
                .type(*TYPES.values())
                .search(
                    " ".join(terms), operator="or", order_by_relevance=False, backend="database"
                )
            )
            candidates = {page.pk for page in matches[:MAX_TEXT_HITS]}
        wanted = set(understanding.topic_slugs)
        for slug in wanted:
            candidates |= catalogue.by_topic.get(slug, set())
        open_ids = catalogue.open_ids(now) if understanding.wants_to_talk else ()
        scores = {}
        for doc_id in candidates:
            doc = catalogue.documents.get(doc_id)
            if doc is None:
                continue
            shared = wanted.intersection(doc.facet_sets["topic"])
            score = catalogue.relevance(doc.id, understanding.stems)
            if shared:
                score += 1.0 + 0.1 * len(shared)
            if doc.id in open_ids:
                score += 0.75
            scores[doc.id] = score
        return scores

    def passes(self, doc, query, open_ids, now, ignore=None):
        """Whether `doc` satisfies every facet of `query` except `ignore`."""
        if ignore != "type" and query.type and doc.type not in query.type:
            return False
        sets = doc.facet_sets
        if ignore != "topic" and query.topic and sets["topic"].isdisjoint(query.topic):
            return False
        if ignore != "country" and query.country and sets["country"] is not None:
            if sets["country"].isdisjoint(query.country):
                return False
        if doc.type != "helpline" and any(
            facet != ignore and query.selected(facet) for facet in HELPLINE_FACETS
        ):
            return False
        if ignore != "audience" and query.audience and sets["audience"].isdisjoint(query.audience):
            return False
        return self.channel_matches(doc, query, open_ids, now, ignore) is not None

    def channel_matches(self, doc, query, open_ids, now, ignore=None):
        """The channels that satisfy every channel facet together, or None if none do.

        Channel facets apply to one and the same channel: "text, in Spanish, open now" needs
        a Spanish text line that is open, not any three channels.
        """
        kinds = query.channel if ignore != "channel" else ()
        languages = query.language if ignore != "language" else ()
        open_now = query.open_now and ignore != "open_now"
        if not (kinds or languages or open_now):
            return doc.channels
        if open_now and doc.id not in open_ids:
            return None
        found = [
            channel
            for channel in doc.channels
            if (not kinds or channel.kind in kinds)
            and (not languages or set(languages) & set(channel.languages))
            and (not open_now or id(channel) in open_ids.channels)
        ]
        return found or None

    def facet(self, name, matching, query, open_ids, now, context):
        counts = {}
        for doc in matching:
            if not self.passes(doc, query, open_ids, now, ignore=name):
                continue
            for value in self.values_of(doc, name, query, open_ids, now):
                counts[value] = counts.get(value, 0) + 1
        for value in query.selected(name):
            counts.setdefault(value, 0)
        label = context.label(name)
        values = [
            FacetValue(value, label(value), count, value in query.selected(name))
            for value, count in counts.items()
        ]
        values.sort(key=lambda v: (-v.count, v.label))
        return Facet(name, FACETS[name], values)

    def values_of(self, doc, name, query, open_ids, now):
        if name == "type":
            return [doc.type]
        if name == "topic":
            return doc.topic_slugs
        if name == "country":
            return doc.countries or []
        if name == "audience":
            return doc.audiences
        channels = self.channel_matches(doc, query, open_ids, now, ignore=name) or []
        if name == "channel":
            return {channel.kind for channel in channels}
        if name == "language":
            return {code for channel in channels for code in channel.languages}
        if doc.id not in open_ids:
            return []
        return ["1"] if any(id(channel) in open_ids.channels for channel in channels) else []

    def suggestions(self, prefix, limit=8):
        """Type-ahead: topic names and titles matching what has been typed."""
        if len(" ".join(text.words(prefix))) < 2:
            return []
        names = [topic.name for topic in get_query_context().topics]
        names += sorted(doc.title for doc in get_catalogue().documents.values())
        return list(dict.fromkeys(matching_names(prefix, names)))[:limit]


_engine_finder = None


def get_finder():
    """The configured finder: the search engine when SEARCH_URL is set, else the database."""
    global _engine_finder
    if not settings.WAYMARK_SEARCH["engine"]:
        return DatabaseFinder()
    from .engine import EngineFinder

    if _engine_finder is None or _engine_finder.config != settings.WAYMARK_SEARCH:
        _engine_finder = EngineFinder(settings.WAYMARK_SEARCH)
    return _engine_finder
