"""Keeping the search engine's resources index in step with what is published.

Changes are first recorded as PendingIndexUpdate rows (durable, inside the publishing
transaction), then applied by a background task. If the engine is down the rows stay, and
the next task run, or `manage.py search_index catch_up`, applies them: nothing is lost and
publishing never waits on the engine or fails because of it.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from django_tasks import task

from .backends.engine.client import connect, engine_errors
from .backends.engine.mapping import fingerprint, index_body, index_definition
from .documents import build_documents
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
# Seconds: bulk writes and merges take longer than the searches the configured timeout suits.
MAINTENANCE_TIMEOUT = 600


def engine_configured():
    return bool(settings.WAYMARK_SEARCH["engine"])


def queue(page_ids):
    """Record that these pages' documents changed, and ask the worker to apply it."""
    if not engine_configured() or not page_ids:
        return
    for page_id in set(page_ids):
        PendingIndexUpdate.objects.update_or_create(page_id=page_id)
    transaction.on_commit(apply_pending_task.enqueue)


def queue_rebuild():
    if engine_configured():
        transaction.on_commit(rebuild_task.enqueue)


@task()
def apply_pending_task():
    try:
        apply_pending()
    except engine_errors() as error:
        logger.warning(
            "Search engine unavailable; index updates stay queued: %s", type(error).__name__
        )


@task()
def rebuild_task():
    try:
        rebuild()
    except engine_errors() as error:
        logger.warning(
            "Search engine unavailable; index rebuild postponed: %s", type(error).__name__
        )


def _bulk(client, actions, refresh="wait_for"):
    if not actions:
        return
    lines = []
    for action, source in actions:
        lines.append(action)
        if source is not None:
            lines.append(source)
    response = client.bulk(body=lines, refresh=refresh)
    if response.get("errors"):
        failed = [item for item in response["items"] if next(iter(item.values())).get("error")]
        failed = [item for item in failed if next(iter(item.values())).get("status") != 404]
        if failed:
            raise RuntimeError(f"The search engine refused {len(failed)} documents: {failed[:1]}")


def apply_pending(progress=None):
    """Write or delete the documents of every queued page. Returns how many were applied."""
    client = connect(timeout=MAINTENANCE_TIMEOUT)
    alias = settings.WAYMARK_SEARCH["index"]
    started = timezone.now()
    pending = list(PendingIndexUpdate.objects.values_list("page_id", flat=True))
    applied = 0
    for start in range(0, len(pending), BATCH_SIZE):
        ids = pending[start : start + BATCH_SIZE]
        documents = build_documents(ids)
        actions = []
        for page_id in ids:
            if page_id in documents:
                actions.append(
                    ({"index": {"_index": alias, "_id": page_id}}, index_body(documents[page_id]))
                )
            else:
                actions.append(({"delete": {"_index": alias, "_id": page_id}}, None))
        _bulk(client, actions)
        # Rows touched again while we worked keep their newer queued_at and stay queued.
        PendingIndexUpdate.objects.filter(page_id__in=ids, queued_at__lte=started).delete()
        applied += len(ids)
        if progress:
            progress(applied, len(pending))
    return applied


def rebuild(progress=None):
    """Build a fresh index beside the live one, then swap the alias: no downtime.

    Returns the new index's name.
    """
    client = connect(timeout=MAINTENANCE_TIMEOUT)
    alias = settings.WAYMARK_SEARCH["index"]
    started = timezone.now()
    name = f"{alias}-{datetime.now().strftime('%Y%m%d%H%M%S%f')}"
    definition = index_definition(name)
    # Copies of each shard on other nodes of a cluster (SEARCH_URL's replicas).
    definition["settings"]["number_of_replicas"] = settings.WAYMARK_SEARCH["replicas"]
    # Nothing searches the new index until the swap: skip refreshes while loading it.
    definition["settings"]["refresh_interval"] = "-1"
    client.indices.create(index=name, body=definition)
    documents = list(build_documents().values())
    done = 0
    for start in range(0, len(documents), BATCH_SIZE):
        batch = documents[start : start + BATCH_SIZE]
        actions = [({"index": {"_index": name, "_id": doc.id}}, index_body(doc)) for doc in batch]
        _bulk(client, actions, refresh=False)
        done += len(batch)
        if progress:
            progress(done, len(documents))
    client.indices.put_settings(index=name, body={"index": {"refresh_interval": None}})
    client.indices.refresh(index=name)
    # One segment per shard: the index is read far more than written, and searching one
    # segment is faster than searching many.
    client.indices.forcemerge(index=name, max_num_segments=1)
    previous = []
    if client.indices.exists_alias(name=alias):
        previous = list(client.indices.get_alias(name=alias))
    if client.indices.exists(index=alias) and not previous:
        # A real index (not an alias) holds the name: remove it so the alias can take it.
        client.indices.delete(index=alias)
    actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(body={"actions": actions})
    for old in previous:
        client.indices.delete(index=old)
    PendingIndexUpdate.objects.filter(queued_at__lte=started).delete()
    return name


def drift():
    """Differences between published resources and the index: missing, extra and stale ids."""
    client = connect(timeout=MAINTENANCE_TIMEOUT)
    alias = settings.WAYMARK_SEARCH["index"]
    expected = {doc_id: fingerprint(doc) for doc_id, doc in build_documents().items()}
    indexed = {}
    body = {"query": {"match_all": {}}, "_source": ["fingerprint"], "size": 1000}
    response = client.search(index=alias, body=body, scroll="1m")
    while response["hits"]["hits"]:
        for hit in response["hits"]["hits"]:
            indexed[int(hit["_id"])] = hit["_source"].get("fingerprint")
        response = client.scroll(body={"scroll_id": response["_scroll_id"], "scroll": "1m"})
    return {
        "missing": sorted(set(expected) - set(indexed)),
        "extra": sorted(set(indexed) - set(expected)),
        "stale": sorted(i for i in set(expected) & set(indexed) if expected[i] != indexed[i]),
        "pending": PendingIndexUpdate.objects.count(),
    }
