"""The multilingual sentence encoder and the network that reads its meaning
(search/encoder.py, search/classifier.py)."""

import json

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier

from search import classifier
from search.encoder import MOST_CHARACTERS, load_encoder
from search.management.commands.train_understanding import meaning_weights


def cosine(first, second):
    return float(first @ second / np.linalg.norm(first) / np.linalg.norm(second))


@pytest.mark.parametrize(
    "english, translated, look_alike",
    [
        ("I want to end my life", "quiero acabar con mi vida", "quiero acabar mis deberes"),
        ("I want to die tonight", "je veux mourir ce soir", "je veux dormir ce soir"),
        ("nobody would miss me", "niemand würde mich vermissen", "niemand hat mein Handy gesehen"),
    ],
)
def test_a_crisis_in_another_language_means_what_it_means_in_english(
    english, translated, look_alike
):
    """Why this encoder: what the corpus teaches in one language carries to the others, so a
    translation lies nearer the English than an everyday sentence sharing its words does."""
    encoder = load_encoder()
    meaning = encoder.encode(translated)
    assert cosine(meaning, encoder.encode(english)) > cosine(meaning, encoder.encode(look_alike))


def test_an_empty_query_still_has_a_meaning_and_probabilities():
    model = classifier.load_model()
    for text in ["how to stop doomscrolling", "", "!!!", "😢💀 我想死"]:
        assert model.encoder.encode(text).shape == (model.encoder.dimensions,)
        probabilities = np.array(model.meaning(text))
        assert probabilities.shape == (2,)
        assert ((probabilities > 0) & (probabilities < 1)).all()


def test_a_long_query_is_cut_so_that_it_takes_no_longer_than_a_search_box_holds():
    encoder = load_encoder()
    kept = "I feel like nobody would notice if I was gone " * 7
    assert len(kept) > MOST_CHARACTERS
    longer = kept + "and this part is never read " * 500
    assert np.array_equal(encoder.encode(longer), encoder.encode(kept[:MOST_CHARACTERS]))


def test_the_finder_reads_the_trained_networks_as_scikit_learn_computes_them():
    """The weights written to the model file, read at run time, give for the same meaning the
    sigmoid of the mean logit of each head's networks as scikit-learn computes them."""
    encoder = load_encoder()
    texts = ["i cant go on anymore", "how to kill time on a train", "me siento sola", "hallo"]
    meanings = np.array([encoder.encode(text) for text in texts])
    generator = np.random.default_rng(0)
    training = np.vstack([meanings, generator.normal(size=(60, encoder.dimensions))])
    committees = [
        [
            MLPClassifier((16,), max_iter=1000, random_state=seed).fit(
                training, training[:, column] > np.median(training[:, column])
            )
            for seed in (column + 1, column + 3)
        ]
        for column in (0, 1)
    ]
    data = json.loads(classifier.MODEL_FILE.read_text(encoding="utf-8"))
    data["meaning"] = {
        head: meaning_weights(networks)
        for head, networks in zip(classifier.HEADS, committees, strict=True)
    }
    model = classifier.Model(data, encoder)
    for text, meaning in zip(texts, meanings, strict=True):
        expected = []
        for networks in committees:
            chances = [network.predict_proba(meaning[None])[0, 1] for network in networks]
            logit = np.mean([np.log(p / (1 - p)) for p in chances])
            expected.append(1 / (1 + np.exp(-logit)))
        assert model.meaning(text) == pytest.approx(expected, abs=1e-4)
