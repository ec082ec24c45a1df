"""Keep the finder in step with what is published.

Follows Wagtail's publishing signals rather than raw saves, so drafts and revisions do not
count; changes to shared taxonomy (topics, organisations, countries, audiences) count too
because they appear in every document that uses them.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, post_page_move

from resources.models import Audience, Country, Organisation, Topic

from .documents import TYPES
from .models import CatalogueVersion


def resources_changed(**kwargs):
    CatalogueVersion.bump()


def connect():
    for model in TYPES.values():
        page_published.connect(
            resources_changed, sender=model, dispatch_uid=f"finder-pub-{model.__name__}"
        )
        page_unpublished.connect(
            resources_changed, sender=model, dispatch_uid=f"finder-unpub-{model.__name__}"
        )
        post_delete.connect(
            resources_changed, sender=model, dispatch_uid=f"finder-del-{model.__name__}"
        )
    post_page_move.connect(resources_changed, dispatch_uid="finder-move")
    for model in (Topic, Organisation, Country, Audience):
        post_save.connect(
            resources_changed, sender=model, dispatch_uid=f"finder-save-{model.__name__}"
        )
        post_delete.connect(
            resources_changed, sender=model, dispatch_uid=f"finder-delete-{model.__name__}"
        )
