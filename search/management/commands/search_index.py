from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.backends.engine.client import engine_errors


class Command(BaseCommand):
    help = (
        "Look after the search engine's resources index. "
        "rebuild: build a new index and swap the alias (no downtime). "
        "catch_up: apply changes queued while the engine was away. "
        "drift: report differences between published pages and the index."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "catch_up", "drift"])

    def handle(self, *args, action, **options):
        if not settings.WAYMARK_SEARCH["engine"]:
            raise CommandError("SEARCH_URL is not set: there is no search engine index to manage.")
        try:
            getattr(self, action)()
        except engine_errors() as error:
            raise CommandError(f"The search engine did not answer: {error}") from error

    def progress(self, done, total):
        self.stdout.write(f"  {done}/{total} documents")

    def rebuild(self):
        self.stdout.write("Building a new index…")
        name = indexing.rebuild(progress=self.progress)
        self.stdout.write(self.style.SUCCESS(f"Index {name} is live."))

    def catch_up(self):
        applied = indexing.apply_pending(progress=self.progress)
        self.stdout.write(self.style.SUCCESS(f"Applied {applied} queued changes."))

    def drift(self):
        report = indexing.drift()
        for kind in ("missing", "extra", "stale"):
            ids = report[kind]
            self.stdout.write(f"{kind}: {len(ids)}" + (f" (page ids {ids[:20]})" if ids else ""))
        self.stdout.write(f"queued: {report['pending']}")
        if any(report[kind] for kind in ("missing", "extra", "stale")):
            raise CommandError(
                "The index differs from the published pages: run catch_up or rebuild."
            )
        self.stdout.write(self.style.SUCCESS("The index matches the published pages."))
