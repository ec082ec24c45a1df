"""Understanding a query, the same for every engine: its words and topics, crisis signals,
spelling suggestions, snippets, and the context all of them read (topics, crisis phrases,
labels, and the opening hours and languages of published channels), kept per catalogue
version."""

import math
import re
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.catalogue import VersionedCache
from resources.models import Audience, ContactChannel, Country, Topic
from resources.validators import language_base

from . import text
from .classifier import Examples, Judgement, cannot_be_judged, judge, load_model, small_part
from .concern import shows_distress
from .crisis import CrisisDetector, concepts_of
from .models import CrisisPhrase

SNIPPET_LENGTH = 220
# A topic the model reads in words that name none counts from this probability: chosen by
# cross-validation on the corpus's train split, where two in three such topics are right.
MEANT_TOPIC = 0.4
# How many topics are offered beside the results ("Topics that may help").
RELATED_TOPICS = 5
# Words that show someone wants to talk to a person now: open helplines rank first.
TALK_WORDS = frozenset(
    text.stem(word)
    for word in "talk talking call calling phone ring text texting chat chatting speak speaking "
    "someone somebody anyone listen helpline hotline hablar llamar parler appeler reden "
    "sprechen".split()
)

# Words that name the kind of thing someone wants to find ("campaigns about online safety",
# "guides for parents"): resources of that type are found and rank first, whether or not
# their text holds the word.
TYPE_WORDS = {
    "campaign": "campaign campaigns campana campanas campagne campagnes kampagne kampagnen "
    "ymgyrch ymgyrchoedd",
    "guide": "guide guides guia guias ratgeber leitfaden canllaw canllawiau",
    "helpline": "helpline helplines hotline hotlines linea lineas ligne lignes llinell llinellau",
}
INTENT = {text.stem(word): kind for kind, words in TYPE_WORDS.items() for word in words.split()}


class Understanding:
    """What a query is about: its words, the topics it names, its level (crisis, concern or
    none, with the reasons), and whether it asks to talk or for a type of resource."""

    def __init__(self, query_text, context):
        typed = text.words(query_text)
        self.words = [word for word in typed if word not in text.STOPWORDS]
        self.stems = {text.stem(word) for word in self.words}
        typed_stems = {text.stem(word) for word in typed}
        present = {
            known
            for typed_stem in typed_stems
            for known in context.topic_stems.similar_to(typed_stem)
        }
        self.topics = [topic for topic in context.topics if topic.matches(present)]
        self.judgement = context.judge(query_text)
        # A crisis topic named by a phrase that is under half of the query ("cut" in "bulk or
        # cut this summer") is left to the model, as editors' examples are.
        crisis_topics = [
            topic.name
            for topic in self.topics
            if topic.is_crisis and not small_part(topic.phrase_in(present), typed)
        ]
        if crisis_topics and self.judgement.level != "crisis" and context.topic_is_risk(self):
            self.judgement.level = "crisis"
            self.judgement.reasons.append(f"Names a crisis topic: {', '.join(crisis_topics)}.")
        # With no topic named, the one the words mean ("he keeps messaging me after i said
        # stop" is online harassment), when the model is fairly sure of it.
        self.meant_topics = []
        if not self.topics:
            self.meant_topics = [
                slug
                for slug, probability in self.judgement.topics[:1]
                if probability >= MEANT_TOPIC and slug in context.topic_names
            ]
        # The graded response: crisis help first, a short "talk to someone now" line, or none.
        self.signal = self.judgement.level
        # Topics to offer beside the results: those named, then those the words most likely
        # mean. A crisis topic is offered from meaning alone only to a query judged a crisis.
        meant = [
            slug
            for slug, _ in self.judgement.topics
            if slug in context.topic_names
            and (self.signal == "crisis" or slug not in context.crisis_topics)
        ]
        self.related_topics = list(dict.fromkeys(self.named_topics + meant))[:RELATED_TOPICS]
        self.crisis = self.signal == "crisis"
        self.wants_to_talk = bool(self.stems & TALK_WORDS)
        self.wanted_types = sorted({INTENT[stem] for stem in self.stems if stem in INTENT})

    @property
    def named_topics(self):
        return [topic.slug for topic in self.topics]

    @property
    def topic_slugs(self):
        """The topics named, else the one meant."""
        return self.named_topics + self.meant_topics


