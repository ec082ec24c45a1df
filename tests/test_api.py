"""The public API as partners use it: data, filters, errors, caching and CORS."""

import json
import re

from django.core.cache import cache

import pytest

from resources.models import Country, HelplinePage
from tests.factories import publish_helpline

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached answers and rate counters must not leak from one test into another."""
    cache.clear()


def get(client, path, expected=200, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == expected, response.content[:500]
    return response


def data(client, path, **params):
    return get(client, path, **params).json()


def problem_of(response):
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code and body["title"] and body["detail"]
    return body


# Helplines ------------------------------------------------------------------------------


def test_helplines_are_listed_with_channels_and_open_now(client):
    body = data(client, "/helplines", per_page=100)
    assert body["count"] == HelplinePage.objects.live().count()
    shout = next(line for line in body["results"] if line["name"] == "Shout 85258")
    assert shout["is_24_7"] and shout["open_now"]
    (text,) = shout["channels"]
    assert text["href"] == "sms:85258?body=SHOUT" and text["open_now"] is True
    assert text["status_text"] == "Open 24/7"
    assert shout["url"].startswith("http://testserver/helplines/")


def test_lists_are_paginated_with_links(client):
    first = data(client, "/helplines", per_page=5)
    assert len(first["results"]) == 5 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and "page=1" in second["previous"]
    assert {line["id"] for line in first["results"]}.isdisjoint(
        line["id"] for line in second["results"]
    )
    last_page = -(-first["count"] // 5)
    last = data(client, "/helplines", per_page=5, page=last_page)
    assert last["next"] is None
    problem_of(get(client, "/helplines", 404, per_page=5, page=last_page + 1))


def test_helpline_filters_work_like_the_finder(client):
    body = data(client, "/helplines", country="IE", per_page=100)
    assert body["count"] and all("IE" in line["countries"] for line in body["results"])
    spanish_text = data(client, "/helplines", channel="sms", language="es", per_page=100)
    for line in spanish_text["results"]:
        assert any(
            channel["kind"] == "sms" and "es" in channel["languages"]
            for channel in line["channels"]
        )


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"topic": "no-such-topic"}, "topic"),
        ({"channel": "fax"}, "channel"),
        ({"country": "XX"}, "country"),
        ({"language": "zz"}, "language"),
        ({"page": "abc"}, "page"),
        ({"per_page": 1000}, "per_page"),
        ({"page": 0}, "page"),
    ],
)
def test_bad_parameters_are_a_400_problem_naming_them(client, params, parameter):
    body = problem_of(get(client, "/helplines", 400, **params))
    assert parameter in [error["parameter"] for error in body["errors"]]


def test_one_helpline_in_full(client):
    samaritans = HelplinePage.objects.get(slug="samaritans")
    body = data(client, f"/helplines/{samaritans.pk}")
    assert body["name"] == "Samaritans" and body["organisation"]["name"] == "Samaritans"
    assert body["status"] == "active" and body["last_verified"]
    assert {"kind", "hours", "hours_text", "next_change"} <= set(body["channels"][0])
    assert "GB" in body["countries"]


def test_only_published_content_appears(client, helpline_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        line = publish_helpline(helpline_index, "Published line")
    line.title = "Draft title nobody approved"
    line.save_revision()
    assert data(client, f"/helplines/{line.pk}")["name"] == "Published line"
    line.unpublish()
    cache.clear()
    problem_of(get(client, f"/helplines/{line.pk}", 404))
    problem_of(get(client, "/helplines/99999999", 404))


def test_priority_leads_with_crisis_lines_then_24_7(client):
    body = data(client, "/helplines/priority", country="GB", topic="cyberbullying", limit=6)
    names = [line["name"] for line in body["helplines"]]
    crisis = Country.objects.get(code="GB").crisis_lines.all()
    assert set(names[:3]) == {line.helpline.title for line in crisis}
    assert len(names) <= 6
    assert [number["number"] for number in body["emergency_numbers"]] == ["999", "112"]
    after_crisis = body["helplines"][3:]
    always = [line["is_24_7"] for line in after_crisis]
    assert always == sorted(always, reverse=True)


def test_priority_needs_a_known_country(client):
    problem_of(get(client, "/helplines/priority", 400))
    problem_of(get(client, "/helplines/priority", 400, country="ZZ"))
    problem_of(get(client, "/helplines/priority", 400, country="GB", topic="nope"))


# Guides, campaigns, topics, organisations ----------------------------------------------


def test_guides_by_topic_and_in_full(client):
    guides = data(client, "/guides", topic="screen-time")["results"]
    assert guides and all(
        "screen-time" in [topic["slug"] for topic in guide["topics"]] for guide in guides
    )
    guide = data(client, f"/guides/{guides[0]['id']}")
    assert guide["steps"] and guide["steps"][0]["heading"]
    assert "reviewed_by" in guide and isinstance(guide["helplines"], list)


def test_campaigns_by_status_with_toolkit(client):
    live = data(client, "/campaigns", status="live")["results"]
    assert live and all(campaign["status"] == "live" for campaign in live)
    campaign = data(client, f"/campaigns/{live[0]['id']}")
    assert campaign["toolkit"] and campaign["toolkit"][0]["url"].startswith("http://testserver/")


def test_topics_and_organisations(client):
    topics = data(client, "/topics", per_page=100)["results"]
    assert {"cyberbullying", "screen-time"} <= {topic["slug"] for topic in topics}
    suicide = next(topic for topic in topics if topic["is_crisis"])
    assert data(client, f"/topics/{suicide['slug']}")["synonyms"]
    problem_of(get(client, "/topics/not-a-topic", 404))
    organisations = data(client, "/organisations", per_page=100)["results"]
    samaritans = next(org for org in organisations if org["name"] == "Samaritans")
    assert samaritans["helplines"] >= 1
    assert data(client, f"/organisations/{samaritans['id']}")["name"] == "Samaritans"


# Search ---------------------------------------------------------------------------------


def test_search_gives_results_facets_and_crisis_help(client):
    body = data(client, "/search", q="i want to end it all", country="IE")
    assert body["crisis"] is True
    help_first = body["crisis_help"]
    assert help_first["country"] == "IE"
    assert "112" in [number["number"] for number in help_first["emergency_numbers"]]
    assert "Samaritans Ireland" in [line["name"] for line in help_first["helplines"]]
    everyday = data(client, "/search", q="trolls leaving nasty comments")
    assert everyday["crisis"] is False and everyday["crisis_help"] is None
    assert everyday["results"] and {facet["name"] for facet in everyday["facets"]} >= {
        "type",
        "topic",
        "open_now",
    }


def test_search_with_nothing_found_suggests_a_spelling(client):
    body = data(client, "/search", q="cyberbulying zzqqxx")
    assert body["count"] >= 0
    assert data(client, "/search", q="qqzzvvxx")["suggestion"] is None


TYPED = "worried about my little sister"


def query_parameters():
    """(path, parameter schema) for every query parameter of every operation."""
    from api.api import api

    schema = api.get_openapi_schema(path_prefix="")
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    yield path, parameter


def kept_answers():
    return [key for key in cache._cache if key.startswith(":1:api:")]


def kept_in_cache(text):
    return any(text.encode() in value for value in cache._cache.values())


@pytest.mark.parametrize(
    "path, parameter",
    [
        pytest.param(path, parameter, id=f"{path}?{parameter['name']}")
        for path, parameter in query_parameters()
        if parameter["schema"].get("type", "string") == "string" or parameter["schema"].get("anyOf")
    ],
)
def test_no_parameter_that_takes_typed_words_lets_a_cache_keep_them(client, path, parameter):
    """Every query parameter of every operation is given words someone might type: the
    answer is refused, or it is no-store and private, and nothing keeps the words. Those
    that take such words say so in the schema."""
    response = client.get(f"{API}{path}", {parameter["name"]: TYPED})
    assert "no-store" in response["Cache-Control"]
    assert not kept_in_cache(TYPED) and not kept_in_cache("little+sister")
    if response.status_code == 200:
        assert "private" in response["Cache-Control"]
        assert parameter["schema"].get("x-typed-text") is True


def test_typed_text_marks_are_only_on_free_text_parameters():
    marked = {
        (path, parameter["name"])
        for path, parameter in query_parameters()
        if parameter["schema"].get("x-typed-text")
    }
    assert marked == {("/search", "q"), ("/hsds/services", "search")}


def test_blank_typed_text_is_an_ordinary_cached_list(client):
    assert get(client, "/search", q="  ")["Cache-Control"].startswith("public")


def example_address(path):
    """An address of `path` from the schema, with an example for each path parameter."""
    return re.sub(r"\{\w+_id\}", "1", re.sub(r"\{slug\}", "x", path))


@pytest.mark.parametrize("path", sorted({example_address(path) for path, _ in query_parameters()}))
def test_a_parameter_an_address_does_not_take_is_refused(client, path):
    """A typo must not silently widen results, nor make a cache entry of its own."""
    response = client.get(f"{API}{path}", {"countries": "GB"})
    body = problem_of(response)
    assert response.status_code == 400 and "countries" in body["detail"]
    assert [error["parameter"] for error in body["errors"]] == ["countries"]
    assert not kept_answers()


def test_the_order_of_parameters_does_not_make_new_entries(client):
    get(client, "/helplines", country="GB", per_page=5)
    entries = kept_answers()
    client.get(f"{API}/helplines?per_page=5&country=GB")
    assert kept_answers() == entries


def test_links_are_never_served_to_another_host_or_scheme(client):
    """`next` links name the host and scheme asked for, even when the answer was cached."""
    plain = get(client, "/helplines", per_page=5).json()["next"]
    other = client.get(f"{API}/helplines", {"per_page": 5}, HTTP_HOST="localhost").json()
    secure = client.get(f"{API}/helplines", {"per_page": 5}, secure=True).json()
    assert plain.startswith("http://testserver/")
    assert other["next"].startswith("http://localhost/")
    assert secure["next"].startswith("https://testserver/")


def test_search_rejects_overlong_text(client):
    problem_of(get(client, "/search", 400, q="x" * 201))


# HTTP -----------------------------------------------------------------------------------


def test_etag_and_last_modified_give_304(client):
    response = get(client, "/topics")
    assert response["Cache-Control"].startswith("public")
    again = client.get(f"{API}/topics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and not again.content
    since = client.get(f"{API}/topics", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_a_change_gives_a_new_etag(client, helpline_index, django_capture_on_commit_callbacks):
    before = get(client, "/helplines", per_page=100)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        publish_helpline(helpline_index, "Brand new line")
    after = get(client, "/helplines", per_page=100)
    assert after["ETag"] != before
    assert "Brand new line" in after.content.decode()


def test_cors_allows_any_origin_to_read_without_credentials(client):
    response = client.get(f"{API}/topics", HTTP_ORIGIN="https://school.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        f"{API}/topics",
        HTTP_ORIGIN="https://school.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_the_api_is_read_only(client):
    response = client.post(f"{API}/helplines", {})
    assert response.status_code == 405
    problem_of(response)


def test_too_many_requests_get_429_with_retry_after(client, settings):
    settings.WAYMARK_API_RATE_LIMIT = "3/minute"
    for _ in range(3):
        get(client, "/topics")
    response = client.get(f"{API}/topics")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "no-store" in response["Cache-Control"]
    problem_of(response)


def test_rate_limits_are_per_client(client, settings):
    settings.WAYMARK_API_RATE_LIMIT = "2/minute"
    for _ in range(2):
        get(client, "/topics")
    assert client.get(f"{API}/topics").status_code == 429
    other = client.get(f"{API}/topics", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_unknown_api_paths_are_problems_too(client):
    problem_of(get(client, "/no-such-thing", 404))


def test_openapi_schema_and_docs_page(client):
    schema = json.loads(get(client, "/openapi.json").content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/helplines", "/api/v1/search", "/api/v1/helplines/priority"} <= set(
        schema["paths"]
    )
    console = get(client, "/console").content.decode()
    assert "swagger-ui" in console
    assert "cdn." not in console and "unpkg" not in console  # assets come from Waymark itself


def test_reference_page_documents_every_operation_and_parameter(client):
    schema = json.loads(get(client, "/openapi.json").content)
    reference = get(client, "/docs").content.decode()
    assert reference.startswith("<!DOCTYPE html>") and "<script>" not in reference
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f"<code>{method.upper()} {path}</code>" in reference
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in reference
    assert "list of one of phone, sms, chat, whatsapp, email, web" in reference
    assert "<code>ETag</code>" in reference  # the description's code spans


@pytest.mark.parametrize(
    "instant", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-13-01", "soon"]
)
def test_a_modified_after_time_out_of_range_is_a_clear_400(client, instant):
    response = client.get(f"{API}/hsds/services", {"modified_after": instant})
    assert response.status_code == 400
    assert "modified_after" in str(problem_of(response))


def test_modified_after_at_the_edges_of_the_calendar_still_answers(client):
    for instant in ("0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"):
        assert client.get(f"{API}/hsds/services", {"modified_after": instant}).status_code == 200


@pytest.mark.parametrize(
    "words, signal",
    [
        ("i want to kill myself", "crisis"),
        ("i feel worthless and so alone", "concern"),
        ("screen time tips", "none"),
    ],
)
def test_search_gives_a_graded_signal_with_help_when_it_is_not_none(client, words, signal):
    body = data(client, "/search", q=words, country="GB")
    assert body["signal"] == signal
    assert body["crisis"] == (signal == "crisis")
    if signal == "none":
        assert body["crisis_help"] is None
    else:
        assert body["crisis_help"]["country"] == "GB" and body["crisis_help"]["helplines"]


def test_search_offers_other_countries_only_when_none_of_the_chosen_fits(client):
    far = client.get("/api/v1/search", {"q": "trevor project", "country": "NZ"}).json()
    assert [hit["title"] for hit in far["elsewhere"]][:1] == ["The Trevor Project"]
    assert far["elsewhere"][0]["channels"]
    near = client.get("/api/v1/search", {"q": "trevor project", "country": "US"}).json()
    assert near["elsewhere"] == []
