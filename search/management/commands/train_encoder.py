"""Fine-tune the sentence encoder's layers on the corpus's train split.

Writes search/model/encoder.npz: the trained layers (search/management/finetuning.py) in
16 bits, the held-out scores of each query of the train split from five-fold
cross-validation (the same folds as train_understanding, which weighs them against the
n-gram model's), and the train split's fingerprint. Needs torch: run it with
`make train-encoder`, then `make train-understanding`.
"""

from django.core.management.base import BaseCommand, CommandError

import numpy as np

from search import corpus
from search.encoder import (
    FINE_TUNED_FILE,
    EncoderMissing,
    SentenceEncoder,
    model_folder,
    read_safetensors,
)


class Command(BaseCommand):
    help = "Fine-tune the sentence encoder on the corpus's train split (needs torch)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(FINE_TUNED_FILE))

    def handle(self, *args, output, **options):
        try:
            from search.management import finetuning
        except ImportError as error:
            raise CommandError(
                f"Fine-tuning needs {error.name}, which only `make train-encoder` installs."
            ) from error
        try:
            published = read_safetensors(model_folder() / "model.safetensors")
            tokenizer = SentenceEncoder(model_folder(), fine_tuned=None)
        except (OSError, ValueError, EncoderMissing) as error:
            raise CommandError(f"The published encoder cannot be read: {error}.") from error
        queries = corpus.load("train")
        token_ids = [tokenizer.token_ids(query.text) for query in queries]
        targets = np.array(
            [[query.label == "crisis", query.label != "none"] for query in queries], np.float32
        )
        everything = np.arange(len(queries))
        held_out = np.zeros((len(queries), len(finetuning.HEADS)), np.float32)
        folds = corpus.folds(queries)
        self.stdout.write(f"Fine-tuning on {len(queries)} queries, cross-validated first…")
        for number, held in enumerate(folds, start=1):

            def progress(step, number=number):
                self.stdout.write(f"  fold {number}/{len(folds)}: {step}")

            model = finetuning.train(
                published, token_ids, targets, np.setdiff1d(everything, held), number, progress
            )
            held_out[held] = finetuning.scores(model, token_ids, held)
        self.stdout.write("Fine-tuning on the whole train split…")
        model = finetuning.train(
            published,
            token_ids,
            targets,
            everything,
            0,
            lambda step: self.stdout.write(f"  {step}"),
        )
        np.savez_compressed(
            output,
            held_out=held_out,
            corpus=np.array(corpus.fingerprint(queries)),
            **model.tensors(),
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
