"""The finder on a three-node OpenSearch cluster (`make opensearch-cluster`), one node of
which is taken down and brought back, as losing a machine would: no search fails or falls
back to the database, what is published meanwhile is found, and the cluster is green again
once the node is back."""

import os
import urllib.request

import pytest

from search import indexing
from search.backends.engine.client import connect
from search.backends.engine.finder import EngineFinder
from search.engine_config import parse_search_url
from tests.factories import publish_helpline
from tests.test_search_engine import search, titles

pytestmark = [pytest.mark.cluster, pytest.mark.django_db]

CLUSTER_URL = os.environ.get("WAYMARK_TEST_CLUSTER_URL", "")
CONTROL_URL = os.environ.get("WAYMARK_TEST_CLUSTER_CONTROL", "http://127.0.0.1:9219")


def take(node, action):
    """Stop or start one node of the cluster (numbered from 1, as in SEARCH_URL)."""
    request = urllib.request.Request(f"{CONTROL_URL}/nodes/{node}/{action}", method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 200


def health(client, **wait_for):
    """The cluster's health once it is as asked (wait_for_status, wait_for_nodes), or after
    three of the engine's own 30-second waits."""
    wait = {f"wait_for_{name}": str(value) for name, value in wait_for.items()}
    for _ in range(3):
        answer = client.cluster.health(params=wait)
        if not answer["timed_out"]:
            break
    return answer


@pytest.fixture
def cluster(settings, db):
    config = parse_search_url(CLUSTER_URL)
    config["index"] = f"waymark-cluster-test-{os.getpid()}"
    settings.WAYMARK_SEARCH = config
    indexing.rebuild()
    client = connect(config, timeout=90)
    health(client, status="green")
    yield config, client
    take(1, "start")
    health(client, nodes=3, status="green")
    client.indices.delete(index=f"{config['index']}-*", ignore_unavailable=True)


def test_losing_a_node_loses_no_search_and_no_write(
    cluster, helpline_index, django_capture_on_commit_callbacks
):
    config, client = cluster
    alias = config["index"]
    (index,) = client.indices.get_alias(name=alias)
    assert (
        client.indices.get_settings(index=index)[index]["settings"]["index"]["number_of_replicas"]
        == "1"
    )
    finder = EngineFinder(config, fallback=False)
    before = search(finder, "bullying")
    assert before.total > 0 and before.engine == "opensearch"

    take(1, "stop")  # the first node SEARCH_URL names: every request must go elsewhere
    try:
        for _ in range(10):
            during = search(finder, "bullying")
            assert during.engine == "opensearch"
            assert titles(during) == titles(before)
        with django_capture_on_commit_callbacks(execute=True):
            publish_helpline(helpline_index, "Kestrel night line for shift workers")
        assert titles(search(finder, "kestrel")) == ["Kestrel night line for shift workers"]
        during = health(client, nodes=2)
        assert during["number_of_nodes"] == 2 and during["status"] in ("yellow", "green")
    finally:
        take(1, "start")

    after = health(client, nodes=3, status="green")
    assert after["status"] == "green" and after["number_of_nodes"] == 3
    first_node = dict(config, urls=config["urls"][:1])
    back = EngineFinder(first_node, fallback=False)
    assert titles(search(back, "kestrel")) == ["Kestrel night line for shift workers"]
