"""/search/ as a visitor sees it: crisis help first, facets that work without JavaScript,
no dead ends, and nothing of the search kept."""

import logging

from django.apps import apps

import pytest

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_crisis_query_leads_with_the_crisis_panel(client):
    html = page(client, q="i dont want to be alive anymore", country="IE")
    panel = html.index("data-crisis-panel")
    assert panel < html.index('class="finder"')
    assert 'href="tel:112"' in html[panel:]
    assert "Samaritans Ireland" in html[panel:] and "Pieta" in html[panel:]


def test_everyday_query_has_no_crisis_panel(client):
    assert "data-crisis-panel" not in page(client, q="screen time")


def test_results_show_type_snippet_topics_and_channels(client):
    html = page(client, q="shout text support")
    assert 'class="result__type">Helpline' in html
    assert "<mark>support</mark>" in html
    assert 'href="sms:85258?body=SHOUT"' in html and "Open 24/7" in html
    assert 'href="/topics/anxiety/"' in html


def test_facets_are_a_plain_form_with_counts(client):
    html = page(client, q="bullying", type="guide")
    assert '<form class="facets" method="get"' in html
    assert 'name="type" value="guide" checked' in html
    assert 'name="type" value="helpline"' in html  # still offered, to widen the search
    assert 'class="facet__count">(' in html


def test_selected_value_without_results_is_shown_disabled(client):
    html = page(client, country="NZ", language="fr")
    assert 'name="language" value="fr" checked aria-disabled="true"' in html
    assert "Nothing matched" in html


def test_zero_results_still_offer_topics_and_crisis_lines(client):
    html = page(client, q="qqzzvvxx")
    assert "Nothing matched" in html
    assert "Need to talk to someone now?" in html
    assert 'href="/topics/cyberbullying/"' in html


def test_spelling_suggestion_links_to_the_corrected_search(client):
    html = page(client, q="esperanzza")
    if "Nothing matched" in html:
        assert "Did you mean" in html and "esperanza" in html


def test_pagination_keeps_the_filters(client):
    html = page(client, type="helpline")
    assert 'href="?type=helpline&amp;page=2"' in html


def test_type_ahead_suggestions(client):
    response = client.get("/search/suggest/", {"q": "lone"})
    assert response.json()["suggestions"][0] == "Loneliness"
    assert not response.cookies


def test_search_terms_are_not_stored(client):
    # Wagtail's query log (Query.add_hit) lives in search_promotions, which Waymark leaves out.
    assert not apps.is_installed("wagtail.contrib.search_promotions")
    tables_before = {model: model.objects.count() for model in apps.get_models()}
    page(client, q="a private worry")
    assert tables_before == {model: model.objects.count() for model in apps.get_models()}


def test_search_terms_are_not_logged(client, caplog):
    with caplog.at_level(logging.DEBUG):
        page(client, q="pineapple secret worry")
        client.get("/search/suggest/", {"q": "pineapple secret"})
    assert "pineapple" not in caplog.text


@pytest.mark.parametrize(
    "query",
    ["", " ", "a" * 5000, "'; DROP TABLE", "\x00\x01", "(((", '"unclosed', "*~^", "AND OR NOT"],
)
def test_odd_input_gives_a_normal_page(client, query):
    assert client.get("/search/", {"q": query, "page": "-1", "topic": "\x00"}).status_code == 200


def test_what_people_type_is_never_stored_by_caches(client):
    typed = client.get("/search/", {"q": "self harm"})
    assert "no-store" in typed["Cache-Control"] and "private" in typed["Cache-Control"]
    assert "no-store" in client.get("/search/suggest/", {"q": "self"})["Cache-Control"]
    browsing = client.get("/search/", {"type": "helpline"})
    assert "no-store" not in browsing.get("Cache-Control", "")


@pytest.mark.parametrize("address", ["/search/", "/helplines/"])
def test_distress_without_risk_adds_a_short_line_above_the_results(client, address):
    page = client.get(address, {"q": "i feel worthless and so alone"}).content.decode()
    assert "data-concern-line" in page and "Talk to someone now" in page
    assert "data-crisis-panel" not in page
    assert page.index("data-concern-line") < page.index('class="finder"')


def test_crisis_words_on_the_directory_lead_with_the_crisis_panel(client):
    page = client.get("/helplines/", {"q": "i want to kill myself"}).content.decode()
    assert page.count("data-crisis-panel") == 1 and "data-concern-line" not in page


def test_a_crisis_topic_page_shows_one_crisis_panel(client):
    page = client.get("/topics/self-harm/", {"q": "i want to kill myself"}).content.decode()
    assert page.count("data-crisis-panel") == 1


def test_when_no_helpline_in_the_chosen_country_fits_others_are_offered(client):
    html = page(client, q="trevor project", country="NZ")
    offer = html.index('id="elsewhere-heading"')
    assert "No helpline for New Zealand matches" in html[offer:]
    assert "The Trevor Project" in html[offer:]


def test_other_countries_are_not_offered_when_a_local_helpline_fits(client):
    html = page(client, q="someone to talk to", country="NZ")
    assert "1737 Need to talk?" in html
    assert "elsewhere-heading" not in html


def test_topics_the_words_mean_are_offered_beside_the_results(client):
    """Nothing in "i want to make things instead of scrolling" names creativity."""
    html = page(client, q="i want to make things instead of scrolling all night")
    offered = html[html.index('id="related-topics-heading"') :]
    assert 'href="/topics/creativity/"' in offered.split("</section>")[0]


def test_crisis_topics_are_offered_from_meaning_only_to_a_crisis(client):
    offered = page(client, q="my friends left me out of the group chat")
    assert "related-topics-heading" in offered
    section = offered[offered.index('id="related-topics-heading"') :].split("</section>")[0]
    assert "/topics/suicidal-thoughts/" not in section and "/topics/self-harm/" not in section
