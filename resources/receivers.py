"""What happens when resources change, beyond saving them."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Organisation
from .roles import provision_organisation


@receiver(post_save, sender=Organisation)
def give_an_organisation_its_group_and_collection(sender, instance, raw=False, **kwargs):
    """Saving an organisation also gives it an editors group and a media collection."""
    if not raw:
        provision_organisation(instance)
