"""How typed text is reduced to comparable words (search/text.py)."""

import pytest

from search.text import similar, stem, words


def test_informal_spelling_is_expanded_and_accents_fold():
    assert words("I can't cope, wanna   DIEEE") == ["i", "can", "not", "cope", "want", "to", "die"]
    assert words("Teléfono k1ll") == ["telefono", "kill"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("trolls", "troll"), ("trolling", "troll"), ("comments", "comment"), ("harassment", "harass")],
)
def test_inflections_share_a_stem(word, expected):
    assert stem(word) == expected


def test_typos_of_a_letter_or_two_are_similar_but_short_words_must_match():
    assert similar("suicde", "suicide")
    assert similar("cyberbulying", "cyberbullying")
    assert not similar("cat", "cut")


def test_a_short_word_is_misspelt_only_by_a_letter_left_out():
    assert similar("kil", "kill")
    assert similar("tim", "time")
    assert similar("myslef", "myself")
    # A letter changed or added in a word of four makes another everyday word of it.
    assert not similar("with", "wish")
    assert not similar("does", "dies")
    assert not similar("port", "cort")
    assert not similar("kills", "kill")


def test_a_common_word_is_never_a_misspelling():
    assert not similar("would", "could")
    assert not similar("where", "here")
    assert similar("woud", "would")
