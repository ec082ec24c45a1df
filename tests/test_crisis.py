"""Crisis detection: judged on phrasing nobody listed, misspellings and other languages."""

from django.core.exceptions import ValidationError

import pytest

from search import corpus
from search.crisis import CrisisDetector
from search.models import CrisisPhrase
from search.understanding import get_query_context

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
    # A letter from a short crisis word ("cort", "wish", "till") is another everyday word.
    "kill a process on port 8080",
    "how much does therapy cost",
    "out with my friends till late",
]


@pytest.fixture
def detector():
    """The detector searches use: crisis phrases, and everyday phrases set aside."""
    return get_query_context().detector


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


@pytest.mark.parametrize(
    "query",
    [
        "how to kill time without my phone",
        "social media addiction",
        "how to take a break from social media",
        "cutting down on screen time",
        "dying to know how the series ends",
        "matar el tiempo en el bus",
        "réseaux sociaux et adolescents",
    ],
)
def test_everyday_phrases_are_set_aside_before_judging(detector, query):
    assert not detector.is_crisis(query), detector.matches(query)


@pytest.mark.parametrize(
    "query",
    [
        "i want to kill myself i cant kill time like this anymore",
        "social media made me want to end my life",
        "cutting down on screen time wont stop me cutting myself",
    ],
)
def test_everyday_phrases_never_hide_a_crisis_beside_them(detector, query):
    assert detector.is_crisis(query)


def test_an_everyday_phrase_added_by_an_editor_counts_at_once():
    query = "fortnite best landing spot for kills"
    assert get_query_context().detector.is_crisis(query)
    CrisisPhrase.objects.create(text="spot for kills", kind="everyday")
    assert not get_query_context().detector.is_crisis(query)


def test_editors_can_add_phrases():
    assert not CrisisDetector([]).is_crisis("going to walk into the sea")
    CrisisPhrase.objects.create(text="walk into the sea")
    detector = CrisisDetector(CrisisPhrase.objects.values_list("text", flat=True))
    assert detector.is_crisis("going to walk into the sea")
    assert detector.is_crisis("tonight i will wlk into the sea")


@pytest.mark.django_db
class TestTryAPhrase:
    """Administrators, who keep the crisis phrases, try a phrase and see how the finder
    would answer it and why, without anything being stored."""

    address = "/admin/crisis-phrases/try/"

    def test_a_phrase_is_judged_with_its_reasons(self, admin_client):
        count = CrisisPhrase.objects.count()
        response = admin_client.post(self.address, {"phrase": "i want to kill myself"})
        page = response.content.decode()
        assert response.status_code == 200 and "Crisis: the crisis panel comes first" in page
        assert "Risk to life scores" in page.split("Why", 1)[1]
        assert "kill myself" in page.split("Nearest editors’ examples", 1)[1]
        assert "Risk to life" in page.split("Scores", 1)[1]
        readings = page.split("Each reading’s probabilities", 1)[1]
        assert "Its words and phrases: risk 1.00" in readings
        assert "Its meaning as a whole: risk 1.00" in readings
        pushed = page.split("Words and phrases that pushed the risk most", 1)[1].split("</dd>")[0]
        assert "<code>" in pushed and "kill" in pushed
        assert "no-store" in response["Cache-Control"]
        assert CrisisPhrase.objects.count() == count

    def test_distress_without_risk_shows_its_words(self, admin_client):
        page = admin_client.post(self.address, {"phrase": "i feel worthless"}).content.decode()
        assert "Concern:" in page and "Distress scores" in page.split("Why", 1)[1]

    def test_an_empty_phrase_is_explained(self, admin_client):
        response = admin_client.post(self.address, {"phrase": "  "})
        assert response.status_code == 400 and "This field is required" in response.content.decode()

    @pytest.mark.parametrize("role", ["own editor", "moderator", "clinical reviewer"])
    def test_only_those_who_keep_the_phrases_may_try_them(self, client, user_with_role, role):
        client.force_login(user_with_role(role))
        assert client.get(self.address).status_code in (302, 403)
        assert client.post(self.address, {"phrase": "i feel worthless"}).status_code in (302, 403)


@pytest.mark.django_db
class TestModelReport:
    address = "/admin/crisis-phrases/report/"

    def test_the_test_split_scores_are_shown_per_language(self, admin_client):
        response = admin_client.get(self.address)
        page = response.content.decode()
        tested = len(corpus.load("test"))
        assert response.status_code == 200 and f"{tested} phrases of the frozen test split" in page
        for language in ("all", "en", "cy", "es", "fr", "de"):
            assert f'<th scope="row">{language}</th>' in page

    @pytest.mark.parametrize("role", ["own editor", "moderator", "clinical reviewer"])
    def test_only_those_who_keep_the_phrases_see_it(self, client, user_with_role, role):
        client.force_login(user_with_role(role))
        assert client.get(self.address).status_code in (302, 403)


def test_an_everyday_phrase_needs_two_words():
    with pytest.raises(ValidationError, match="two words or more"):
        CrisisPhrase(text="kill", kind="everyday", language="en").full_clean()
    CrisisPhrase(text="kill some time", kind="everyday", language="en").full_clean()
