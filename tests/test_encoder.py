"""The sentence encoder the understanding model reads (search/encoder.py)."""

import numpy as np
import pytest
from tokenizers import Tokenizer

from search import corpus
from search.encoder import MOST_TOKENS, load_encoder, model_folder


@pytest.fixture(scope="module")
def reference_tokenizer():
    """Hugging Face's own tokenizer for the model, as its authors configured it."""
    tokenizer = Tokenizer.from_file(str(model_folder() / "tokenizer.json"))
    tokenizer.no_padding()
    return tokenizer


def test_the_tokenizer_matches_hugging_faces_on_every_corpus_query(reference_tokenizer):
    encoder = load_encoder()
    texts = [query.text for query in corpus.load()]
    texts += [
        "  Tabs\tand\nnew lines, ÀCCENTS and “quotes” — dashes… 😢💀 我想死 kms!!!",
        "a" * 150,
        " ".join(["word"] * (MOST_TOKENS + 20)),
        "\u200bzero\u00a0width and no-break spaces\x00",
    ]
    different = [
        text for text in texts if encoder.token_ids(text) != reference_tokenizer.encode(text).ids
    ]
    assert different == []


def test_a_meaning_has_unit_length_and_an_empty_query_still_has_one():
    encoder = load_encoder()
    for text in ["how to stop doomscrolling", "", "!!!"]:
        meaning = encoder.encode(text)
        assert meaning.shape == (encoder.dimensions,)
        assert np.isclose(np.linalg.norm(meaning), 1, atol=1e-5)
