"""Fine-tuning the sentence encoder's layers on the corpus (`manage.py train_encoder`).

Training only: it needs torch, which the site never installs (`make train-encoder` runs it
in an environment of its own). The model is the one search/encoder.py runs, written out in
torch so that it can learn: the embeddings' normalisation, the first `LAYERS` layers of
all-MiniLM-L6-v2 under BERT's names, and a head reading the mean of the tokens' states
with two outputs, risk to life (crisis) and any distress (crisis or concern). The word
embeddings stay as published; everything else learns.
"""

import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from search.classifier import HEADS
from search.encoder import ATTENTION_HEADS, EPSILON, LAYERS

EPOCHS = 4
BATCH = 32
LEARNING_RATE = 5e-5
HEAD_LEARNING_RATE = 1e-3
WEIGHT_DECAY = 0.01
# The learning rate rises over the first tenth of the steps, then falls to nothing.
WARM_UP = 0.1
DROPOUT = 0.1


def linear(tensors, name):
    weight = tensors[f"{name}.weight"]
    layer = nn.Linear(weight.shape[1], weight.shape[0])
    layer.weight.data = torch.tensor(np.array(weight))
    layer.bias.data = torch.tensor(np.array(tensors[f"{name}.bias"]))
    return layer


def norm(tensors, name):
    weight = tensors[f"{name}.weight"]
    layer = nn.LayerNorm(weight.shape[0], eps=EPSILON)
    layer.weight.data = torch.tensor(np.array(weight))
    layer.bias.data = torch.tensor(np.array(tensors[f"{name}.bias"]))
    return layer


class Layer(nn.Module):
    def __init__(self, tensors, prefix):
        super().__init__()
        self.query, self.key, self.value = (
            linear(tensors, f"{prefix}attention.self.{part}") for part in ("query", "key", "value")
        )
        self.attended = linear(tensors, f"{prefix}attention.output.dense")
        self.attended_norm = norm(tensors, f"{prefix}attention.output.LayerNorm")
        self.inner = linear(tensors, f"{prefix}intermediate.dense")
        self.output = linear(tensors, f"{prefix}output.dense")
        self.output_norm = norm(tensors, f"{prefix}output.LayerNorm")
        self.dropout = nn.Dropout(DROPOUT)

    def forward(self, states, mask_bias):
        batch, tokens, size = states.shape
        width = size // ATTENTION_HEADS

        def heads(projection):
            return projection(states).view(batch, tokens, ATTENTION_HEADS, width).transpose(1, 2)

        query, key, value = heads(self.query), heads(self.key), heads(self.value)
        scores = query @ key.transpose(-1, -2) / math.sqrt(width) + mask_bias
        attended = (torch.softmax(scores, -1) @ value).transpose(1, 2).reshape(batch, tokens, size)
        states = self.attended_norm(states + self.dropout(self.attended(attended)))
        inner = functional.gelu(self.inner(states))
        return self.output_norm(states + self.dropout(self.output(inner)))


class Encoder(nn.Module):
    def __init__(self, tensors):
        super().__init__()
        words = torch.tensor(np.array(tensors["embeddings.word_embeddings.weight"]))
        self.words = nn.Embedding.from_pretrained(words, freeze=True)
        positions = np.array(tensors["embeddings.position_embeddings.weight"])
        self.positions = nn.Parameter(torch.tensor(positions))
        token_type = np.array(tensors["embeddings.token_type_embeddings.weight"])
        self.token_type = nn.Parameter(torch.tensor(token_type))
        self.embedded_norm = norm(tensors, "embeddings.LayerNorm")
        self.layers = nn.ModuleList(
            Layer(tensors, f"encoder.layer.{number}.") for number in range(LAYERS)
        )
        self.head = nn.Linear(words.shape[1], len(HEADS))
        self.dropout = nn.Dropout(DROPOUT)

    def forward(self, ids, mask):
        tokens = ids.shape[1]
        embedded = self.words(ids) + self.positions[:tokens] + self.token_type[0]
        states = self.embedded_norm(embedded)
        mask_bias = (1.0 - mask[:, None, None, :]) * -1e4
        for layer in self.layers:
            states = layer(states, mask_bias)
        mean = (states * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return self.head(self.dropout(mean))

    def tensors(self):
        """The trained weights under the names search/encoder.py reads, in 16 bits."""

        def half(parameter):
            return parameter.detach().numpy().astype(np.float16)

        found = {
            "embeddings.position_embeddings.weight": half(self.positions),
            "embeddings.token_type_embeddings.weight": half(self.token_type),
            "embeddings.LayerNorm.weight": half(self.embedded_norm.weight),
            "embeddings.LayerNorm.bias": half(self.embedded_norm.bias),
            "head.weight": half(self.head.weight),
            "head.bias": half(self.head.bias),
        }
        names = {
            "query": "attention.self.query",
            "key": "attention.self.key",
            "value": "attention.self.value",
            "attended": "attention.output.dense",
            "attended_norm": "attention.output.LayerNorm",
            "inner": "intermediate.dense",
            "output": "output.dense",
            "output_norm": "output.LayerNorm",
        }
        for number, layer in enumerate(self.layers):
            for attribute, name in names.items():
                part = getattr(layer, attribute)
                found[f"encoder.layer.{number}.{name}.weight"] = half(part.weight)
                found[f"encoder.layer.{number}.{name}.bias"] = half(part.bias)
        return found


def padded(token_ids, positions):
    longest = max(len(token_ids[position]) for position in positions)
    ids = torch.zeros(len(positions), longest, dtype=torch.long)
    mask = torch.zeros(len(positions), longest)
    for row, position in enumerate(positions):
        found = token_ids[position]
        ids[row, : len(found)] = torch.tensor(found)
        mask[row, : len(found)] = 1
    return ids, mask


def train(tensors, token_ids, targets, positions, seed, progress):
    """An encoder trained from the published `tensors` on the queries at `positions`
    (`targets`: one row per query, crisis and distress as 0 or 1)."""
    torch.manual_seed(seed)
    model = Encoder(tensors)
    body = [
        parameter
        for name, parameter in model.named_parameters()
        if parameter.requires_grad and not name.startswith("head.")
    ]
    optimiser = torch.optim.AdamW(
        [
            {"params": body, "lr": LEARNING_RATE},
            {"params": model.head.parameters(), "lr": HEAD_LEARNING_RATE},
        ],
        weight_decay=WEIGHT_DECAY,
    )
    steps = EPOCHS * math.ceil(len(positions) / BATCH)

    def rate(step):
        return min(1.0, step / (WARM_UP * steps)) * max(0.0, (steps - step) / steps)

    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
    targets = torch.tensor(targets, dtype=torch.float32)
    shuffle = np.random.default_rng(seed)
    for epoch in range(1, EPOCHS + 1):
        model.train()
        order = shuffle.permutation(positions)
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            loss = functional.binary_cross_entropy_with_logits(
                model(*padded(token_ids, batch)), targets[batch]
            )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        progress(f"epoch {epoch}/{EPOCHS}")
    model.eval()
    return model


def scores(model, token_ids, positions):
    """The probability of each head for the queries at `positions`, as the site reads it."""
    found = np.zeros((len(positions), len(HEADS)), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(positions), 128):
            batch = positions[start : start + 128]
            found[start : start + len(batch)] = torch.sigmoid(
                model(*padded(token_ids, batch))
            ).numpy()
    return found
