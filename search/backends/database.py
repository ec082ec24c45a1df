"""The database engine: the finder over an in-memory catalogue of published resources, built
once per catalogue version, with Wagtail's database search for the words. It defines what
the finder means; the search engine (backends/engine/) expresses the same rules."""

import functools
import heapq
import math
import re
from itertools import islice

from django.utils import timezone, translation

from core.catalogue import VersionedCache
from resources.validators import language_base

from .. import text
from ..documents import TYPES, build_documents
from ..facets import FACETS, Facet, document_facets
from ..query import FinderResults, Hit
from ..understanding import (
    OpenHours,
    Understanding,
    Vocabulary,
    get_query_context,
    highlight,
    suggest_spelling,
)
from .page_index import pages_holding_any_of

# How much more relevant a resource in the visitor's language is: enough to lead among
# results about as relevant, not to lift a stray word match above the topic asked about.
IN_VISITORS_LANGUAGE = 1.25


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
        # The positions of every version of a translated page, by the position of each.
        groups, speaking = {}, {}
        for position, doc in enumerate(self.ordered):
            groups.setdefault(doc.original, []).append(position)
            for code in doc.spoken_languages:
                speaking.setdefault(code, []).append(position)
        self.versions = {p: group for group in groups.values() if len(group) > 1 for p in group}
        # Documents by the languages they can be used in (ISO 639-1).
        self.speaking = {code: mask_of(found) for code, found in speaking.items()}
        self._shown = {}
        specs = document_facets()
        values = {spec.name: {} for spec in specs}
        everywhere = {spec.name: [] for spec in specs}
        channels = []
        self.by_hours = {}
        hours = {}
        for position, doc in enumerate(self.ordered):
            for spec in specs:
                found = spec.values(doc)
                if found is None:
                    everywhere[spec.name].append(position)
                for value in found or ():
                    values[spec.name].setdefault(value, []).append(position)
            for channel in doc.channels:
                channels.append((position, channel))
                if channel.has_hours:
                    hours[channel.hours_key] = channel.weekly_hours
                    self.by_hours.setdefault(channel.hours_key, []).append((position, channel))
        self.masks = {
            facet: {value: mask_of(found) for value, found in by_value.items()}
            for facet, by_value in values.items()
        }
        # Documents that match any choice of a facet (guides and campaigns, every country).
        self.everywhere = {name: mask_of(found) for name, found in everywhere.items()}
        self.channels = ChannelSets(channels)
        self.open_hours = OpenHours(hours)
        self._open = (None, ChannelSets([]))
        # stem -> {position: field weight}: the in-memory index relevance is scored from.
        self.postings = {}
        # Every word written, for spelling suggestions.
        words = {word for topic in get_query_context().topics for word in text.words(topic.name)}
        # Stems of the documents' own words, remembered while building only: no word anyone
        # typed is kept by a process cache.
        stem = functools.cache(text.stem)
        for position, doc in enumerate(self.ordered):
            for stem_of_word, weight in self._stem_weights(doc, words, stem).items():
                self.postings.setdefault(stem_of_word, {})[position] = weight
        self.vocabulary = Vocabulary(words - text.STOPWORDS)
        self.total = max(len(self.ordered), 1)
        # Titles as their folded words (" kids help phone "), for asking by name.
        self.titles = [title_words(doc.title) for doc in self.ordered]
        self.by_title = {}
        for position, title in enumerate(self.titles):
            self.by_title[title] = self.by_title.get(title, 0) | 1 << position

    @staticmethod
    def _stem_weights(doc, words, stem):
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
            for stemmed in {stem(word) for word in written}:
                weights[stemmed] = weights.get(stemmed, 0) + weight
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

    def shown(self, language):
        """The version of each resource a visitor reading `language` sees: its translation
        into that language where one is live, else the English original."""
        if language not in self._shown:
            self._shown[language] = mask_of(
                position for position, doc in enumerate(self.ordered) if doc.shown_in(language)
            )
        return self._shown[language]

    def every_version(self, positions):
        """`positions` with the positions of every other version of their pages."""
        versions = self.versions
        return mask_of(other for p in positions for other in versions.get(p, (p,)))

    def open_channels(self, now):
        """The channels open at `now`, kept until one of them opens or closes."""
        keys = self.open_hours.open_keys(now)
        if self._open[0] is not keys:
            entries = [entry for key in keys for entry in self.by_hours[key]]
            self._open = (keys, ChannelSets(entries))
        return self._open[1]

    def facet_mask(self, facet, selected):
        """Documents that pass one of the document facets."""
        if not selected:
            return self.all
        return union(self.masks[facet].get(value, 0) for value in selected) | self.everywhere[facet]

    def channel_mask(self, kinds, languages, open_now, now):
        """Documents with one channel that is of one of `kinds`, in one of `languages` and,
        if asked, open at `now`."""
        if not (kinds or languages or open_now):
            return self.all
        sets = self.open_channels(now) if open_now else self.channels
        return sets.matching(kinds, languages)


_catalogues = VersionedCache(Catalogue)


WORD = re.compile(r"\w+")


def title_words(title):
    """ "Kids Help Phone!" -> " kids help phone ": folded words, spaced for matching."""
    return " " + " ".join(WORD.findall(text.fold(title))) + " "


