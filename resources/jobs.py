"""The directory's scheduled jobs (core/scheduling.py)."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from core.scheduling import every


@every(
    timedelta(days=1),
    "review-reminders",
    "Emails each organisation's editors the helplines due for a check.",
)
def send_review_reminders():
    output = StringIO()
    call_command("send_review_reminders", stdout=output)
    return output.getvalue().strip().splitlines()[-1]
