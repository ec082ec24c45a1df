"""What comes in from outside: problem reports from the public, and uploads waiting for the
editor who sent them to confirm the import."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
)

from .helplines import ContactChannel, HelplinePage


class ProblemReport(models.Model):
    """Someone telling an organisation that a helpline's details are wrong. Anonymous: the
    form asks for nothing about the person and nothing about them is stored."""

    class Kind(models.TextChoices):
        # The public chooses among these on the report form.
        NOT_WORKING = "not_working", _("The number, address or link doesn't work")
        HOURS_WRONG = "hours_wrong", _("The opening hours are wrong")
        CLOSED = "closed", _("The service has closed or moved")
        DETAILS_WRONG = "details_wrong", _("Something else is wrong")

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    helpline = models.ForeignKey(
        HelplinePage, on_delete=models.CASCADE, related_name="problem_reports"
    )
    channel = models.ForeignKey(
        ContactChannel,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The way of getting in touch the report is about, if the reporter said.",
    )
    kind = models.CharField("What's wrong", max_length=20, choices=Kind.choices)
    details = models.TextField(blank=True, max_length=1000)
    reported_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(
        blank=True, help_text="What you checked or changed. Only editors see this."
    )
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("status"), FieldPanel("resolution")]

    class Meta:
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["status", "-reported_at"])]

    def __str__(self):
        return f"{self.helpline.title}: {self.get_kind_display()}"


class PendingImport(models.Model):
    """An uploaded file from its preview to the end of its import. Kept in the database,
    not a per-process cache, so any worker can take the confirmation and the task worker
    the import (resources/import_jobs.py)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for confirmation"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    publish = models.BooleanField(default=False)
    create_organisations = models.BooleanField(default=False)
    # Countries the import may add, with their emergency numbers: {"CA": ["911"]}.
    new_countries = models.JSONField(default=dict, blank=True)
    # Countries served by HSDS services whose areas name none.
    countries = models.CharField(max_length=100, blank=True)
    # What to do with each new helpline that looks like one already listed, by external id.
    duplicates = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    result = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # How long an upload waits for confirmation, and how long an import's outcome is kept.
    LIFETIME = timedelta(minutes=30)
    KEPT = timedelta(days=1)

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @classmethod
    def waiting(cls):
        """Uploads still waiting for confirmation; older ones have expired."""
        return cls.objects.filter(
            status=cls.Status.UPLOADED, uploaded_at__gte=timezone.now() - cls.LIFETIME
        )

    @classmethod
    def forget_expired(cls):
        now = timezone.now()
        cls.objects.filter(status=cls.Status.UPLOADED, uploaded_at__lt=now - cls.LIFETIME).delete()
        cls.objects.filter(uploaded_at__lt=now - cls.KEPT).delete()
