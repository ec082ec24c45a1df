"""/healthz and /readyz for load balancers and orchestrators: cheap, never cached, no
cookie, nothing sensitive, and answered whatever the Host or scheme a probe uses."""

import pytest

from search.engine_config import parse_search_url

pytestmark = pytest.mark.django_db


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "alive"}
    assert "no-store" in response["Cache-Control"] and not response.cookies


def test_readyz_checks_each_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok", "search": "not used"},
    }
    assert "no-store" in response["Cache-Control"] and not response.cookies


def test_probes_answer_over_plain_http_to_the_machines_own_address(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["waymark.example"]
    for path in ("/healthz", "/readyz"):
        assert client.get(path, HTTP_HOST="10.0.0.7:8000").status_code == 200


def test_an_unreachable_search_engine_is_not_ready_and_says_no_more(client, settings):
    settings.WAYMARK_SEARCH = parse_search_url("opensearch://127.0.0.1:9?timeout=1")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == "failing"
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.engine
def test_a_reachable_search_engine_is_ready(client, search_engine):
    assert client.get("/readyz").json()["checks"]["search"] == "ok"


def test_a_fresh_worker_is_ready_for_its_first_search_before_taking_requests():
    from core.catalogue import VersionedCache
    from search.backends import warm_up
    from search.backends.database import _catalogues

    VersionedCache.forget_version()
    assert _catalogues.current is None
    warm_up()
    assert _catalogues.current is not None
