"""Applying a checked import plan: every change in one transaction, or none.

New and changed helplines are saved as revisions (drafts unless the plan publishes), so
review, history, signals and the search queue see an import as they see an editor's edit.

New helplines are created many at a time (`create_drafts`): the rows Wagtail's
`add_child` and `save_revision` would write, in a handful of statements per batch instead
of some forty per helpline, so that a directory of thousands goes in within seconds.
tests/test_import_bulk.py holds it to what Wagtail's own methods store.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from modelsearch.tasks import insert_or_update_object_task
from wagtail.log_actions import get_active_log_context
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageLogEntry, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from core.languages import originals

from .blocks import hours_blocks
from .models import ContactChannel, HelplineIndexPage, HelplinePage, TaggedHelpline
from .records import OWN_ID

# New helplines written per round of statements; progress is reported after each.
BATCH = 250


def apply_plan(plan, user=None, progress=None):
    """Apply every change, or nothing: refuses a plan with problems and rolls back on any
    error. `progress(done, total)` is called as helplines are saved."""
    if not plan.is_valid:
        raise ValueError("This import has problems to fix first.")
    index = originals(HelplineIndexPage.objects.all()).first()
    total = len(plan.outcomes)
    done = 0
    saved = []
    new = [outcome for outcome in plan.outcomes if outcome.applies and outcome.page is None]
    changed = [outcome for outcome in plan.outcomes if outcome.applies and outcome.page]

    def report(count):
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    # Wagtail updates the reference index once per object saved (the page, each revision,
    # each channel): an import updates it once per helpline instead, with the same result.
    with transaction.atomic(), disable_reference_index_auto_update():
        for outcome in plan.outcomes:
            organisation = outcome.cleaned["organisation"]
            added = [organisation, *outcome.cleaned["countries"]] if outcome.applies else []
            for instance in added:
                if instance.pk is None:
                    instance.save()
                    saved.append(instance)
        report(total - len(new) - len(changed))
        for start in range(0, len(new), BATCH):
            batch = new[start : start + BATCH]
            pages = create_drafts(batch, index, user)
            if plan.publish:
                for page in pages:
                    page.latest_revision.publish(user=user)
            saved += pages
            report(len(batch))
        for outcome in changed:
            saved.append(save_helpline(outcome, user, plan.publish))
            report(1)
        for instance in saved:
            meta = instance._meta
            update_reference_index_task.enqueue(meta.app_label, meta.model_name, str(instance.pk))


def fill(page, outcome):
    """Set everything the import owns on `page` (in memory: channels, countries, audiences
    and topics are saved with it)."""
    cleaned = outcome.cleaned
    if not OWN_ID.match(outcome.record.external_id):
        page.external_id = outcome.record.external_id
    for name in (
        "title",
        "summary",
        "regions",
        "status",
        "status_note",
        "confidentiality",
        "last_verified_on",
        "review_interval_days",
    ):
        setattr(page, name, cleaned[name])
    page.organisation = cleaned["organisation"]
    page.countries = cleaned["countries"]
    page.audiences = cleaned["audiences"]
    page.channels = [build_channel(data, order) for order, data in enumerate(cleaned["channels"])]
    page.topics.set(cleaned["topics"])


def save_helpline(outcome, user, publish):
    """A new revision of a helpline already in the directory."""
    page = outcome.page
    fill(page, outcome)
    # Every field was checked against the same rules before anything was applied.
    revision = page.save_revision(user=user, log_action=True, clean=False)
    # The external id is how the next import finds this helpline, draft or published.
    HelplinePage.objects.filter(pk=page.pk).update(external_id=page.external_id)
    if publish:
        revision.publish(user=user)
    return page


def create_drafts(outcomes, index, user):
    """New helplines under `index` as drafts with their first revision, as `add_child`
    and `save_revision` would leave them: tree position and address, the helpline and its
    channels, countries, audiences and topics, the revision, the history entry and the
    search queue. Returns the pages."""
    index = HelplineIndexPage.objects.select_for_update().get(pk=index.pk)
    now = timezone.now()
    depth = index.depth + 1
    last = index.get_last_child()
    # treebeard's own path arithmetic, as add_child uses it one child at a time.
    step = HelplinePage._str2int(last.path[-HelplinePage.steplen :]) if last else 0
    taken = set(index.get_children().values_list("slug", flat=True))
    pages = []
    for outcome in outcomes:
        step += 1
        page = HelplinePage(
            path=HelplinePage._get_path(index.path, depth, step),
            depth=depth,
            numchild=0,
            locale_id=index.locale_id,
            live=False,
            has_unpublished_changes=True,
            latest_revision_created_at=now,
        )
        fill(page, outcome)
        page.slug = free_slug(page.title, taken)
        page.draft_title = page.title
        page.set_url_path(index)
        page.review_due_on = page.next_review_date()
        # A new page has no comments: said here, its revision need not ask the database.
        setattr(page, COMMENTS_RELATION_NAME, [])
        pages.append(page)

    # Page's own rows in one statement; then each helpline's own row, saved as fixtures are
    # loaded (raw: the Wagtail housekeeping above is all a new draft needs).
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    rows = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page in pages]
    )
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.id
        page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    save_relations(pages)

    revisions = Revision.objects.bulk_create(
        Revision(
            content_object=page,
            base_content_type=page.get_base_content_type(),
            user=user,
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    )
    for page, row, revision in zip(pages, rows, revisions, strict=True):
        page.latest_revision = row.latest_revision = revision
    Page.objects.bulk_update(rows, ["latest_revision"])
    PageLogEntry.objects.bulk_create(
        entry
        for page, revision in zip(pages, revisions, strict=True)
        for entry in history(page, revision, user, now)
    )
    for page in pages:
        insert_or_update_object_task.enqueue(
            page._meta.app_label, page._meta.model_name, str(page.pk)
        )
    return pages


def history(page, revision, user, moment):
    """The entries `log` writes when add_child saves a new page and save_revision saves its
    first revision."""
    context = get_active_log_context()
    common = {
        "page": page,
        "content_type": ContentType.objects.get_for_model(page, for_concrete_model=False),
        "label": page.get_admin_display_title(),
        "timestamp": moment,
        "data": {},
        "uuid": context.uuid,
        "content_changed": True,
    }
    return [
        PageLogEntry(action="wagtail.create", user=page.owner or context.user, **common),
        PageLogEntry(action="wagtail.edit", user=user or context.user, revision=revision, **common),
    ]


def save_relations(pages):
    """The channels, countries, audiences and topics of new helplines, in one statement
    each."""
    channels, countries, audiences, topics = [], [], [], []
    for page in pages:
        for channel in page.channels.all():
            channel.page_id = page.pk
            channels.append(channel)
        for item in page.tagged_items.all():
            item.content_object_id = page.pk
            topics.append(item)
        countries += [
            HelplinePage.countries.through(helplinepage_id=page.pk, country_id=country.pk)
            for country in page.countries.all()
        ]
        audiences += [
            HelplinePage.audiences.through(helplinepage_id=page.pk, audience_id=audience.pk)
            for audience in page.audiences.all()
        ]
    ContactChannel.objects.bulk_create(channels)
    TaggedHelpline.objects.bulk_create(topics)
    HelplinePage.countries.through.objects.bulk_create(countries)
    HelplinePage.audiences.through.objects.bulk_create(audiences)


def build_channel(data, order):
    return ContactChannel(
        sort_order=order,
        kind=data["kind"],
        value=data["value"],
        extension=data.get("extension", ""),
        label=data["label"],
        keyword=data["keyword"],
        timezone=data["timezone"],
        open_24_7=data["always_open"],
        hours=hours_blocks(data["windows"]),
        languages=data["languages"],
        cost=data["cost"],
        notes=data["notes"],
    )


def free_slug(title, taken):
    """A slug for `title` not in `taken` (the index's children's), which it joins."""
    base = slugify(title)[:200] or "helpline"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug
