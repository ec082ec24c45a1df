"""How much risk and distress a query's words carry: a small linear model, read openly.

Three blocks of features describe a query: the character n-grams of its words (they survive
typos, slang and five languages), its words singly and in pairs ("not wake", "better off"),
the crisis lexicon's concepts (search/crisis.py: "kms", "matarme" and "unalive" are all
KILL or SUICIDE), singly and in pairs. Each block is weighted by TF-IDF and scaled to unit
length. Beside them, the query's meaning as a sentence encoder reads it (search/encoder.py:
384 numbers of unit length), which catches what shares no words with any example ("which
building is tall enough"). Two logistic regressions read them all: one for risk to life
(*crisis*), one for any distress (*crisis* or *concern*).

`manage.py train_understanding` fits them on the train split of search/corpus/ and on
editors' examples, picks the thresholds by cross-validation on that split alone, and writes
the weights to search/model/understanding.json. At run time this module only reads that
file and runs the encoder: no scikit-learn, nothing downloaded, a few hundred dictionary
lookups and a few matrix products per query.

Editors' examples also count at once, without retraining: a query very like one of them
(cosine similarity of the same features) takes that example's level.
"""

import itertools
import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .crisis import concepts_of
from .encoder import EncoderMissing, load_encoder
from .text import fold, words

MODEL_FILE = Path(__file__).parent / "model" / "understanding.json"
CHAR_NGRAMS = (2, 5)
# How alike a query and an editor's example must be for the example to decide.
NEAR_EXAMPLE = 0.8
RANK = {"none": 0, "concern": 1, "crisis": 2}
# The two heads: risk to life, and any distress.
HEADS = ("crisis", "distress")
SURE = 0.9

logger = logging.getLogger(__name__)


def features(word_list):
    """The query's features by block, with their counts."""
    folded = [fold(word) for word in word_list]
    chars = Counter()
    for word in folded:
        padded = f" {word} "
        for size in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            if size > len(padded):
                break
            chars.update(padded[start : start + size] for start in range(len(padded) - size + 1))
    concepts = Counter()
    previous = ()
    for word in word_list:
        found = sorted(concept for concept in concepts_of(word) if not concept.startswith("="))
        concepts.update(found)
        concepts.update(f"{first}+{second}" for first in previous for second in found)
        previous = found or previous
    pairs = [f"{first} {second}" for first, second in itertools.pairwise(folded)]
    return {"chars": chars, "words": Counter(folded + pairs), "concepts": concepts}


def weighted(blocks, idf):
    """TF-IDF values (sublinear term frequency), each block scaled to unit length. Features
    the model never saw are left out."""
    vector = {}
    for block, counts in blocks.items():
        known = idf[block]
        values = {
            f"{block}:{name}": (1 + math.log(count)) * known[name]
            for name, count in counts.items()
            if name in known
        }
        length = math.sqrt(sum(value * value for value in values.values()))
        vector.update({name: value / length for name, value in values.items()} if length else {})
    return vector


def sigmoid(value):
    return 1 / (1 + math.exp(-max(min(value, 30), -30)))


@dataclass
class Judgement:
    """The level a query earns and why."""

    level: str  # crisis, concern or none
    crisis: float = 0.0  # probability of risk to life
    distress: float = 0.0  # probability of any distress
    reasons: list[str] = field(default_factory=list)
    nearest: list[tuple[float, str, str]] = field(default_factory=list)  # (similarity, kind, text)
    strongest: list[tuple[str, float]] = field(default_factory=list)  # (feature, weight)
    topics: list[tuple[str, float]] = field(default_factory=list)  # (slug, probability)


class Model:
    """The trained weights and thresholds, as search/model/understanding.json holds them,
    and the sentence encoder whose meanings the heads also read."""

    def __init__(self, data, encoder):
        self.encoder = encoder
        self.meaning_weights = {
            head: np.array(data["meaning"][head], dtype=np.float32) for head in HEADS
        }
        self.idf = {block: {} for block in data["features"]}
        self.weights = {head: {} for head in HEADS}
        for block, rows in data["features"].items():
            for name, idf, crisis, distress in rows:
                self.idf[block][name] = idf
                self.weights["crisis"][f"{block}:{name}"] = crisis
                self.weights["distress"][f"{block}:{name}"] = distress
        self.intercepts = data["intercepts"]
        self.thresholds = data["thresholds"]
        self.validation = data.get("validation", {})
        self.topic_intercepts = data["topics"]["intercepts"]
        self.topic_weights = data["topics"]["weights"]
        self.trained = data.get("trained", "")
        self.trained_on = data.get("trained_on", {})
        self.corpus = data.get("corpus", "")

    @classmethod
    def from_file(cls, path):
        return cls(json.loads(Path(path).read_text(encoding="utf-8")), load_encoder())

    def vector(self, word_list):
        return weighted(features(word_list), self.idf)

    def meaning(self, query_text):
        return self.encoder.encode(query_text)

    def probability(self, head, vector, meaning):
        weights = self.weights[head]
        score = self.intercepts[head] + sum(
            value * weights.get(name, 0.0) for name, value in vector.items()
        )
        return sigmoid(score + float(meaning @ self.meaning_weights[head]))

    def topics(self, vector):
        """Every topic the model knows, with its probability, most likely first."""
        scores = dict(self.topic_intercepts)
        for name, value in vector.items():
            for topic, weight in self.topic_weights.get(name, {}).items():
                scores[topic] += value * weight
        top = max(scores.values())
        exponents = {topic: math.exp(score - top) for topic, score in scores.items()}
        total = sum(exponents.values())
        ranked = sorted(exponents.items(), key=lambda item: -item[1])
        return [(topic, exponent / total) for topic, exponent in ranked]

    def strongest(self, vector, meaning, count=6):
        """The features that pushed the crisis score most, either way; the sentence's
        meaning counts as one."""
        pushes = [
            (name, value * self.weights["crisis"].get(name, 0.0)) for name, value in vector.items()
        ]
        pushes.append(
            ("meaning:the sentence as a whole", float(meaning @ self.meaning_weights["crisis"]))
        )
        pushes.sort(key=lambda item: -abs(item[1]))
        return [(name, round(push, 3)) for name, push in pushes[:count] if push]


