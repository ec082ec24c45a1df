"""Crisis detection: judged on phrasing nobody listed, misspellings and other languages."""

import pytest

from search.crisis import CrisisDetector
from search.models import CrisisPhrase

pytestmark = pytest.mark.django_db

# None of these is a seeded phrase verbatim.
AT_RISK = [
    "i want to kill myslef",
    "thinking about ending my own life",
    "i wish i wasnt alive anymore",
    "sucidal thoughts again",
    "everyone would be better off if i was gone",
    "i dont wanna be here anymore",
    "how many pills to overdose",
    "i keep cutting my arms",
    "i want it all to be over",
    "planning to end things tonight",
    "i want to unalive myself",
    "kms",
    "I'm going to hang myself tonight",
    "thinking of taking all my tablets",
    "i hurt myself on purpose",
    "how to tie a noose",
    "i'm scared my dad is going to hurt me",
    "i feel like dying",
    "life isnt worth living",
    "i cant take it anymore",
    "wanna die lol",
    "want to sleep forever and never wake up",
    "i'm a burden to everyone",
    "writing a goodbye letter",
    "self-harm scars",
    "SUICIDE",
    "ya no quiero vivir",
    "quiero morirme",
    "tengo ganas de suicidarme",
    "je veux en finir",
    "je pense au suicide",
    "ich will nicht mehr leben",
    "how much paracetamol is lethal",
]

NOT_AT_RISK = [
    "screen time tips",
    "how to curate my feed",
    "bullying at school",
    "someone left mean comments",
    "how to stop doomscrolling",
    "feeling lonely at uni",
    "social comparison on instagram",
    "i feel anxious before exams",
    "end of term exams stress",
    "my phone is dying",
    "hanging out with friends",
    "killing time on tiktok",
    "best way to end a friendship",
    "i want to stop comparing myself",
    "how to take a break from my phone",
]


@pytest.fixture
def detector():
    return CrisisDetector(CrisisPhrase.objects.values_list("text", flat=True))


def test_seeded_list_is_multilingual():
    languages = set(CrisisPhrase.objects.values_list("language", flat=True))
    assert {"en", "es", "fr", "de"} <= languages
    assert CrisisPhrase.objects.count() >= 50


@pytest.mark.parametrize("query", AT_RISK)
def test_unlisted_phrasings_of_risk_are_caught(detector, query):
    assert detector.is_crisis(query), f"missed: {query}"


@pytest.mark.parametrize("query", NOT_AT_RISK)
def test_everyday_questions_are_not_flagged(detector, query):
    assert not detector.is_crisis(query), detector.matches(query)


def test_editors_can_add_phrases():
    assert not CrisisDetector([]).is_crisis("going to walk into the sea")
    CrisisPhrase.objects.create(text="walk into the sea")
    detector = CrisisDetector(CrisisPhrase.objects.values_list("text", flat=True))
    assert detector.is_crisis("going to walk into the sea")
    assert detector.is_crisis("tonight i will wlak into the sea")
