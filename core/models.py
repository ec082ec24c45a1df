from django.db import models

from .languages import translated_languages


class InAnotherLanguage(models.Model):
    """The words of one shared item (a topic, an audience) in one of the other languages."""

    language = models.CharField(max_length=8, choices=translated_languages)

    class Meta:
        abstract = True


class CatalogueVersion(models.Model):
    """A counter bumped whenever published resources change, so caches know to refresh.

    Kept in the database so every web process sees the same number.
    """

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        # Made by the search app, where the model began.
        db_table = "search_catalogueversion"

    def __str__(self):
        return f"Catalogue version {self.number}"

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls):
        updated = cls.objects.filter(pk=1).update(number=models.F("number") + 1)
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 1})


class ScheduledJob(models.Model):
    """When a scheduled job (core/scheduling.py) runs next, and how its last run went."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    duration_ms = models.PositiveIntegerField(null=True)
    succeeded = models.BooleanField(null=True)
    outcome = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