def load_model():
    """The trained model; None, logged loudly, if it cannot be read, and the finder falls
    back to the rule layer."""
    try:
        return Model.from_file(MODEL_FILE)
    except (OSError, ValueError, KeyError, TypeError, EncoderMissing) as error:
        logger.critical(
            "The understanding model (%s) cannot be read: %s. Crisis detection falls back "
            "to the rule layer until it is restored.",
            MODEL_FILE,
            error,
        )
        return None


class Examples:
    """Editors' examples: word for word, and as vectors with an inverted index for finding
    the nearest."""

    def __init__(self, model, examples):
        self.examples = []
        self.postings = {}
        self.phrases = []
        for kind, example_text in examples:
            example_words = words(example_text)
            if kind != "everyday" and example_words:
                self.phrases.append((kind, example_text, f" {' '.join(example_words)} "))
            vector = model.vector(example_words)
            length = math.sqrt(sum(value * value for value in vector.values()))
            if not length:
                continue
            position = len(self.examples)
            self.examples.append((kind, example_text))
            for name, value in vector.items():
                self.postings.setdefault(name, []).append((position, value / length))

    def contained(self, word_list):
        """The crisis and concern examples that `word_list` holds word for word, in order."""
        typed = f" {' '.join(word_list)} "
        return [(kind, example) for kind, example, found in self.phrases if found in typed]

    def nearest(self, vector, count=3):
        length = math.sqrt(sum(value * value for value in vector.values()))
        if not length:
            return []
        dots = Counter()
        for name, value in vector.items():
            for position, other in self.postings.get(name, ()):
                dots[position] += value * other / length
        return [
            (round(similarity, 3), *self.examples[position])
            for position, similarity in dots.most_common(count)
        ]


LETTERS = re.compile(r"[^\W\d_]")


def cannot_be_judged(query_text):
    """Typed something, but nothing the model can read: no words once punctuation is gone,
    or letters only in a script it was not trained on."""
    if not words(query_text):
        return bool(query_text.strip())
    letters = LETTERS.findall(query_text)
    return not any("a" <= fold(letter) <= "z" for letter in letters)


def judge(model, examples, query_text, word_list):
    """The level for a query whose everyday phrases are already set aside (`word_list`)."""
    if cannot_be_judged(query_text):
        return Judgement("concern", reasons=["Nothing here can be read with confidence."])
    if not word_list:
        return Judgement("none", reasons=["Only everyday phrases."])
    vector = model.vector(word_list)
    meaning = model.meaning(query_text)
    crisis = model.probability("crisis", vector, meaning)
    distress = model.probability("distress", vector, meaning)
    judgement = Judgement(
        "none",
        crisis=round(crisis, 3),
        distress=round(distress, 3),
        nearest=examples.nearest(vector),
        strongest=model.strongest(vector, meaning),
        topics=model.topics(vector),
    )
    thresholds = model.thresholds
    if crisis >= thresholds["crisis"]:
        judgement.level = "crisis"
        judgement.reasons.append(
            f"Risk to life scores {crisis:.2f} (crisis from {thresholds['crisis']:.2f})."
        )
    elif crisis >= thresholds["crisis_line"] or distress >= thresholds["concern"]:
        judgement.level = "concern"
        judgement.reasons.append(
            f"Distress scores {distress:.2f} and risk {crisis:.2f} (concern from "
            f"{thresholds['concern']:.2f} distress or {thresholds['crisis_line']:.2f} risk)."
        )
    contained = dict(reversed(examples.contained(word_list)))
    for kind in ("concern", "crisis"):
        if kind in contained and RANK[kind] > RANK[judgement.level]:
            judgement.level = kind
            judgement.reasons.append(f"Holds the editors' example “{contained[kind]}”.")
    if judgement.nearest and judgement.nearest[0][0] >= NEAR_EXAMPLE and not contained:
        similarity, kind, example = judgement.nearest[0]
        level = {"crisis": "crisis", "concern": "concern", "everyday": "none"}[kind]
        # An everyday example never silences a query the model is all but sure of.
        overruled = level == "none" and crisis >= SURE
        if level != judgement.level and not overruled:
            judgement.level = level
            judgement.reasons.append(
                f"Very like the editors' example “{example}” ({similarity:.2f})."
            )
    return judgement
