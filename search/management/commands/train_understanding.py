"""Train the understanding model: `python manage.py train_understanding`.

Reads the train split of search/corpus/ and editors' crisis, concern and everyday examples,
fits both heads on all of it and writes search/model/understanding.json. The short line's
thresholds are chosen by five-fold cross-validation on the train split, the crisis panel's
on the development split, which is never learnt from; the test split is never read. Each head
has two readings: a logistic regression over the n-gram features, and networks with one
hidden layer over the multilingual encoder's meaning of the query (search/encoder.py), three
random starts whose logits are averaged;
each query's score is the mean of its ranks under both, ranked among their held-out scores
on the same folds. Needs scikit-learn, a development dependency: the site itself only
reads the file.
"""

import json
import math
from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from search import corpus
from search.classifier import MEANING_PARTS, MODEL_FILE, RANKS, combined, features, weighted
from search.crisis import CrisisDetector
from search.encoder import EncoderMissing, load_encoder
from search.models import CrisisPhrase

FOLDS = 5
HEADS = {"crisis": {"crisis"}, "distress": {"crisis", "concern"}}
# Inverse regularisation strength of both heads, chosen by cross-validation on the train
# split (C of 3, 10 and 30, with and without the word block; 30 caught the most crises).
REGULARISATION = 30
LEVEL_OF_KIND = {"crisis": "crisis", "concern": "concern", "everyday": "none"}
# The network over the encoder's meaning: hidden units and weight decay, chosen by
# cross-validation on the train split (docs/understanding.md).
MEANING_HIDDEN_UNITS = 256
MEANING_DECAY = 1e-3
# Random starts of that network, whose logits are averaged so that a query's score does not
# rest on one start's luck.
MEANING_STARTS = 3


