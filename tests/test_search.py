from django.apps import apps

import pytest

pytestmark = pytest.mark.django_db


def result_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [result.title for result in response.context["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Samaritans", "Samaritans"),
        ("feed", "Curating your feed"),
        ("harassment", "Responding to online harassment"),
        ("panic", "Getting through a panic moment"),
        ("Kids Help Phone", "Kids Help Phone"),
    ],
)
def test_search_finds_the_page_people_mean(client, query, expected):
    assert expected in result_titles(client, query)


def test_topic_synonyms_lead_to_tagged_pages(client):
    # "doomscrolling" is a synonym of Screen time; the guide never uses the word.
    assert "Setting screen-time boundaries that stick" in result_titles(client, "doomscrolling")


def test_search_shows_channels_for_helplines(client):
    html = client.get("/search/", {"q": "Shout"}).content.decode()
    assert 'href="sms:85258?body=SHOUT"' in html


def test_no_results_is_not_a_dead_end(client):
    response = client.get("/search/", {"q": "qqqzzzxxy"})
    html = response.content.decode()
    assert "Nothing matched" in html
    assert "Need to talk to someone now?" in html
    assert "/topics/cyberbullying/" in html


def test_search_terms_are_not_stored(client):
    # Wagtail's query log (Query.add_hit) lives in search_promotions, which Waymark leaves out.
    assert not apps.is_installed("wagtail.contrib.search_promotions")
    tables_before = {model: model.objects.count() for model in apps.get_models()}
    client.get("/search/", {"q": "a private worry"})
    assert tables_before == {model: model.objects.count() for model in apps.get_models()}


def test_silly_input_never_breaks_search(client):
    for query in ["", " ", "a" * 5000, "'; DROP TABLE", "\x00", "(((", "AND OR NOT"]:
        response = client.get("/search/", {"q": query, "page": "-1"})
        assert response.status_code == 200