def named(query, hits, catalogue):
    """The hits the words name: a one-word title written whole, or a title holding two or
    more of the words as written. Someone asking for a helpline by its name wants it,
    whichever country it serves."""
    typed = title_words(query.text)
    if typed.count(" ") <= 2:
        return hits & catalogue.by_title.get(typed, 0)
    titles = catalogue.titles
    return mask_of(position for position in positions_of(hits) if typed in titles[position])


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

    def search(self, query, now=None):
        now = now or timezone.now()
        catalogue = get_catalogue()
        context = get_query_context()
        understanding = Understanding(query.text, context)
        shown = catalogue.shown(query.visitor_language)
        candidates = self.candidates(query, understanding, catalogue) & shown
        filters = {
            name: catalogue.facet_mask(name, query.selected(name)) for name in catalogue.masks
        }
        channels = catalogue.channel_mask(query.channel, query.language, query.open_now, now)
        matching = intersection(filters.values(), candidates)
        hits = matching & channels
        facets = []
        for spec in FACETS.values():
            if spec.values:
                others = intersection(
                    (mask for facet, mask in filters.items() if facet != spec.name),
                    candidates & channels,
                )
                counts = {
                    value: (others & mask).bit_count()
                    for value, mask in catalogue.masks[spec.name].items()
                }
            else:
                counts = self.channel_counts(spec.channel_part, query, matching, catalogue, now)
            facets.append(Facet.counted(spec, counts, query, context))
        total = hits.bit_count()
        results = FinderResults(
            query=query,
            hits=[],
            total=total,
            facets=facets,
            crisis=understanding.crisis,
            signal=understanding.signal,
            matched_topics=understanding.topic_slugs,
            related_topics=understanding.related_topics,
            engine=self.name,
        )
        start = (results.page - 1) * query.per_page
        end = start + query.per_page
        if query.text:
            local = catalogue.facet_mask("country", query.local_countries)
            local |= named(query, hits, catalogue)
            speaking = catalogue.speaking.get(language_base(query.visitor_language), 0)
            page = self.ranked(hits, understanding, catalogue, now, end, local, speaking)
        else:
            speaking = catalogue.speaking.get(language_base(query.visitor_language), 0)
            browsed = self.browse_order(hits, catalogue, now, speaking)
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
        """Documents the text matches (through Wagtail's database index, in any of their
        versions) or is about (the topics it names); every document when there is no text."""
        if not query.text:
            return catalogue.all
        # The words typed only: what is about the topics they name comes from the topic
        # masks below, as on the engine, not from every page that uses a word of their names.
        terms = list(dict.fromkeys(understanding.words))
        found = 0
        if terms:
            # Only ids are needed: live, public and type are the catalogue's business.
            ids = pages_holding_any_of(terms)
            position = catalogue.position
            found = catalogue.every_version(position[pk] for pk in ids if pk in position)
        topics = catalogue.masks["topic"]
        types = catalogue.masks["type"]
        return (
            found
            | union(topics.get(slug, 0) for slug in understanding.topic_slugs)
            | union(types.get(kind, 0) for kind in understanding.wanted_types)
        )

    def channel_counts(self, part, query, matching, catalogue, now):
        """Disjunctive counts for one of the channel facets: the other two still apply."""
        kinds, languages, open_now = query.channel, query.language, query.open_now
        if part == "kind":
            return {
                kind: (
                    matching & catalogue.channel_mask((kind,), languages, open_now, now)
                ).bit_count()
                for kind in catalogue.channels.by_kind
            }
        if part == "language":
            return {
                code: (matching & catalogue.channel_mask(kinds, (code,), open_now, now)).bit_count()
                for code in catalogue.channels.by_language
            }
        return {"1": (matching & catalogue.channel_mask(kinds, languages, True, now)).bit_count()}

    def ranked(self, hits, understanding, catalogue, now, count, local, speaking):
        """The best `count` hits as (document, score), best first: the type the words ask
        for, then what serves the visitor's country or is named (`local`), then by relevance,
        a quarter higher for what is in the visitor's language (`speaking`)."""
        weights = catalogue.term_weights(understanding.stems)
        topics = catalogue.masks["topic"]
        about = [
            set(positions_of(hits & topics[slug]))
            for slug in understanding.named_topics
            if slug in topics
        ]
        meant = set(
            positions_of(hits & union(topics.get(s, 0) for s in understanding.meant_topics))
        )
        open_now = set()
        if understanding.wants_to_talk:
            open_now = set(positions_of(hits & catalogue.open_channels(now).any))
        types = catalogue.masks["type"]
        wanted = set(
            positions_of(hits & union(types.get(kind, 0) for kind in understanding.wanted_types))
        )
        scored = []
        for position in positions_of(hits):
            score = sum(factor * postings.get(position, 0) for postings, factor in weights)
            shared = sum(position in found for found in about)
            if shared:
                score += 1.0 + 0.1 * shared
            if position in meant:
                score += 0.5
            if position in open_now:
                score += 0.75
            if speaking >> position & 1:
                score *= IN_VISITORS_LANGUAGE
            scored.append((position not in wanted, not local >> position & 1, -score, position))
        ordered = catalogue.ordered
        return [
            (ordered[position], -score) for _, _, score, position in heapq.nsmallest(count, scored)
        ]

    def browse_order(self, hits, catalogue, now, speaking):
        """Hits without text: by type, open helplines first, then what is in the visitor's
        language (`speaking`), then by title."""
        open_now = catalogue.open_channels(now).any
        for mask in catalogue.masks["type"].values():
            for group in (open_now, ~open_now):
                for spoken in (speaking, ~speaking):
                    found = positions_of(hits & mask & group & spoken)
                    yield from (catalogue.ordered[position] for position in found)

    def suggestions(self, prefix, limit=8):
        """Type-ahead: topic names and titles matching what has been typed."""
        if len(" ".join(text.words(prefix))) < 2:
            return []
        names = [topic.name for topic in get_query_context().topics]
        language = translation.get_language()
        names += sorted(
            doc.title for doc in get_catalogue().documents.values() if doc.shown_in(language)
        )
        return list(dict.fromkeys(matching_names(prefix, names)))[:limit]
