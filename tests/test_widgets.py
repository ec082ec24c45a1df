"""The partner widget: a small immutable script, a framable page, the configurator, and
impact counts that identify no one."""

import base64
import gzip
import hashlib
import json
from datetime import date

from django.core.cache import cache
from django.utils.html import escape

import pytest

from widgets.models import WidgetDailyCount

pytestmark = pytest.mark.django_db

SCRIPT = "/widgets/v2/helplines.js"
SCRIPTS = ["/widgets/v1/helplines.js", SCRIPT]
EVENTS = "/widgets/v1/events"
# What /widgets/v2/helplines.js serves. Partners pin it in their script tags, so a change
# to the widget's words, look or code must come as a new version, never as new bytes here.
PUBLISHED = {
    "/widgets/v1/helplines.js": (
        "sha384-r5X7c0po/0y4KVlvEJsf64nkvBxpccAPQPmyGpDbjwZ7qrKR7NVl4PrwvTxMW4ce"
    ),
    "/widgets/v2/helplines.js": (
        "sha384-QNVyh7ZMn5J6QP1OjYAsEqC+lvHK/aVAO5zxWTxVQTr/vZOXp2E7DANlHtvfHTBF"
    ),
}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def sri(content):
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


@pytest.mark.parametrize("address", SCRIPTS)
def test_published_scripts_never_change(client, address):
    assert sri(client.get(address).content) == PUBLISHED[address]


def test_the_script_and_the_framed_page_share_words_and_look(client):
    from widgets import content

    script = client.get(SCRIPT).content.decode()
    for language in content.LANGUAGES:
        words = content.text_in(language)
        assert json.dumps(words, ensure_ascii=False, separators=(",", ":")) in script
    assert json.dumps(content.look_for_script()) in script
    page = client.get("/embed/v1/helplines/", {"lang": "fr"}).content.decode()
    assert "/static/widgets/look.css" in page
    assert escape("Parler à quelqu'un maintenant") in page


@pytest.mark.parametrize("address", SCRIPTS)
def test_script_is_small_immutable_and_readable_cross_origin(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert len(gzip.compress(response.content, 9)) <= 5 * 1024
    assert (
        "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies


@pytest.mark.parametrize("address", SCRIPTS)
def test_script_declares_no_globals_and_calls_only_its_own_origin(client, address):
    source = client.get(address).content.decode()
    body = source[source.index("(function () {") :]
    assert body.rstrip().endswith("})();")  # everything inside one function
    assert "window." not in body.replace("window.fetch", "").replace("window.location", "")
    assert "localStorage" not in body and "document.cookie" not in body
    assert body.count("fetch(origin +") == 2 and "fetch(" not in body.replace("fetch(origin +", "")


def test_configurator_shows_a_snippet_with_its_integrity_hash(client):
    response = client.get(
        "/widgets/", {"topic": "cyberbullying", "country": "IE", "quick_exit": "1"}
    )
    html = response.content.decode()
    assert sri(client.get(SCRIPT).content) in html
    assert f'{SCRIPT}" integrity' in html
    assert 'data-topic="cyberbullying"' in html and 'data-country="IE"' in html
    assert 'data-quick-exit="true"' in html
    assert "/embed/v1/helplines/?country=IE&amp;topic=cyberbullying" in html
    assert not response.cookies


def test_unknown_choices_fall_back_to_defaults(client):
    response = client.get("/widgets/", {"topic": "nope", "country": "ZZ", "lang": "xx"})
    assert response.status_code == 200
    assert 'data-country="GB"' in response.content.decode()


def test_only_the_embed_page_may_be_framed(client):
    embed = client.get("/embed/v1/helplines/", {"topic": "self-harm", "country": "GB"})
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert embed["Content-Security-Policy"].endswith("frame-ancestors *")
    html = embed.content.decode()
    assert "Samaritans" in html and 'href="tel:' in html
    for path in ["/", "/widgets/", "/helplines/", "/search/"]:
        assert client.get(path)["X-Frame-Options"] == "DENY"


def test_embed_offers_a_quick_exit_that_leaves_the_whole_page(client, settings):
    html = client.get("/embed/v1/helplines/", {"quick_exit": "1"}).content.decode()
    assert f'href="{settings.WAYMARK_QUICK_EXIT_URL}" target="_top"' in html


def post_event(client, payload, **headers):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.generic("POST", EVENTS, body, content_type="text/plain", **headers)


def test_loads_and_taps_are_counted_per_partner_and_day(client):
    origin = {"HTTP_ORIGIN": "https://school.example"}
    assert post_event(client, {"event": "load"}, **origin).status_code == 204
    post_event(client, {"event": "load"}, **origin)
    post_event(client, {"event": "click", "channel": "phone"}, **origin)
    post_event(client, {"event": "load", "partner": "Youth App"})
    counts = {
        (row.partner, row.event, row.channel): row.count
        for row in WidgetDailyCount.objects.filter(day=date.today())
    }
    assert counts == {
        ("https://school.example", "load", ""): 2,
        ("https://school.example", "click", "phone"): 1,
        ("key:youth-app", "load", ""): 1,
    }


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        {"event": "hack"},
        {"event": "click", "channel": "fax"},
        ["load"],
        "x" * 2000,
        {"event": "load", "channel": "x" * 300},
        {"event": "load", "channel": ["phone"]},
        {"event": "click", "channel": {"kind": "phone"}},
        {"event": "load", "partner": ["school"]},
        {"event": "load", "partner": "p" * 61},
        {"event": "load", "visitor": "someone@example.org"},
        "[" * 600 + "]" * 600,
    ],
)
def test_bad_events_are_refused_and_store_nothing(client, payload):
    response = post_event(client, payload)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert not WidgetDailyCount.objects.exists()


def test_events_are_rate_limited(client, settings):
    settings.WAYMARK_WIDGET_EVENT_RATE_LIMIT = "2/minute"
    for _ in range(2):
        post_event(client, {"event": "load"})
    assert post_event(client, {"event": "load"}).status_code == 429
    assert WidgetDailyCount.objects.get().count == 2


def test_admins_see_impact_with_a_chart_and_csv(admin_client, client):
    post_event(client, {"event": "load"}, HTTP_ORIGIN="https://school.example")
    post_event(client, {"event": "click", "channel": "sms"}, HTTP_ORIGIN="https://school.example")
    page = admin_client.get("/admin/reports/widget-impact/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "https://school.example" in html and "<svg" in html
    export = admin_client.get("/admin/reports/widget-impact/", {"export": "csv"})
    rows = export.content.decode().splitlines()
    assert rows[0] == "day,partner,event,channel,count"
    assert f"{date.today().isoformat()},https://school.example,click,sms,1" in rows


def test_impact_report_refuses_a_backwards_date_range(admin_client):
    page = admin_client.get(
        "/admin/reports/widget-impact/", {"start": "2026-02-01", "end": "2026-01-01"}
    )
    assert page.status_code == 200
    summary = page.content.decode().split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert "There is a problem" in summary and "on or before the end date" in summary


def test_embed_speaks_the_chosen_language(client):
    html = client.get("/embed/v1/helplines/", {"lang": "cy", "country": "GB"}).content.decode()
    assert '<html lang="cy">' in html and "Siarad â rhywun nawr" in html
    english = client.get("/embed/v1/helplines/", {"lang": "xx"}).content.decode()
    assert "Talk to someone now" in english
