"""Keep the finder in step with what is published.

Follows Wagtail's publishing signals rather than raw saves, so drafts and revisions do not
count. Changes to shared taxonomy (topics, organisations, countries, audiences) count too,
because they appear in every document that uses them. Each change bumps CatalogueVersion
(the database engine's caches) and queues the search engine's index update. Publishing,
unpublishing, moving or deleting any page bumps it already (core/routing.py).
"""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.catalogue import catalogue_changed
from resources.models import (
    Audience,
    AudienceTranslation,
    Country,
    CountryCrisisLine,
    EmergencyNumber,
    HelplinePage,
    Organisation,
    Topic,
    TopicTranslation,
)
from resources.signals import helpline_checked

from . import indexing
from .documents import TYPES
from .models import CrisisPhrase


def page_changed(sender, instance, **kwargs):
    """Every version of the page is queued: an original's document lists the languages
    it is translated into, and a translation is only found while its original is live."""
    versions = Page.objects.filter(translation_key=instance.translation_key)
    indexing.queue([instance.pk, *versions.values_list("pk", flat=True)])


def helpline_checked_again(sender, instance, **kwargs):
    """A new "last checked" date is saved without a publish."""
    catalogue_changed()
    page_changed(sender, instance)


def page_moved(sender, instance, **kwargs):
    moved = Page.objects.descendant_of(instance, inclusive=True).type(*TYPES.values())
    indexing.queue(list(moved.values_list("pk", flat=True)))


def taxonomy_changed(sender, instance, **kwargs):
    catalogue_changed()
    if sender in (Topic, TopicTranslation):
        # Topic synonyms are part of the index's analysis settings: build it afresh.
        indexing.queue_rebuild()
    else:
        resources = Page.objects.live().type(*TYPES.values())
        indexing.queue(list(resources.values_list("pk", flat=True)))


def crisis_help_changed(sender, instance, **kwargs):
    """Crisis phrases, emergency numbers and countries' crisis lines: no index document
    holds them, but the caches of every process do."""
    catalogue_changed()


def connect():
    for model in TYPES.values():
        uid = model.__name__
        page_published.connect(page_changed, sender=model, dispatch_uid=f"finder-publish-{uid}")
        page_unpublished.connect(page_changed, sender=model, dispatch_uid=f"finder-unpublish-{uid}")
        post_delete.connect(page_changed, sender=model, dispatch_uid=f"finder-delete-{uid}")
    helpline_checked.connect(
        helpline_checked_again, sender=HelplinePage, dispatch_uid="finder-checked"
    )
    post_page_move.connect(page_moved, dispatch_uid="finder-move")
    for model in (Topic, TopicTranslation, Organisation, Country, Audience, AudienceTranslation):
        uid = model.__name__
        post_save.connect(taxonomy_changed, sender=model, dispatch_uid=f"finder-save-{uid}")
        post_delete.connect(taxonomy_changed, sender=model, dispatch_uid=f"finder-delete-{uid}")
    for model in (CrisisPhrase, EmergencyNumber, CountryCrisisLine):
        uid = model.__name__
        post_save.connect(crisis_help_changed, sender=model, dispatch_uid=f"finder-save-{uid}")
        post_delete.connect(crisis_help_changed, sender=model, dispatch_uid=f"finder-delete-{uid}")
