"""The search engine's index: zero-downtime rebuilds, drift reports, and no lost updates
when the engine goes away."""

import logging
import subprocess
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import OperationalError
from django.http import QueryDict

import pytest

from resources.models import HelplinePage
from search import indexing
from search.backends.engine.client import connect
from search.backends.engine.finder import EngineFinder
from search.engine_config import wagtail_search_backend
from search.models import PendingIndexUpdate
from search.query import FinderQuery
from tests.factories import publish_helpline

pytestmark = [pytest.mark.engine, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parent.parent


def search(finder, text):
    query, _ = FinderQuery.from_params(QueryDict(f"q={text}"))
    return finder.search(query)


def titles(results):
    return [hit.document.title for hit in results.hits]


def test_rebuild_swaps_the_alias_to_a_new_index(search_engine):
    client = connect(search_engine)
    alias = search_engine["index"]
    first = list(client.indices.get_alias(name=alias))
    second = indexing.rebuild()
    assert list(client.indices.get_alias(name=alias)) == [second]
    assert first != [second]
    assert not client.indices.exists(index=first[0]), "the old index is removed after the swap"


def test_drift_finds_a_missing_document_and_catch_up_repairs_it(search_engine):
    client = connect(search_engine)
    shout = HelplinePage.objects.get(slug="shout")
    assert indexing.drift()["missing"] == []
    client.delete(index=search_engine["index"], id=shout.pk, refresh=True)
    assert indexing.drift()["missing"] == [shout.pk]
    PendingIndexUpdate.objects.create(page_id=shout.pk)
    assert indexing.apply_pending() == 1
    report = indexing.drift()
    assert report == {"missing": [], "extra": [], "stale": [], "pending": 0}


def test_unreachable_engine_falls_back_to_the_database_and_logs_once(search_engine, caplog):
    unreachable = dict(search_engine, urls=["http://127.0.0.1:9"], timeout=0.5)
    finder = EngineFinder(unreachable)
    with caplog.at_level(logging.WARNING, logger="search.backends.engine.finder"):
        first = search(finder, "bullying")
        second = search(finder, "screen time")
    assert first.engine.startswith("database") and second.engine.startswith("database")
    assert first.total > 0 and second.total > 0
    assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1
    assert "bullying" not in caplog.text


def test_wagtails_page_index_works_on_the_engine(search_engine, settings):
    """The admin's page search uses modelsearch's backend for the installed client."""
    from wagtail.search.backends import get_search_backend

    settings.WAGTAILSEARCH_BACKENDS = {"default": wagtail_search_backend(search_engine)}
    call_command("update_index", stdout=StringIO())
    backend = get_search_backend()
    page = HelplinePage.objects.get(slug="samaritans")
    page.title = "Samaritans night line"
    backend.add(page)  # what publishing does
    backend.get_index_for_model(HelplinePage).refresh()
    assert list(backend.search("night line", HelplinePage, operator="and")) == [page]
    assert backend.get_index_for_model(HelplinePage).name.startswith(search_engine["index"])


def test_a_search_after_an_outage_succeeds_even_if_the_catch_up_cannot_be_queued(
    search_engine, monkeypatch
):
    unreachable = dict(search_engine, urls=["http://127.0.0.1:9"], timeout=0.5)
    assert search(EngineFinder(unreachable), "bullying").engine.startswith("database")

    class QueueAway:
        def enqueue(self):
            raise OperationalError("the task queue's database is away")

    monkeypatch.setattr(indexing, "apply_pending_task", QueueAway())
    back = search(EngineFinder(search_engine), "bullying")
    assert back.engine == "opensearch" and back.total > 0


def engine(action):
    subprocess.run(["bash", str(ROOT / ".ci/opensearch.sh"), action], check=True, timeout=300)


def test_nothing_is_lost_while_the_engine_is_stopped(
    search_engine, helpline_index, django_capture_on_commit_callbacks
):
    engine("stop")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            published = publish_helpline(helpline_index, "Heron outage line", open_24_7=True)
            HelplinePage.objects.get(slug="shout").unpublish()
        queued = set(PendingIndexUpdate.objects.values_list("page_id", flat=True))
        assert {published.pk, HelplinePage.objects.get(slug="shout").pk} <= queued
        during = search(EngineFinder(search_engine), "heron")
        assert during.engine.startswith("database")
        assert "Heron outage line" in titles(during)
    finally:
        engine("start")
    # The first search that reaches the engine again has the worker (here the test
    # settings' immediate backend) apply what was queued meanwhile.
    assert search(EngineFinder(search_engine), "heron").engine == "opensearch"
    assert indexing.drift() == {"missing": [], "extra": [], "stale": [], "pending": 0}
    after = EngineFinder(search_engine, fallback=False)
    assert "Heron outage line" in titles(search(after, "heron"))
    assert "Shout 85258" not in titles(search(after, "shout"))


# Where the engine's query language reads a clause without scoring it: Lucene may keep such a
# clause, once seen a few times, in the engine's query cache.
FILTER_KEYS = {"filter", "must_not", "post_filter"}


def filter_clauses(node, in_filter=False):
    """Every string in `node`, with whether it is read as a filter."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from filter_clauses(value, in_filter or key in FILTER_KEYS)
    elif isinstance(node, list):
        for value in node:
            yield from filter_clauses(value, in_filter)
    elif isinstance(node, str):
        yield node, in_filter


def test_words_typed_stay_out_of_the_engines_caches(search_engine, monkeypatch):
    """The engine keeps results of searches without hits in its request cache until the index
    changes, and filters it sees often in its query cache. Browsing uses both; a search of
    typed words uses neither: it asks the request cache to pass, and its words are always a
    scored clause (a search without hits counts without scores unless it sets min_score)."""
    finder = EngineFinder(search_engine, fallback=False)
    sent = []
    msearch = finder.client.msearch

    def recording(body):
        sent.extend(zip(body[::2], body[1::2], strict=True))
        return msearch(body=body)

    monkeypatch.setattr(finder.client, "msearch", recording)
    client = connect(search_engine)

    def request_cache():
        client.indices.refresh(index=search_engine["index"])
        stats = client.indices.stats(index=search_engine["index"], metric="request_cache")
        cache = stats["_all"]["total"]["request_cache"]
        return cache["hit_count"] + cache["miss_count"]

    before = request_cache()
    finder.search(FinderQuery.from_params(QueryDict("country=GB"))[0])
    assert request_cache() > before, "browsing counts from the request cache"

    before = request_cache()
    sent.clear()
    typed = "feeling really lonely at night"
    for params in (f"q={typed}&country=GB", f"q={typed}&channel=sms&type=helpline", "q=lonley"):
        finder.search(FinderQuery.from_params(QueryDict(params))[0])
    assert request_cache() == before
    for header, body in sent:
        assert header.get("request_cache") is False
        scored = body.get("size", 10) > 0 or "min_score" in body
        clauses = {key: body[key] for key in ("query", "post_filter") if key in body}
        for text, in_filter in filter_clauses(clauses, in_filter=not scored):
            assert not (in_filter and ("lonely" in text or "lonley" in text)), body
