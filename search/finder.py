"""The finder: free text and facet choices in; results, facet counts, a crisis flag and a
spelling suggestion out.

`FinderQuery.from_params` turns request parameters into a clean query (unknown values are
dropped with a notice, never an error). `get_finder()` returns the configured engine. Every
engine returns the same `FinderResults`, and the same test suite runs against each.
"""

import heapq
import math
import re
from dataclasses import dataclass, field, replace
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page

from core.catalogue import VersionedCache
from resources.models import Audience, ContactChannel, Country, Topic
from resources.validators import language_name, validate_country_code

from . import text
from .crisis import CrisisDetector
from .documents import TYPE_LABELS, TYPES, build_documents
from .models import CrisisPhrase

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
MAX_VALUES_PER_FACET = 20
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
class Notice:
    """Why a parameter's value was left out of the query."""

    parameter: str
    message: str

    def __str__(self):
        return self.message


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
    per_page: int = RESULTS_PER_PAGE

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
                    message = f"We don't know the {label} “{value}”, so it was left out."
                    notices.append(Notice(name, message))
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
    # Known topics and audiences come from the query context, not a query per value.
    context = get_query_context()
    return {
        "type": (str.lower, TYPES.__contains__, "type"),
        "topic": (str.lower, context.topic_names.__contains__, "topic"),
        "country": (str.upper, _is_country, "country code"),
        "channel": (str.lower, kinds.__contains__, "way to get in touch"),
        "language": (str.lower, lambda code: language_name(code) != code, "language code"),
        "audience": (str.lower, context.audience_names.__contains__, "audience"),
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
        return max(1, math.ceil(self.total / self.query.per_page))

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


class Vocabulary:
    """Every word written in the catalogue, grouped by first letter for spelling checks.

    Like the search engine's fuzzy matching (prefix_length 1), a correction keeps the first
    letter, which people rarely get wrong; that spares comparing against every word.
    """

    def __init__(self, words):
        self.words = frozenset(words)
        self.by_initial = {}
        for word in sorted(self.words):
            self.by_initial.setdefault(word[0], []).append(word)

    def __contains__(self, word):
        return word in self.words

    def candidates(self, word):
        return self.by_initial.get(word[:1], ())


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
        for known in vocabulary.candidates(word):
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


class OpenHours:
    """Which of a fixed set of opening hours, by key, are open at a moment.

    Channels with equal hours share a key, so each distinct set of hours is checked once,
    and the answer is kept until the first of them opens or closes.
    """

    def __init__(self, hours):
        self.hours = hours
        self._open = (0.0, 0.0, frozenset())

    def open_keys(self, now):
        moment = now.timestamp()
        valid_from, valid_until, keys = self._open
        if valid_from <= moment < valid_until:
            return keys
        open_keys = set()
        valid_until = math.inf
        for key, hours in self.hours.items():
            status = hours.status_at(now)
            if status.changes_at is not None:
                valid_until = min(valid_until, status.changes_at.timestamp())
            if status.is_open:
                open_keys.add(key)
        keys = frozenset(open_keys)
        self._open = (moment, valid_until, keys)
        return keys


def published_hours():
    """The distinct opening hours of published channels, by key."""
    rows = (
        ContactChannel.objects.filter(page__live=True)
        .values_list("timezone", "open_24_7", "hours")
        .distinct()
    )
    hours = [
        ContactChannel(timezone=zone, open_24_7=always, hours=windows).weekly_hours
        for zone, always, windows in rows
    ]
    return {h.key: h for h in hours if h.always_open or h.windows}


class QueryContext:
    """What every engine needs to understand a query: topics, crisis phrases, labels, and
    the opening hours and languages of published channels.

    Small, and rebuilt when CatalogueVersion changes.
    """

    def __init__(self, version):
        self.version = version
        self.open_hours = OpenHours(published_hours())
        self.languages = sorted(
            {
                code
                for codes in ContactChannel.objects.filter(page__live=True)
                .values_list("languages", flat=True)
                .distinct()
                for code in codes.split()
            }
        )
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


def mask_of(positions):
    """A set of document positions as an int with those bits set."""
    positions = list(positions)
    if not positions:
        return 0
    bits = bytearray(max(positions) // 8 + 1)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def positions_of(mask):
    """The positions set in `mask`, lowest first."""
    digits = bin(mask)[:1:-1]
    position = digits.find("1")
    while position != -1:
        yield position
        position = digits.find("1", position + 1)


def union(masks):
    result = 0
    for mask in masks:
        result |= mask
    return result


def intersection(masks, within):
    for mask in masks:
        within &= mask
    return within


class ChannelSets:
    """Documents by the kind and languages of their channels, as bit masks.

    Kind and language are looked up as pairs, so "text, in Spanish" finds documents with
    one channel that is both, not a text line and a separate Spanish phone line.
    """

    def __init__(self, entries):
        by_kind, by_language, by_pair, every = {}, {}, {}, []
        for position, channel in entries:
            every.append(position)
            by_kind.setdefault(channel.kind, []).append(position)
            for code in channel.languages:
                by_language.setdefault(code, []).append(position)
                by_pair.setdefault((channel.kind, code), []).append(position)
        self.any = mask_of(every)
        self.by_kind = {kind: mask_of(found) for kind, found in by_kind.items()}
        self.by_language = {code: mask_of(found) for code, found in by_language.items()}
        self.by_pair = {pair: mask_of(found) for pair, found in by_pair.items()}

    def matching(self, kinds, languages):
        if kinds and languages:
            return union(self.by_pair.get((k, code), 0) for k in kinds for code in languages)
        if kinds:
            return union(self.by_kind.get(kind, 0) for kind in kinds)
        if languages:
            return union(self.by_language.get(code, 0) for code in languages)
        return self.any


class Catalogue:
    """Every live resource as a document, with facet values as bit masks.

    Documents take positions in display order (type, then title), so a mask read lowest bit
    first lists its documents in that order. Facet filters and disjunctive counts are then
    ANDs, ORs and bit counts over one int per facet value.
    """

    def __init__(self, version):
        self.version = version
        self.documents = build_documents()
        type_order = list(TYPES)
        self.ordered = sorted(
            self.documents.values(),
            key=lambda doc: (type_order.index(doc.type), text.fold(doc.title), doc.id),
        )
        self.position = {doc.id: position for position, doc in enumerate(self.ordered)}
        self.all = (1 << len(self.ordered)) - 1
        values = {"type": {}, "topic": {}, "country": {}, "audience": {}}
        everywhere = []
        channels = []
        self.by_hours = {}
        hours = {}
        for position, doc in enumerate(self.ordered):
            values["type"].setdefault(doc.type, []).append(position)
            for slug in doc.topic_slugs:
                values["topic"].setdefault(slug, []).append(position)
            if doc.countries is None:
                everywhere.append(position)
            for code in doc.countries or ():
                values["country"].setdefault(code, []).append(position)
            for slug in doc.audiences:
                values["audience"].setdefault(slug, []).append(position)
            for channel in doc.channels:
                channels.append((position, channel))
                if channel.has_hours:
                    hours[channel.hours_key] = channel.weekly_hours
                    self.by_hours.setdefault(channel.hours_key, []).append((position, channel))
        self.masks = {
            facet: {value: mask_of(found) for value, found in by_value.items()}
            for facet, by_value in values.items()
        }
        self.everywhere = mask_of(everywhere)
        self.channels = ChannelSets(channels)
        self.open_hours = OpenHours(hours)
        self._open = (None, ChannelSets([]))
        # stem -> {position: field weight}: the in-memory index relevance is scored from.
        self.postings = {}
        # Every word written, for spelling suggestions.
        words = {word for topic in get_query_context().topics for word in text.words(topic.name)}
        for position, doc in enumerate(self.ordered):
            for stem, weight in self._stem_weights(doc, words).items():
                self.postings.setdefault(stem, {})[position] = weight
        self.vocabulary = Vocabulary(words - text.STOPWORDS)
        self.total = max(len(self.ordered), 1)

    @staticmethod
    def _stem_weights(doc, words):
        """Each stem in the document, weighted by the fields it appears in; the document's
        words are added to `words`.

        Title counts most, then topics, then the summary, then the body. The weights are
        small ints (twice the boost) so that the postings share Python's cached ints.
        """
        fields = [
            (6, doc.title),
            (4, " ".join(name for _, name in doc.topics)),
            (3, f"{doc.summary} {doc.organisation}"),
            (2, doc.body),
        ]
        weights = {}
        for weight, value in fields:
            written = set(text.words(value))
            words |= written
            for stem in {text.stem(word) for word in written}:
                weights[stem] = weights.get(stem, 0) + weight
        return weights

    def term_weights(self, stems):
        """(postings, factor) per query stem: a document's relevance is the sum over stems
        of factor × its weight in the postings, so rarer words count more, and a document
        with every word in its title scores 3."""
        idf = {
            stem: math.log(1 + self.total / max(len(self.postings.get(stem, ())), 1))
            for stem in stems
        }
        total = 2 * sum(idf.values()) or 1
        return [(self.postings.get(stem, {}), idf[stem] / total) for stem in stems]

    def open_channels(self, now):
        """The channels open at `now`, kept until one of them opens or closes."""
        keys = self.open_hours.open_keys(now)
        if self._open[0] is not keys:
            entries = [entry for key in keys for entry in self.by_hours[key]]
            self._open = (keys, ChannelSets(entries))
        return self._open[1]

    def facet_mask(self, facet, selected):
        """Documents that pass one of the type, topic, country and audience facets."""
        if not selected:
            return self.all
        mask = union(self.masks[facet].get(value, 0) for value in selected)
        if facet == "country":
            mask |= self.everywhere  # guides and campaigns apply in every country
        return mask

    def channel_mask(self, kinds, languages, open_now, now):
        """Documents with one channel that is of one of `kinds`, in one of `languages` and,
        if asked, open at `now`."""
        if not (kinds or languages or open_now):
            return self.all
        sets = self.open_channels(now) if open_now else self.channels
        return sets.matching(kinds, languages)


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
    """Wagtail's database search backend for text; bit masks in memory for facets."""

    name = "database"
    mask_facets = ("type", "topic", "country", "audience")

    def search(self, query, now=None):
        now = now or timezone.now()
        catalogue = get_catalogue()
        context = get_query_context()
        understanding = Understanding(query.text, context.topics, context.detector)
        candidates = self.candidates(query, understanding, catalogue)
        filters = {
            name: catalogue.facet_mask(name, query.selected(name)) for name in self.mask_facets
        }
        channels = catalogue.channel_mask(query.channel, query.language, query.open_now, now)
        matching = intersection(filters.values(), candidates)
        hits = matching & channels
        facets = []
        for name in FACETS:
            if name in self.mask_facets:
                others = intersection(
                    (mask for facet, mask in filters.items() if facet != name),
                    candidates & channels,
                )
                counts = {
                    value: (others & mask).bit_count()
                    for value, mask in catalogue.masks[name].items()
                }
            else:
                counts = self.channel_counts(name, query, matching, catalogue, now)
            facets.append(self.facet(name, counts, query, context))
        total = hits.bit_count()
        results = FinderResults(
            query=query,
            hits=[],
            total=total,
            facets=facets,
            crisis=understanding.crisis,
            matched_topics=understanding.topic_slugs,
            engine=self.name,
        )
        start = (results.page - 1) * query.per_page
        end = start + query.per_page
        if query.text:
            page = self.ranked(hits, understanding, catalogue, now, end)
        else:
            browsed = self.browse_order(hits, catalogue, now)
            page = [(doc, 0.0) for doc in islice(browsed, end)]
        stems = understanding.stems
        results.hits = [
            Hit(doc, highlight(f"{doc.summary} {doc.body}", stems), score)
            for doc, score in page[start:end]
        ]
        if query.text and not total:
            results.suggestion = suggest_spelling(understanding.words, catalogue.vocabulary)
        return results

    def candidates(self, query, understanding, catalogue):
        """Documents the text matches (through Wagtail's database index) or is about (the
        topics it names); every document when there is no text."""
        if not query.text:
            return catalogue.all
        terms = list(dict.fromkeys(understanding.words))
        for topic in understanding.topics:
            terms.extend(word for word in text.words(topic.name) if word not in terms)
        found = 0
        if terms:
            results = Page.objects.search(
                " ".join(terms), operator="or", order_by_relevance=False, backend="database"
            )
            # Only ids are needed: live, public and type are the catalogue's business.
            ids = results.get_queryset().order_by().values_list("pk", flat=True)
            position = catalogue.position
            found = mask_of(position[pk] for pk in ids if pk in position)
        topics = catalogue.masks["topic"]
        return found | union(topics.get(slug, 0) for slug in understanding.topic_slugs)

    def channel_counts(self, name, query, matching, catalogue, now):
        """Disjunctive counts for one of the channel facets: the other two still apply."""
        kinds, languages, open_now = query.channel, query.language, query.open_now
        if name == "channel":
            return {
                kind: (
                    matching & catalogue.channel_mask((kind,), languages, open_now, now)
                ).bit_count()
                for kind in catalogue.channels.by_kind
            }
        if name == "language":
            return {
                code: (matching & catalogue.channel_mask(kinds, (code,), open_now, now)).bit_count()
                for code in catalogue.channels.by_language
            }
        return {"1": (matching & catalogue.channel_mask(kinds, languages, True, now)).bit_count()}

    def ranked(self, hits, understanding, catalogue, now, count):
        """The best `count` hits as (document, score), best first."""
        weights = catalogue.term_weights(understanding.stems)
        topics = catalogue.masks["topic"]
        about = [
            set(positions_of(hits & topics[slug]))
            for slug in understanding.topic_slugs
            if slug in topics
        ]
        open_now = set()
        if understanding.wants_to_talk:
            open_now = set(positions_of(hits & catalogue.open_channels(now).any))
        scored = []
        for position in positions_of(hits):
            score = sum(factor * postings.get(position, 0) for postings, factor in weights)
            shared = sum(position in found for found in about)
            if shared:
                score += 1.0 + 0.1 * shared
            if position in open_now:
                score += 0.75
            scored.append((-score, position))
        ordered = catalogue.ordered
        return [(ordered[position], -score) for score, position in heapq.nsmallest(count, scored)]

    def browse_order(self, hits, catalogue, now):
        """Hits without text: by type, open helplines first, then by title."""
        open_now = catalogue.open_channels(now).any
        for mask in catalogue.masks["type"].values():
            yield from (catalogue.ordered[p] for p in positions_of(hits & mask & open_now))
            yield from (catalogue.ordered[p] for p in positions_of(hits & mask & ~open_now))

    def facet(self, name, counts, query, context):
        selected = query.selected(name)
        label = context.label(name)
        values = [
            FacetValue(value, label(value), count, value in selected)
            for value, count in counts.items()
            if count or value in selected
        ]
        values.extend(
            FacetValue(value, label(value), 0, True) for value in selected if value not in counts
        )
        values.sort(key=lambda v: (-v.count, v.label))
        return Facet(name, FACETS[name], values)

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
