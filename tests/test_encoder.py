"""The sentence encoder the understanding model reads (search/encoder.py)."""

import numpy as np
import pytest
from scipy.special import erf
from tokenizers import Tokenizer

from search import corpus
from search.encoder import LAYERS, MOST_TOKENS, load_encoder, model_folder, read_safetensors


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


def bert_meaning(encoder, text, layers, tensors):
    """The same meaning computed plainly in 32-bit numpy from the package's weights, as
    BERT defines its layers: the reference for the 8-bit graph Waymark runs."""

    def dense(name, values):
        return values @ tensors[f"{name}.weight"].T + tensors[f"{name}.bias"]

    def norm(name, values):
        mean = values.mean(axis=-1, keepdims=True)
        deviation = np.sqrt(values.var(axis=-1, keepdims=True) + 1e-12)
        return (values - mean) / deviation * tensors[f"{name}.weight"] + tensors[f"{name}.bias"]

    ids = encoder.token_ids(text)
    states = norm(
        "embeddings.LayerNorm",
        tensors["embeddings.word_embeddings.weight"][ids]
        + tensors["embeddings.position_embeddings.weight"][: len(ids)]
        + tensors["embeddings.token_type_embeddings.weight"][0],
    )
    heads, width = 12, states.shape[1] // 12
    for number in range(layers):
        prefix = f"encoder.layer.{number}."

        def split(part, states=states, prefix=prefix):
            projected = dense(f"{prefix}attention.self.{part}", states)
            return projected.reshape(len(ids), heads, width).transpose(1, 0, 2)

        scores = split("query") @ split("key").transpose(0, 2, 1) / np.sqrt(width)
        weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights /= weights.sum(axis=-1, keepdims=True)
        attended = (weights @ split("value")).transpose(1, 0, 2).reshape(len(ids), -1)
        states = norm(
            f"{prefix}attention.output.LayerNorm",
            dense(f"{prefix}attention.output.dense", attended) + states,
        )
        inner = dense(f"{prefix}intermediate.dense", states)
        inner = 0.5 * inner * (1 + erf(inner / np.sqrt(2)))
        states = norm(f"{prefix}output.LayerNorm", dense(f"{prefix}output.dense", inner) + states)
    mean = states.mean(axis=0)
    return mean / np.linalg.norm(mean)


def test_the_8_bit_layers_mean_what_bert_computes_in_32_bits():
    encoder = load_encoder()
    tensors = read_safetensors(model_folder() / "model.safetensors")
    texts = [query.text for query in corpus.load("test")][::10]
    similarities = [
        encoder.encode(text) @ bert_meaning(encoder, text, LAYERS, tensors) for text in texts
    ]
    assert min(similarities) > 0.99


def test_a_query_longer_than_the_model_reads_is_cut_not_refused():
    encoder = load_encoder()
    meaning = encoder.encode("i cant do this anymore " * 100)
    assert np.isclose(np.linalg.norm(meaning), 1, atol=1e-5)
