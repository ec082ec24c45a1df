"""How much risk and distress a query's words carry: a small linear model, read openly.

Three blocks of features describe a query: the character n-grams of its words (they survive
typos, slang and five languages), its words singly and in pairs ("not wake", "better off"),
the crisis lexicon's concepts (search/crisis.py: "kms", "matarme" and "unalive" are all
KILL or SUICIDE), singly and in pairs. Each block is weighted by TF-IDF and scaled to unit
length. Two logistic regressions read them: one for risk to life (*crisis*), one for any
distress (*crisis* or *concern*). Beside them, a multilingual sentence encoder
(search/encoder.py) reads the query as a whole, and a small network trained on the corpus
reads its meaning as the same two probabilities, which catches what shares no words with
any example ("which building is tall enough") and carries what English teaches to the
other languages. Each head's score is the mean of the query's rank under both readings, a
rank being the share of the train split's held-out scores below it: neither reading's
scale outweighs the other's.

`manage.py train_understanding` fits the regressions and the network on the train split of
search/corpus/ (the regressions on editors' examples too), picks the thresholds by
cross-validation on that split alone, and writes the weights to
search/model/understanding.json. At run time this module only reads that file and runs the
encoder: no scikit-learn, nothing downloaded, a few hundred dictionary lookups and a few
matrix products per query.

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
# A risk score (both readings ranking the query among the train split's highest tenth)
# that no everyday example silences.
SURE = 0.9
# Each reading's held-out scores are kept as this many quantiles, to rank a query's among.
RANK_POINTS = 1001
RANKS = np.linspace(0, 1, RANK_POINTS)
# How each head of the network over the encoder's meaning is kept in the model file.
MEANING_PARTS = ("hidden", "hidden_bias", "output", "output_bias")

logger = logging.getLogger(__name__)


def features(word_list, word_concepts=None):
    """The features by block, with their counts, of words as `text.words` gives them (and
    their concepts, when the caller already has them)."""
    if word_concepts is None:
        word_concepts = [concepts_of(word) for word in word_list]
    smallest, largest = CHAR_NGRAMS
    grams = []
    for word in word_list:
        padded = f" {word} "
        for size in range(smallest, min(largest, len(padded)) + 1):
            grams.extend(padded[start : start + size] for start in range(len(padded) - size + 1))
    concepts = []
    previous = ()
    for word_concept in word_concepts:
        found = sorted(concept for concept in word_concept if not concept.startswith("="))
        concepts.extend(found)
        concepts.extend(f"{first}+{second}" for first in previous for second in found)
        previous = found or previous
    pairs = [f"{first} {second}" for first, second in itertools.pairwise(word_list)]
    return {
        "chars": Counter(grams),
        "words": Counter([*word_list, *pairs]),
        "concepts": Counter(concepts),
    }


def unit_tf_idf(counts, idf):
    """One block's TF-IDF values (sublinear term frequency), scaled to unit length."""
    values = (1 + np.log(np.asarray(counts, dtype=np.float64))) * idf
    length = math.sqrt(values @ values)
    return values / length if length else values


def weighted(blocks, idf):
    """TF-IDF values by feature name, each block scaled to unit length. Features the model
    never saw are left out."""
    vector = {}
    for block, counts in blocks.items():
        known = idf[block]
        names = [name for name in counts if name in known]
        values = unit_tf_idf([counts[name] for name in names], [known[name] for name in names])
        vector.update(zip((f"{block}:{name}" for name in names), values.tolist(), strict=True))
    return vector


def sigmoid(value):
    return 1 / (1 + math.exp(-max(min(value, 30), -30)))


def rank(scores, points):
    """Where `scores` fall among a reading's held-out scores of the train split (`points`,
    their RANK_POINTS quantiles from lowest to highest): 0 at the lowest, 1 at the highest."""
    return np.interp(scores, points, RANKS)


def combined(words, meaning, ranks):
    """A head's score: the mean of the ranks of what the n-gram model and the network over
    the encoder's meaning read (`ranks`: each reading's points)."""
    return (rank(words, ranks["words"]) + rank(meaning, ranks["meaning"])) / 2


