from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel

from resources.validators import normalise_language_codes

from .crisis import phrase_concepts


class CrisisPhrase(models.Model):
    """Words that suggest someone is at risk right now. Searches like them lead with crisis help.

    Matching is by meaning, not spelling: see search/crisis.py.
    """

    text = models.CharField(
        max_length=200,
        unique=True,
        help_text="A short phrase as someone might type it, e.g. “want to end it all”.",
    )
    language = models.CharField(max_length=2, default="en", help_text="ISO 639-1 code.")
    notes = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("text"), FieldPanel("language"), FieldPanel("notes")]

    class Meta:
        ordering = ["language", "text"]

    def __str__(self):
        return self.text

    def clean(self):
        try:
            self.language = normalise_language_codes(self.language)
        except ValidationError as error:
            raise ValidationError({"language": error.messages}) from error
        if not phrase_concepts(self.text):
            raise ValidationError({"text": "Use at least one meaningful word."})


class PendingIndexUpdate(models.Model):
    """A resource page whose search-engine document must be written or removed.

    Recorded in the same transaction as the publish (or unpublish, move, delete), and
    removed only once the engine has taken the change, so an engine outage loses nothing.
    """

    page_id = models.PositiveIntegerField(unique=True)
    queued_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["queued_at"]

    def __str__(self):
        return f"Page {self.page_id} waiting for the search engine"
