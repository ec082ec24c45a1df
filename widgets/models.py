from django.db import IntegrityError, models, transaction
from django.db.models import F


class WidgetDailyCount(models.Model):
    """How often a partner's widget was shown, or one of its channels tapped, on one day.

    Counts only: no addresses, cookies or identifiers of the people using the widget.
    """

    class Event(models.TextChoices):
        LOAD = "load", "Widget shown"
        CLICK = "click", "Channel tapped"

    day = models.DateField()
    partner = models.CharField(
        max_length=200, help_text="The embedding site's origin, or the partner key it set."
    )
    event = models.CharField(max_length=10, choices=Event.choices)
    channel = models.CharField(max_length=10, blank=True, help_text="For taps: which kind.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "partner", "event", "channel"], name="one_count_per_kind_per_day"
            )
        ]
        ordering = ["-day", "partner", "event", "channel"]

    def __str__(self):
        return f"{self.partner} {self.get_event_display()} {self.day}: {self.count}"

    @classmethod
    def record(cls, day, partner, event, channel=""):
        """Add one, safely when two requests count the same thing at once."""
        same = cls.objects.filter(day=day, partner=partner, event=event, channel=channel)
        if same.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(day=day, partner=partner, event=event, channel=channel, count=1)
        except IntegrityError:  # another request created it first
            same.update(count=F("count") + 1)