@dataclass
class Judgement:
    """The level a query earns and why."""

    level: str  # crisis, concern or none
    crisis: float = 0.0  # risk to life, as the mean rank of both readings
    distress: float = 0.0  # any distress, the same way
    # Each reading's probabilities, (crisis, distress): "words" and "meaning".
    readings: dict[str, tuple[float, float]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    nearest: list[tuple[float, str, str]] = field(default_factory=list)  # (similarity, kind, text)
    # The query's features as Model.vector gives them, for Model.strongest to explain on
    # request: only the admin's "Try a phrase" asks.
    features: tuple[np.ndarray, np.ndarray] | None = None
    topics: list[tuple[str, float]] = field(default_factory=list)  # (slug, probability)


class Model:
    """The trained weights and thresholds, as search/model/understanding.json holds them,
    and the sentence encoder whose meaning the trained network reads beside them.

    Every feature's weights sit in one row of a matrix (risk to life, any distress, then
    each topic), so a query is scored by one product over the rows of its features."""

    def __init__(self, data, encoder):
        self.encoder = encoder
        # Each block's features by name, as the row their weights sit in.
        self.rows = {block: {} for block in data["features"]}
        self.features = []  # "block:name" by row
        self.topic_slugs = list(data["topics"]["intercepts"])
        topic_weights = data["topics"]["weights"]
        idf_by_row, weights = [], []
        for block, entries in data["features"].items():
            for name, idf, crisis, distress in entries:
                self.rows[block][name] = len(weights)
                feature = f"{block}:{name}"
                self.features.append(feature)
                idf_by_row.append(idf)
                by_topic = topic_weights.get(feature, {})
                weights.append(
                    (crisis, distress, *(by_topic.get(slug, 0.0) for slug in self.topic_slugs))
                )
        self.idf_by_row = np.array(idf_by_row, dtype=np.float64)
        self.weights = np.array(weights, dtype=np.float64).reshape(-1, 2 + len(self.topic_slugs))
        self.intercepts = np.array(
            [data["intercepts"][head] for head in HEADS]
            + [data["topics"]["intercepts"][slug] for slug in self.topic_slugs]
        )
        self.ranks = {
            head: {reading: np.array(points) for reading, points in data["ranks"][head].items()}
            for head in HEADS
        }
        if any(
            len(points) != RANK_POINTS
            for by_reading in self.ranks.values()
            for points in by_reading.values()
        ):
            raise ValueError(f"each reading's ranks need {RANK_POINTS} points")
        # Both heads' networks as one: their hidden layers side by side, in the encoder's
        # float32, and each head's output reading only its own hidden units.
        heads = [
            [np.array(data["meaning"][head][part]) for part in MEANING_PARTS] for head in HEADS
        ]
        self.meaning_hidden = np.hstack([hidden for hidden, *_ in heads]).astype(np.float32)
        self.meaning_hidden_bias = np.concatenate([bias for _, bias, *_ in heads]).astype(
            np.float32
        )
        self.meaning_output = np.zeros((len(self.meaning_hidden_bias), len(HEADS)))
        first = 0
        for column, (_, _, output, _) in enumerate(heads):
            self.meaning_output[first : first + len(output), column] = output
            first += len(output)
        self.meaning_output_bias = np.array([bias for *_, bias in heads])
        self.thresholds = data["thresholds"]
        self.validation = data.get("validation", {})
        self.trained = data.get("trained", "")
        self.trained_on = data.get("trained_on", {})
        self.corpus = data.get("corpus", "")

    @classmethod
    def from_file(cls, path):
        return cls(json.loads(Path(path).read_text(encoding="utf-8")), load_encoder())

    def vector(self, word_list, word_concepts=None):
        """The query's features as the rows they weigh on and their values."""
        rows, values = [], []
        for block, counts in features(word_list, word_concepts).items():
            known = self.rows[block]
            found = [(known[name], count) for name, count in counts.items() if name in known]
            if found:
                block_rows, block_counts = zip(*found, strict=True)
                rows.append(np.array(block_rows, np.intp))
                values.append(unit_tf_idf(block_counts, self.idf_by_row[rows[-1]]))
        if not rows:
            return np.zeros(0, np.intp), np.zeros(0)
        return np.concatenate(rows), np.concatenate(values)

    def meaning(self, query_text):
        """The network's probabilities of risk to life and of any distress, reading the
        encoder's meaning of the query: one hidden layer of rectified units per head."""
        meaning = self.encoder.encode(query_text)
        hidden = np.maximum(meaning @ self.meaning_hidden + self.meaning_hidden_bias, 0)
        scores = hidden @ self.meaning_output + self.meaning_output_bias
        return tuple(sigmoid(float(score)) for score in scores)

    def read(self, vector, meaning):
        """Risk to life and any distress (each the mean rank of both readings), every topic
        the model knows with its probability, most likely first, and each reading's
        probabilities."""
        rows, values = vector
        scores = self.intercepts + values @ self.weights[rows]
        words = tuple(sigmoid(float(score)) for score in scores[:2])
        crisis, distress = (
            float(combined(word_score, meaning_score, self.ranks[head]))
            for head, word_score, meaning_score in zip(HEADS, words, meaning, strict=True)
        )
        topic_scores = scores[2:]
        exponents = np.exp(topic_scores - topic_scores.max())
        probabilities = exponents / exponents.sum()
        topics = [
            (self.topic_slugs[index], float(probabilities[index]))
            for index in np.argsort(-probabilities, kind="stable")
        ]
        return crisis, distress, topics, {"words": words, "meaning": meaning}

    def strongest(self, vector, count=6):
        """The features that pushed the n-gram model's crisis score most, either way (none
        for a query judged without the model's features)."""
        if vector is None:
            return []
        rows, values = vector
        pushes = [
            (self.features[row], float(push))
            for row, push in zip(rows, values * self.weights[rows, 0], strict=True)
        ]
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
    """Editors' examples: word for word, and as unit vectors in the model's features, held
    feature by feature (compressed sparse rows) for finding the nearest."""

    def __init__(self, model, examples):
        self.examples = []
        self.phrases = []
        rows, positions, values = [], [], []
        for kind, example_text in examples:
            example_words = words(example_text)
            if kind != "everyday" and example_words:
                spaced = f" {' '.join(example_words)} "
                self.phrases.append((kind, example_text, example_words, spaced))
            example_rows, example_values = model.vector(example_words)
            length = np.linalg.norm(example_values)
            if not length:
                continue
            rows.append(example_rows)
            positions.append(np.full(len(example_rows), len(self.examples)))
            values.append(example_values / length)
            self.examples.append((kind, example_text))
        rows = np.concatenate(rows) if rows else np.zeros(0, np.intp)
        order = np.argsort(rows, kind="stable")
        self.positions = np.concatenate(positions)[order] if positions else np.zeros(0, np.intp)
        self.values = np.concatenate(values)[order] if values else np.zeros(0)
        # The examples holding feature r are positions[starts[r]:starts[r + 1]].
        counts = np.bincount(rows, minlength=len(model.features))
        self.starts = np.concatenate(([0], np.cumsum(counts)))

    def contained(self, word_list):
        """The crisis and concern examples that `word_list` holds word for word, in order, as
        (kind, example, its normalised words)."""
        typed = f" {' '.join(word_list)} "
        return [
            (kind, example, example_words)
            for kind, example, example_words, spaced in self.phrases
            if spaced in typed
        ]

    def nearest(self, vector, count=3):
        """The examples most like the query (cosine similarity), most alike first."""
        rows, values = vector
        length = np.linalg.norm(values)
        if not length or not self.examples:
            return []
        begins = self.starts[rows]
        counts = self.starts[rows + 1] - begins
        taken = np.repeat(begins - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        similarity = np.bincount(
            self.positions[taken],
            weights=self.values[taken] * np.repeat(values / length, counts),
            minlength=len(self.examples),
        )
        return [
            (round(float(similarity[position]), 3), *self.examples[position])
            for position in np.argsort(-similarity, kind="stable")[:count]
            if similarity[position] > 0
        ]


LETTERS = re.compile(r"[^\W\d_]")


def cannot_be_judged(query_text):
    """Typed something, but nothing the model can read: no words once punctuation is gone,
    or letters only in a script it was not trained on."""
    if not words(query_text):
        return bool(query_text.strip())
    letters = LETTERS.findall(query_text)
    return not any("a" <= fold(letter) <= "z" for letter in letters)


def small_part(example_words, word_list):
    """Whether an example held word for word is under half of the query's words."""
    return 2 * len(example_words) < len(word_list)


def judge(model, examples, query_text, word_list, word_concepts):
    """The level for a query whose everyday phrases are already set aside (`word_list`, and
    the concepts of each of its words)."""
    if cannot_be_judged(query_text):
        return Judgement("concern", reasons=["Nothing here can be read with confidence."])
    if not word_list:
        return Judgement("none", reasons=["Only everyday phrases."])
    vector = model.vector(word_list, word_concepts)
    crisis, distress, topics, readings = model.read(vector, model.meaning(query_text))
    judgement = Judgement(
        "none",
        crisis=round(crisis, 3),
        distress=round(distress, 3),
        readings={
            reading: tuple(round(score, 3) for score in scores)
            for reading, scores in readings.items()
        },
        nearest=examples.nearest(vector),
        features=vector,
        topics=topics,
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
    contained = examples.contained(word_list)
    little_risk = crisis < thresholds["crisis_line"]
    for kind in ("concern", "crisis"):
        held = [(example, found) for found_kind, example, found in contained if found_kind == kind]
        if not held:
            continue
        example, example_words = max(held, key=lambda held_example: len(held_example[1]))
        level = kind
        reason = f"Holds the editors' example “{example}”."
        if kind == "crisis" and little_risk and small_part(example_words, word_list):
            # "an overdose of netflix", "en finir avec la procrastination": one crisis word in
            # an everyday sentence the model sees little risk in gets the short line.
            level = "concern"
            reason = (
                f"Holds the editors' crisis example “{example}”, but it is a small part of "
                "the query and the model sees little risk."
            )
        if RANK[level] > RANK[judgement.level]:
            judgement.level = level
            judgement.reasons.append(reason)
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