@dataclass
class TopicTerms:
    slug: str
    name: str
    is_crisis: bool
    phrases: list[frozenset[str]]

    @classmethod
    def from_topic(cls, topic):
        phrases = [topic.slug.replace("-", " "), *topic.words_in_every_language()]
        if topic.is_crisis:
            # Named only by a whole phrase, small words included: "end a friendship" does
            # not name "end it all", nor "kill time" "kill myself".
            stemmed = [[text.stem(word) for word in text.words(phrase)] for phrase in phrases]
        else:
            stemmed = [text.content_stems(phrase) for phrase in phrases]
        # "cyber bullying" and "cyberbullying" are the same words to people.
        stemmed += [[text.stem("".join(text.words(phrase)))] for phrase in phrases]
        return cls(topic.slug, topic.name, topic.is_crisis, [frozenset(s) for s in stemmed if s])

    @cached_property
    def stems(self):
        return frozenset().union(*self.phrases)

    def phrase_in(self, present):
        """The longest of its phrases whose every stem is `present` (typed, or nearly), or
        an empty set."""
        if self.stems.isdisjoint(present):
            return frozenset()
        return max(
            (phrase for phrase in self.phrases if phrase <= present), key=len, default=frozenset()
        )

    def matches(self, present):
        return bool(self.phrase_in(present))


def highlight(source, stems, length=SNIPPET_LENGTH):
    """The sentence of `source` that best matches, trimmed, with matching words in <mark>."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", source) if s.strip()]
    if not sentences:
        return ""
    if not stems:
        return escape(trimmed(sentences[0], length))
    matched = {}  # each word of `source` met so far: whether its stem was searched for
    # A stem is the start of its word, so a word whose first two letters begin no stem
    # searched for cannot match: most of a long body is set aside without stemming it.
    beginnings = {stem[:2] for stem in stems}

    def matching(word):
        if word not in matched:
            folded = text.fold(word)
            matched[word] = folded[:2] in beginnings and text.stem(folded) in stems
        return matched[word]

    best = max(
        sentences,
        key=lambda sentence: sum(matching(word) for word in re.findall(r"\w+", sentence)),
    )
    parts = []
    for piece in re.split(r"(\w+)", trimmed(best, length)):
        if piece and matching(piece):
            parts.append(f"<mark>{escape(piece)}</mark>")
        else:
            parts.append(escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 - every piece was escaped above


def trimmed(sentence, length):
    if len(sentence) > length:
        return sentence[:length].rsplit(" ", 1)[0] + "…"
    return sentence


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
                language_base(tag)
                for tags in ContactChannel.objects.filter(page__live=True)
                .values_list("languages", flat=True)
                .distinct()
                for tag in tags.split()
            }
        )
        topics = Topic.objects.prefetch_related("translations")
        self.topics = [TopicTerms.from_topic(topic) for topic in topics]
        self.topic_stems = text.FuzzyIndex(
            known for topic in self.topics for phrase in topic.phrases for known in phrase
        )
        self.topic_names = {topic.slug: topic.name for topic in self.topics}
        self.crisis_topics = {topic.slug for topic in self.topics if topic.is_crisis}
        phrases = list(CrisisPhrase.objects.values_list("kind", "text"))
        self.detector = CrisisDetector(
            [text for kind, text in phrases if kind == CrisisPhrase.Kind.CRISIS],
            everyday=[text for kind, text in phrases if kind == CrisisPhrase.Kind.EVERYDAY],
        )
        self.model = load_model()
        self.examples = Examples(self.model, phrases) if self.model else None
        self.country_names = dict(Country.objects.values_list("code", "name"))
        self.audience_names = dict(Audience.objects.values_list("slug", "name"))

    def topic_is_risk(self, understanding):
        """Whether naming a crisis topic makes a query a crisis: with the model, only when
        it sees some risk too ("cutting down on screen time" names self-harm's synonym)."""
        if not self.model:
            return True
        return understanding.judgement.crisis >= self.model.thresholds["crisis_line"]

    def judge(self, query_text):
        """The level of a query, by the trained model (search/classifier.py), or by the rule
        layer if the model cannot be read."""
        kept = self.detector.without_everyday(query_text)
        kept_concepts = [concepts_of(word) for word in kept]
        if self.model:
            judgement = judge(self.model, self.examples, query_text, kept, kept_concepts)
            if judgement.level == "none" and (said := self.detector.phrases_in(kept_concepts)):
                # The rule layer's phrases are a safety net: the short line, not the panel.
                judgement.level = "concern"
                judgement.reasons.append(f"Rule layer: says {quoted(said)}.")
            return judgement
        if cannot_be_judged(query_text):
            return Judgement("concern", reasons=["Nothing here can be read with confidence."])
        if said := self.detector.phrases_in(kept_concepts):
            return Judgement("crisis", reasons=[f"Rule layer: says {quoted(said)}."])
        if shows_distress(query_text):
            return Judgement("concern", reasons=["Rule layer: words of distress."])
        return Judgement("none")


def quoted(phrases):
    return ", ".join(f"“{phrase}”" for phrase in phrases)


_query_contexts = VersionedCache(QueryContext)


def get_query_context():
    return _query_contexts.get()
