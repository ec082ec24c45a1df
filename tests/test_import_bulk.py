"""New helplines are created many at a time (resources/applying.py, create_drafts): what
they leave in the database must be exactly what Wagtail's own add_child and save_revision
leave, revision, history and search queue included."""

import json
import re

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, PageLogEntry, Revision

import pytest
from django_tasks_db.models import DBTaskResult

from resources.applying import apply_plan, fill
from resources.importing import plan_import
from resources.models import HelplineIndexPage, HelplinePage
from resources.spreadsheets import read_csv
from tests.test_import import csv_text

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

TWO_CHANNELS = [
    {"external_id": "{id}", "title": "{title}"},
    {
        "external_id": "{id}",
        "title": "{title}",
        "channel_kind": "sms",
        "channel_value": "85258",
        "channel_keyword": "SHOUT",
        "channel_hours": "24/7",
        "channel_languages": "en cy",
    },
]


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the database, as in production, so that the queue can be read."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.all().delete()


def rows_for(external_id, title):
    return [{k: v.format(id=external_id, title=title) for k, v in r.items()} for r in TWO_CHANNELS]


def the_wagtail_way(outcome, index, user):
    """One helpline with Wagtail's own methods, one at a time."""
    page = HelplinePage(slug=outcome.cleaned["title"].lower().replace(" ", "-"), live=False)
    fill(page, outcome)
    page.has_unpublished_changes = True
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True, clean=False)
    return page


def snapshot(page):
    """Everything stored for a helpline, with what differs between two of them by nature
    (ids, tree position, title, address, dates) put in words."""
    page = HelplinePage.objects.get(pk=page.pk)
    own = {
        str(page.pk): "PAGE",
        page.title: "TITLE",
        page.slug: "SLUG",
        page.external_id: "EXTERNAL-ID",
        page.url_path: "URL-PATH",
        page.path: "PATH",
        str(page.translation_key): "TRANSLATION-KEY",
    }
    revision = page.latest_revision
    own[str(revision.pk)] = "REVISION"
    for number, channel in enumerate(page.channels.all()):
        own[str(channel.pk)] = f"CHANNEL-{number}"
    for number, item in enumerate(page.tagged_items.order_by("tag__name")):
        own[str(item.pk)] = f"TOPIC-{number}"
    moments = {"latest_revision_created_at", "created_at", "timestamp", "enqueued_at"}

    def described(value):
        if isinstance(value, dict):
            return {k: "MOMENT" if k in moments else described(v) for k, v in value.items()}
        if isinstance(value, list):
            return [described(item) for item in value]
        if isinstance(value, str) and value.startswith("[{"):
            # A stream (a channel's hours) kept as JSON text: its keys' order is the
            # database's (PostgreSQL's jsonb sorts them), not part of what is stored.
            return described(json.loads(value))
        return own.get(str(value), value)

    fields = {
        field.attname: getattr(page, field.attname)
        for field in HelplinePage._meta.concrete_fields
        if field.attname not in ("id", "page_ptr_id", "latest_revision_id")
    }
    helpline_type = ContentType.objects.get_for_model(HelplinePage)
    history = PageLogEntry.objects.filter(page=page).values(
        "action", "user_id", "revision_id", "content_changed", "label", "data", "content_type_id"
    )
    queued = {
        (task.task_path, json.dumps(described(task.args_kwargs)))
        for task in DBTaskResult.objects.all()
        if str(page.pk) in task.args_kwargs["args"]
    }
    stored = described(
        {
            "page": {k: str(v) for k, v in fields.items()},
            "channels": list(page.channels.values()),
            "countries": sorted(c.code for c in page.countries.all()),
            "audiences": sorted(a.slug for a in page.audiences.all()),
            "topics": sorted(t.slug for t in page.topics.all()),
            "revision": {
                "content": revision.content,
                "object_str": revision.object_str,
                "user": revision.user_id,
                "types": (revision.content_type_id, revision.base_content_type_id),
                "is the helpline's": revision.content_type_id == helpline_type.pk,
            },
            "history": list(history),
            "queued": sorted(queued),
        }
    )
    # Stream blocks (a channel's hours) have ids of their own.
    return json.loads(UUID.sub("UUID", json.dumps(stored, default=str)))


def test_helplines_created_together_are_stored_as_wagtail_stores_one(
    queued_tasks, django_user_model
):
    editor = django_user_model.objects.create_user("importer", password="x")
    index = HelplineIndexPage.original()
    one = plan_import(read_csv(csv_text(*rows_for("one-by-one", "Harbour One"))))
    by_wagtail = the_wagtail_way(one.outcomes[0], index, editor)
    rows = [row for n in range(3) for row in rows_for(f"together-{n}", f"Harbour Together {n}")]
    apply_plan(plan_import(read_csv(csv_text(*rows)), otherwise="import"), user=editor)

    expected = snapshot(by_wagtail)
    assert len(expected["queued"]) == 2, "the search index and the reference index"
    together = HelplinePage.objects.filter(external_id__startswith="together-")
    assert len(together) == 3
    for page in together:
        assert snapshot(page) == expected


def test_the_page_tree_stays_sound_after_a_large_import():
    index = HelplineIndexPage.original()
    before = index.get_children().count()
    rows = [
        {"external_id": f"tree-{n}", "title": f"Tree Line {n % 7}", "channel_value": "116 123"}
        for n in range(600)
    ]
    plan = plan_import(read_csv(csv_text(*rows)), otherwise="import")
    assert plan.count("create") == 600
    apply_plan(plan)

    assert Page.find_problems() == ([], [], [], [], [])
    index.refresh_from_db()
    assert index.numchild == index.get_children().count() == before + 600
    slugs = list(index.get_children().values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert HelplinePage.objects.get(external_id="tree-8").slug == "tree-line-1-2"
    for page in HelplinePage.objects.filter(external_id__startswith="tree-"):
        assert Revision.objects.for_instance(page).get() == page.latest_revision
        assert page.url_path == f"{index.url_path}{page.slug}/"


def test_helplines_imported_as_published_are_served_and_found(client):
    rows = rows_for("published-1", "Harbour Lighthouse Line")
    apply_plan(plan_import(read_csv(csv_text(*rows)), publish=True, otherwise="import"))
    page = HelplinePage.objects.get(external_id="published-1")
    assert page.live and not page.has_unpublished_changes and page.first_published_at
    assert page.live_revision == page.latest_revision
    assert client.get(f"/helplines/{page.slug}/").status_code == 200
    found = client.get("/search/", {"q": "harbour lighthouse"}).content.decode()
    assert "Harbour Lighthouse Line" in found
