"""What happens when resources change, beyond saving them."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_unpublished

from core.languages import is_original

from .models import Organisation
from .roles import follow_the_original, provision_organisation


@receiver(post_save, sender=Organisation)
def give_an_organisation_its_group_and_collection(sender, instance, raw=False, **kwargs):
    """Saving an organisation also gives it an editors group and a media collection."""
    if not raw:
        provision_organisation(instance)


@receiver(post_save)
def give_a_new_translated_section_its_roles(sender, instance, created, raw=False, **kwargs):
    """A language's home page or section, new (wagtail-localize makes them with a page's
    first translation into it), follows its English original: translated guides go
    through clinical review too."""
    is_section = isinstance(instance, Page) and instance.depth in (2, 3)
    if created and not raw and is_section and not is_original(instance):
        follow_the_original(instance)


@receiver(page_unpublished)
def withdraw_translations_with_their_original(sender, instance, **kwargs):
    """A page taken down in English is taken down in every language: a guide withdrawn
    after review must not stay up in translation."""
    if is_original(instance):
        for translation in instance.get_translations().live():
            translation.specific.unpublish()