class Command(BaseCommand):
    help = "Train the crisis and distress model on the corpus's train split and editors' examples."

    def add_arguments(self, parser):
        parser.add_argument(
            "--crisis-alarms",
            type=float,
            default=0.015,
            help="Share of the development split's everyday queries about life online allowed "
            "to raise the crisis panel: under the 2% target, because editors' examples raise "
            "a few the model's score does not, and a split of this size is a point or so out "
            "either way.",
        )
        parser.add_argument(
            "--line-alarms",
            type=float,
            default=0.15,
            help="Share of everyday queries allowed to show the short 'talk to someone' line.",
        )
        parser.add_argument("--output", default=str(MODEL_FILE))

    def handle(self, *args, crisis_alarms, line_alarms, output, **options):
        try:
            import numpy as np
            import sklearn  # noqa: F401 - the models below need it
        except ImportError as error:
            raise CommandError(
                f"Training needs the development dependencies ({error.name}): make install."
            ) from error
        if not (0 < crisis_alarms < 1 and 0 < line_alarms < 1):
            raise CommandError("Alarm shares are fractions between 0 and 1, such as 0.05.")

        phrases = list(CrisisPhrase.objects.values_list("kind", "text"))
        detector = CrisisDetector(
            [t for k, t in phrases if k == "crisis"],
            everyday=[t for k, t in phrases if k == "everyday"],
        )
        queries = corpus.load("train")
        rows = [(features(detector.without_everyday(q.text)), q.label) for q in queries]
        kept = [(detector.without_everyday(t), LEVEL_OF_KIND[k], t) for k, t in phrases]
        examples = [(features(found), level) for found, level, _ in kept if found]
        self.stdout.write(
            f"Training on {len(rows)} queries of the train split and {len(examples)} editors' "
            "examples…"
        )
        meanings = self.read_meanings(queries)
        development = corpus.load("dev")
        development_rows = [features(detector.without_everyday(q.text)) for q in development]
        development_meanings = self.read_meanings(development)
        labels = np.array([label for _, label in rows])
        targets = {head: np.isin(labels, list(levels)) for head, levels in HEADS.items()}
        languages = np.array([q.language for q in queries])
        # The everyday queries of the round the test split was drawn from. Later rounds wrote
        # theirs close to the line on purpose, to learn from.
        panel_everyday = np.array(
            [q.kind == "everyday-overlap" and q.round == corpus.FIRST_ROUND for q in queries]
        )

        self.stdout.write(f"Cross-validating in {FOLDS} folds…")
        words_scores = {head: np.zeros(len(rows)) for head in HEADS}
        meaning_scores = {head: np.zeros(len(rows)) for head in HEADS}
        folds = corpus.folds(queries, FOLDS)
        for number, held in enumerate(folds, start=1):
            train = np.setdiff1d(np.arange(len(rows)), held)
            idf, columns, heads = fit([rows[i] for i in train] + examples)
            matrix, _ = design([rows[i][0] for i in held], idf, columns)
            for head, model in heads.items():
                words_scores[head][held] = model.predict_proba(matrix)[:, 1]
                meaning_scores[head][held] = meaning_probabilities(
                    fit_meaning(meanings[train], targets[head][train]), meanings[held]
                )
            self.stdout.write(f"  fold {number}/{FOLDS}")
        # Each reading's held-out scores place a new query's score among the train split's.
        ranks = {
            head: {
                "words": rank_points(words_scores[head]),
                "meaning": rank_points(meaning_scores[head]),
            }
            for head in HEADS
        }
        scores = {
            head: combined(words_scores[head], meaning_scores[head], ranks[head]) for head in HEADS
        }

        self.stdout.write("Fitting on the whole train split and the examples…")
        topic_rows, topic_texts = topic_training(queries, detector)
        idf, columns, heads = fit(rows + examples, vocabulary=topic_texts)
        networks = {head: fit_meaning(meanings, targets[head]) for head in HEADS}

        matrix, _ = design(development_rows, idf, columns)
        development_scores = combined(
            heads["crisis"].predict_proba(matrix)[:, 1],
            meaning_probabilities(networks["crisis"], development_meanings),
            ranks["crisis"],
        )
        development_everyday = np.array([q.kind == "everyday-overlap" for q in development])
        everyday = scores["crisis"][labels == "none"], scores["distress"][labels == "none"]
        thresholds = {
            "crisis": smoothed_threshold_for(
                development_scores[development_everyday], crisis_alarms
            ),
            "crisis_line": threshold_for(everyday[0], line_alarms),
            "concern": threshold_for(everyday[1], line_alarms),
        }
        self.report_development(
            development, development_scores, thresholds["crisis"], development_everyday
        )
        rules = np.array([detector.is_crisis(q.text) for q in queries])
        validation = cross_validated_figures(
            labels, languages, scores, thresholds, rules, panel_everyday
        )
        for language, figures in validation.items():
            shown = ", ".join(f"{name} {value:.1%}" for name, value in figures.items())
            self.stdout.write(f"  {language}: {shown}")

        topic_validation = self.validate_topics(topic_rows, topic_texts)
        validation["topics"] = topic_validation
        shown = ", ".join(f"{name} {value:.1%}" for name, value in topic_validation.items())
        self.stdout.write(f"  topics: the right one {shown}")

        topics = fit_topics(topic_rows + topic_texts, idf, columns)
        table = {block: [] for block in idf}
        for name, column in columns.items():
            block, _, feature = name.partition(":")
            weights = [round(float(heads[head].coef_[0][column]), 3) for head in HEADS]
            table[block].append([feature, round(idf[block][feature], 4), *weights])
        model = {
            "trained": date.today().isoformat(),
            "trained_on": {"queries": len(rows), "examples": len(examples)},
            # The train split it learnt from: a test notices when the corpus has changed since.
            "corpus": corpus.fingerprint(queries),
            "intercepts": {head: float(heads[head].intercept_[0]) for head in HEADS},
            "meaning": {head: meaning_weights(starts) for head, starts in networks.items()},
            "ranks": ranks,
            "thresholds": {name: round(value, 4) for name, value in thresholds.items()},
            "validation": validation,
            "features": {block: sorted(found) for block, found in table.items()},
            "topics": {
                "intercepts": dict(zip(topics.classes_, topics.intercept_.tolist(), strict=True)),
                "weights": topic_weights(topics, columns),
            },
        }
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(model, handle, ensure_ascii=False, separators=(",", ":"))
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(columns)} features)."))

    def read_meanings(self, queries):
        """The encoder's meaning of every query, as the finder reads it at run time."""
        import numpy as np

        try:
            encoder = load_encoder()
        except EncoderMissing as error:
            raise CommandError(f"The sentence encoder cannot run: {error}.") from error
        self.stdout.write(f"Reading the meaning of {len(queries)} queries…")
        meanings = np.zeros((len(queries), encoder.dimensions))
        for number, query in enumerate(queries, start=1):
            meanings[number - 1] = encoder.encode(query.text)
            if number % 2000 == 0 or number == len(queries):
                self.stdout.write(f"  {number}/{len(queries)}")
        return meanings

    def report_development(self, development, scores, threshold, everyday):
        """What the crisis panel's threshold does on the development split, by the model's
        score alone (editors' examples can raise a few more); `everyday` marks its everyday
        queries about life online."""
        import numpy as np

        panel = scores >= threshold
        languages = np.array([q.language for q in development])
        at_risk = np.array([q.label == "crisis" for q in development])
        self.stdout.write(f"The crisis panel from {threshold:.4f}, on the development split:")
        for language in corpus.LANGUAGES:
            mine = languages == language
            self.stdout.write(
                f"  {language}: crisis recall {panel[mine & at_risk].mean():.1%}, "
                f"everyday queries given the panel {panel[mine & everyday].mean():.1%}"
            )

    def validate_topics(self, rows, texts):
        """Cross-validated: how often a help-seeking query's topic comes first, or among
        the first three or five."""
        from sklearn.model_selection import StratifiedKFold

        self.stdout.write("Cross-validating the topics…")
        places = []
        folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
        for train, held in folds.split(rows, [topic for _, topic in rows]):
            training = [rows[i] for i in train] + texts
            idf = document_frequencies([blocks for blocks, _ in training])
            _, columns = design([blocks for blocks, _ in training], idf)
            model = fit_topics(training, idf, columns)
            matrix, _ = design([rows[i][0] for i in held], idf, columns)
            for i, ranked in zip(held, ranked_topics(model, matrix), strict=True):
                places.append(ranked.index(rows[i][1]))
        return {
            name: round(sum(place < limit for place in places) / len(places), 3)
            for name, limit in (("first", 1), ("first three", 3), ("first five", 5))
        }


