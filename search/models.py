from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel

from resources.validators import normalise_language_codes

from .crisis import phrase_concepts
from .text import words


class CrisisPhrase(models.Model):
    """An editor's example of how people write: words that suggest someone is at risk right
    now (searches holding them lead with crisis help), words of distress without a risk to
    life (a short "talk to someone now" line), or everyday words that share a crisis word
    but are not a crisis ("kill time", "social media": set aside before a search is judged).

    Examples train the model (search/classifier.py) and count at once, before it is
    retrained: a search holding one word for word, or very like one, takes its level.
    """

    class Kind(models.TextChoices):
        CRISIS = "crisis", "A way of saying someone is at risk"
        CONCERN = "concern", "Distress without a risk to life"
        EVERYDAY = "everyday", "Everyday words that are not a crisis"

    text = models.CharField(
        max_length=200,
        unique=True,
        help_text="A short phrase as someone might type it, e.g. “want to end it all”.",
    )
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.CRISIS,
        help_text="A search holding a crisis or concern example word for word, or very like "
        "one, takes its level (a crisis example under half of a search the model sees little "
        "risk in gives the short line). Everyday phrases are matched word for word, in order, "
        "and set aside: “how to kill time without my phone” is judged as “how to without my "
        "phone”.",
    )
    language = models.CharField(max_length=2, default="en", help_text="ISO 639-1 code.")
    notes = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("text"), FieldPanel("kind"), FieldPanel("language"), FieldPanel("notes")]

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
        if self.kind == self.Kind.EVERYDAY and len(words(self.text)) < 2:
            raise ValidationError(
                {"text": "An everyday phrase needs two words or more, such as “kill time”."}
            )


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
