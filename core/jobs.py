"""Core's scheduled jobs (core/scheduling.py)."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, Revision

from .scheduling import every


@every(
    timedelta(minutes=1),
    "publish-scheduled",
    "Publishes pages whose scheduled time has come and takes down those that have expired.",
)
def publish_scheduled():
    now = timezone.now()
    due = Revision.objects.filter(approved_go_live_at__lte=now).count()
    expired = Page.objects.filter(live=True, expire_at__lt=now).count()
    call_command("publish_scheduled", stdout=StringIO())
    return f"Published {due} scheduled, took down {expired} expired."
