"""Applying a checked import plan: every change in one transaction, or none.

New and changed helplines are saved as revisions (drafts unless the plan publishes), so
review, history, signals and the search queue see an import as they see an editor's edit.
"""

from django.db import transaction
from django.utils.text import slugify

from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from .blocks import hours_blocks
from .models import ContactChannel, HelplineIndexPage, HelplinePage
from .records import OWN_ID


def apply_plan(plan, user=None, progress=None):
    """Apply every change, or nothing: refuses a plan with problems and rolls back on any
    error. `progress(done, total)` is called after each helpline."""
    if not plan.is_valid:
        raise ValueError("This import has problems to fix first.")
    index = HelplineIndexPage.objects.first()
    total = len(plan.outcomes)
    saved = []
    # Wagtail updates the reference index once per object saved (the page, each revision,
    # each channel): an import updates it once per helpline instead, with the same result.
    with transaction.atomic(), disable_reference_index_auto_update():
        for outcome in plan.outcomes:
            organisation = outcome.cleaned["organisation"]
            if outcome.applies and organisation.pk is None:
                organisation.save()
                saved.append(organisation)
        for done, outcome in enumerate(plan.outcomes, start=1):
            if outcome.applies:
                saved.append(save_helpline(outcome, index, user, plan.publish))
            if progress:
                progress(done, total)
        for instance in saved:
            meta = instance._meta
            update_reference_index_task.enqueue(meta.app_label, meta.model_name, str(instance.pk))


def save_helpline(outcome, index, user, publish):
    cleaned = outcome.cleaned
    page = outcome.page
    creating = page is None
    if creating:
        page = HelplinePage(slug=unique_slug(index, cleaned["title"]), live=False)
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
    if creating:
        page.has_unpublished_changes = True
        index.add_child(instance=page)
    # Every field was checked against the same rules before anything was applied.
    revision = page.save_revision(user=user, log_action=True, clean=False)
    if not creating:
        # The external id is how the next import finds this helpline, draft or published.
        HelplinePage.objects.filter(pk=page.pk).update(external_id=page.external_id)
    if publish:
        revision.publish(user=user)
    return page


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


def unique_slug(index, title):
    base = slugify(title)[:200] or "helpline"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