def ranked_topics(model, matrix):
    import numpy as np

    order = np.argsort(-model.predict_proba(matrix), axis=1)
    return [[model.classes_[i] for i in row] for row in order]


def topic_training(queries, detector):
    """Help-seeking queries of the train split with their topic, and every topic's own
    words (name, synonyms, description) as examples of it."""
    from resources.models import Topic

    rows = [(features(detector.without_everyday(q.text)), q.topic) for q in queries if q.topic]
    texts = []
    for topic in Topic.objects.all():
        for text in [topic.name, *topic.synonym_list, topic.description]:
            kept = detector.without_everyday(text or "")
            if kept:
                texts.append((features(kept), topic.slug))
    if not texts:
        raise CommandError("There are no topics to learn: load the demo content first.")
    return rows, texts


def fit_topics(rows, idf, columns):
    from sklearn.linear_model import LogisticRegression

    matrix, _ = design([blocks for blocks, _ in rows], idf, columns)
    model = LogisticRegression(C=10, max_iter=5000)
    return model.fit(matrix, [topic for _, topic in rows])


def topic_weights(model, columns, smallest=0.05):
    """Per feature, the topics it speaks for or against; weights too small to matter are
    left out to keep the file small."""
    weights = {}
    for name, column in columns.items():
        found = {
            topic: round(float(model.coef_[index][column]), 3)
            for index, topic in enumerate(model.classes_)
            if abs(model.coef_[index][column]) >= smallest
        }
        if found:
            weights[name] = found
    return weights


def fit_meaning(meanings, target):
    """The networks reading one head from the encoder's meanings, one from each random start
    (MEANING_STARTS): a query's score is the sigmoid of their mean logit, so that no single
    start decides it."""
    from sklearn.neural_network import MLPClassifier

    return [
        MLPClassifier(
            (MEANING_HIDDEN_UNITS,),
            alpha=MEANING_DECAY,
            early_stopping=True,
            max_iter=200,
            random_state=start,
        ).fit(meanings, target)
        for start in range(MEANING_STARTS)
    ]


def meaning_parts(networks):
    """A head's networks as one wider network (MEANING_PARTS): their hidden layers side by
    side, and an output that averages their logits."""
    import numpy as np

    return (
        np.hstack([network.coefs_[0] for network in networks]),
        np.concatenate([network.intercepts_[0] for network in networks]),
        np.concatenate([network.coefs_[1][:, 0] for network in networks]) / len(networks),
        float(np.mean([network.intercepts_[1][0] for network in networks])),
    )


def meaning_probabilities(networks, meanings):
    """The head's probability for each meaning, computed as the finder computes it."""
    import numpy as np

    hidden, hidden_bias, output, output_bias = meaning_parts(networks)
    logits = np.maximum(meanings @ hidden + hidden_bias, 0) @ output + output_bias
    return 1 / (1 + np.exp(-logits))


def meaning_weights(networks):
    """A head's networks as search/classifier.py reads them."""
    import numpy as np

    return {
        name: np.round(part, 5).tolist()
        for name, part in zip(MEANING_PARTS, meaning_parts(networks), strict=True)
    }


def threshold_for(scores, alarms):
    """The lowest score that at most a share `alarms` of `scores` reach. Queries ranked at
    the very top by both readings tie, so a quantile alone could let more through."""
    import numpy as np

    ordered = np.sort(scores)
    reaching = len(ordered) - np.searchsorted(ordered, ordered, side="left")
    allowed = ordered[reaching <= math.floor(round(alarms * len(ordered), 9))]
    return float(allowed[0] if len(allowed) else np.nextafter(ordered[-1], np.inf))


def smoothed_threshold_for(scores, alarms):
    """The score a share `alarms` of queries like these would reach, estimated as a weighted
    mean of all the order statistics (Harrell and Davis, 1982) rather than the one the sample
    happens to hold. A tail of a few hundred queries is a handful of them, and the gap between
    two neighbours moved the panel more between retrainings than the models changed. When
    more queries than the share allows tie at the very top, none of them is let through."""
    import numpy as np
    from scipy.stats.mstats import hdquantiles

    top = np.max(scores)
    if np.mean(scores == top) > alarms:
        return float(np.nextafter(top, np.inf))
    return float(hdquantiles(scores, [1 - alarms])[0])


def rank_points(scores):
    """The scores' quantiles, from the lowest to the highest, rounded to keep the file small."""
    import numpy as np

    points = np.quantile(scores, RANKS)
    return [round(float(point), 6) for point in points]


def fit(rows, vocabulary=()):
    """Inverse document frequencies and feature columns (from `rows` and any further
    `vocabulary`), and one fitted model per head, reading the rows' features."""
    from sklearn.linear_model import LogisticRegression

    every = [blocks for blocks, _ in rows] + [blocks for blocks, _ in vocabulary]
    idf = document_frequencies(every)
    _, columns = design(every, idf)
    matrix, _ = design([blocks for blocks, _ in rows], idf, columns)
    heads = {}
    for head, positive in HEADS.items():
        target = [label in positive for _, label in rows]
        model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000)
        heads[head] = model.fit(matrix, target)
    return idf, columns, heads


def design(blocks_list, idf, columns=None):
    """A sparse matrix of weighted features; new columns are added unless `columns` is
    given, when features outside it are left out (as at run time)."""
    from scipy.sparse import csr_matrix

    growing = columns is None
    columns = {} if growing else columns
    data, indices, pointers = [], [], [0]
    for blocks in blocks_list:
        for name, value in weighted(blocks, idf).items():
            if growing:
                columns.setdefault(name, len(columns))
            if name in columns:
                indices.append(columns[name])
                data.append(value)
        pointers.append(len(indices))
    shape = (len(blocks_list), len(columns))
    return csr_matrix((data, indices, pointers), shape=shape), columns


def document_frequencies(blocks_list):
    """Smoothed inverse document frequency of every feature, per block."""
    count = len(blocks_list)
    seen = {}
    for blocks in blocks_list:
        for block, counts in blocks.items():
            seen.setdefault(block, Counter()).update(counts.keys())
    return {
        block: {name: math.log((1 + count) / (1 + found)) + 1 for name, found in names.items()}
        for block, names in seen.items()
    }


def cross_validated_figures(labels, languages, scores, thresholds, rules, panel_everyday):
    """What the chosen thresholds do to held-out queries of the train split, per language.
    The rule layer's crisis phrases (`rules`) add the short line where the model is silent;
    `panel_everyday` marks the everyday queries the panel's threshold was chosen on."""
    crisis = scores["crisis"] >= thresholds["crisis"]
    line = ~crisis & (
        (scores["crisis"] >= thresholds["crisis_line"])
        | (scores["distress"] >= thresholds["concern"])
    )
    ruled = ~crisis & rules
    figures = {}
    for language in ["all", *corpus.LANGUAGES]:
        chosen = (languages == language) | (language == "all")
        at_risk, distressed = chosen & (labels == "crisis"), chosen & (labels == "concern")
        everyday = chosen & (labels == "none")
        figures[language] = {
            "crisis recall": round(float(crisis[at_risk].mean()), 3),
            "crisis help shown": round(float((crisis | line)[at_risk].mean()), 3),
            "concern helped": round(float((crisis | line)[distressed].mean()), 3),
            "everyday crisis alarms": round(float(crisis[everyday].mean()), 3),
            "first round's everyday crisis alarms": round(
                float(crisis[chosen & panel_everyday].mean()), 3
            ),
            "everyday line": round(float(line[everyday].mean()), 3),
            "crisis help shown with rules": round(
                float((crisis | line | ruled)[at_risk].mean()), 3
            ),
            "everyday line with rules": round(float((line | ruled)[everyday].mean()), 3),
        }
    return figures
