"""Jobs that run on a timetable, from `manage.py run_scheduler` beside the task worker:
publishing scheduled pages, review reminders, the search index's catch-up.

Each app names its jobs in its AppConfig.ready (`every`). Several schedulers may run at
once (one per replica): a run is claimed by one conditional UPDATE of the job's row, which
the database applies to one claimant only, so each run happens once. The last run of each
job, and how it ended, are kept for the admin's "Scheduled jobs" report.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import DatabaseError
from django.utils import timezone

from .models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    run: object  # a callable taking no arguments
    description: str


JOBS = {}


def every(interval, name, description):
    """Register the decorated function to run every `interval` (a timedelta)."""

    def register(function):
        JOBS[name] = Job(name, interval, function, description)
        return function

    return register


def claim(job, now):
    """Whether this process may run `job` now: it is due and no other scheduler took it."""
    ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    claimed = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.interval, started_at=now, finished_at=None
    )
    return claimed == 1


def run_due(now=None):
    """Run every job that is due (at `now`, by default the time each is looked at) and not
    taken by another scheduler. Returns their names."""
    ran = []
    for job in JOBS.values():
        if not claim(job, now or timezone.now()):
            continue
        began = time.monotonic()
        try:
            outcome = job.run() or "Done."
            succeeded = True
        except Exception as error:  # one job's failure is recorded; the others still run
            logger.exception("Scheduled job %s failed", job.name)
            outcome = f"Failed: {type(error).__name__}: {error}"[:500]
            succeeded = False
        ScheduledJob.objects.filter(name=job.name).update(
            finished_at=timezone.now(),
            duration_ms=int((time.monotonic() - began) * 1000),
            succeeded=succeeded,
            outcome=str(outcome)[:500],
        )
        ran.append(job.name)
    return ran


def run_forever(tick_seconds, report):
    """Run due jobs every `tick_seconds`, passing the names of those run to `report`; a
    database outage waits a tick."""
    while True:
        try:
            ran = run_due()
        except DatabaseError as error:
            logger.warning("Scheduler could not reach the database: %s", type(error).__name__)
        else:
            if ran:
                report(ran)
        time.sleep(tick_seconds)
