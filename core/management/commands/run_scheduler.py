from django.core.management.base import BaseCommand, CommandError

from core.scheduling import JOBS, run_due, run_forever


class Command(BaseCommand):
    help = (
        "Run scheduled jobs (publishing scheduled pages, review reminders, the search index's "
        "catch-up) as they fall due. Run one beside the task worker; several are safe."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then stop.")
        parser.add_argument(
            "--tick", type=int, default=30, help="Seconds between looks (default 30)."
        )

    def handle(self, *args, once=False, tick=30, **options):
        if tick < 1:
            raise CommandError("--tick must be at least 1 second.")
        if once:
            ran = run_due()
            self.stdout.write(f"Ran: {', '.join(ran)}." if ran else "Nothing was due.")
            return
        names = ", ".join(f"{job.name} (every {job.interval})" for job in JOBS.values())
        self.stdout.write(f"Scheduler started, looking every {tick} s for: {names}.")
        run_forever(tick, lambda ran: self.stdout.write(f"Ran: {', '.join(ran)}."))
