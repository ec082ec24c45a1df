from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from resources.applying import apply_plan
from resources.checking import read_new_countries
from resources.duplicates import CHOICES
from resources.hsds_reading import read_hsds
from resources.importing import plan_import
from resources.records import ImportFileError
from resources.spreadsheets import read_csv


class Command(BaseCommand):
    help = (
        "Import helplines from CSV (the export's format) or HSDS 3.0 JSON. Checks every row "
        "first and reports what would change; applies nothing unless every row is right, and "
        "then applies everything in one transaction. New and changed helplines are drafts for "
        "review unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .csv or .json file.")
        parser.add_argument(
            "--format", choices=["csv", "hsds"], help="Default: from the file's extension."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )
        parser.add_argument("--publish", action="store_true", help="Publish instead of drafts.")
        parser.add_argument(
            "--create-organisations",
            action="store_true",
            help="Add organisations the file names that Waymark does not have yet.",
        )
        parser.add_argument(
            "--new-countries",
            default="",
            help="Countries the file names that Waymark does not list yet, to add with their "
            'emergency numbers: "CA=911 NZ=111" (check every number: it is shown to people in '
            "danger). Needs an administrator, or no --user.",
        )
        parser.add_argument(
            "--duplicates",
            choices=list(CHOICES),
            default="skip",
            help="What to do with a new helpline that looks like one already listed (the same "
            "number, web address or email, or a near-identical name in a country both serve): "
            "skip it (the default), link it (the listed one takes over its external id and is "
            "updated from the file) or import it as a new helpline.",
        )
        parser.add_argument(
            "--countries",
            default="",
            help='ISO codes ("GB IE") of the countries served by HSDS services whose areas '
            "name none (a town, a county).",
        )
        parser.add_argument(
            "--user", help="Import as this user: their permissions apply, revisions are theirs."
        )

    def handle(
        self,
        path,
        format=None,
        dry_run=False,
        publish=False,
        user=None,
        create_organisations=False,
        new_countries="",
        countries="",
        duplicates="skip",
        **options,
    ):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        format = format or ("hsds" if file.suffix.lower() == ".json" else "csv")
        importer = get_user_model().objects.filter(username=user).first() if user else None
        if user and importer is None:
            raise CommandError(f"There is no user called {user}.")
        try:
            if format == "hsds":
                countries = " ".join(countries.upper().split())
                records = read_hsds(file.read_bytes(), countries=countries)
            else:
                records = read_csv(file.read_bytes())
        except (ImportFileError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            new_countries = read_new_countries(new_countries)
        except ValueError as error:
            raise CommandError(f"--new-countries: {error}") from error
        self.stdout.write(f"Checking {len(records)} helplines…")
        plan = plan_import(
            records,
            user=importer,
            publish=publish,
            create_organisations=create_organisations,
            new_countries=new_countries,
            otherwise=duplicates,
        )
        for outcome in plan.outcomes:
            rows = f"row {outcome.first_row}" if format == "csv" else f"item {outcome.first_row}"
            columns = f" ({', '.join(outcome.changed_columns)})" if outcome.changes else ""
            self.stdout.write(f"  {rows}: {outcome.action} {outcome.record.external_id}{columns}")
            for duplicate in outcome.duplicates:
                page = f" (page {duplicate.page_id})" if duplicate.page_id else ""
                self.stdout.write(f"    looks like “{duplicate.title}”{page}: {duplicate.reason}")
            for change in outcome.changes:
                self.stdout.write(f"    {change}")
            for place in outcome.not_kept:
                self.stdout.write(f"    not kept: {place}")
            for problem in outcome.problems:
                self.stdout.write(self.style.ERROR(f"    {problem}"))
        summary = (
            f"{plan.count('create')} to create, {plan.count('update')} to update, "
            f"{plan.count('unchanged')} unchanged, {len(plan.problems)} problems."
        )
        if plan.count("skip"):
            summary += (
                f" {plan.count('skip')} skipped as already listed (--duplicates link or import "
                "to change that)."
            )
        if plan.new_organisations:
            self.stdout.write(f"New organisations: {', '.join(plan.new_organisations)}.")
        if plan.new_countries:
            self.stdout.write(f"New countries: {'; '.join(plan.new_countries)}.")
        if not plan.is_valid:
            raise CommandError(f"{summary} Nothing was imported: fix the problems and try again.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"{summary} Dry run: nothing was changed."))
            return
        if not plan.changes_anything:
            self.stdout.write(
                self.style.SUCCESS(f"{summary} Nothing to do: the directory already says this.")
            )
            return
        step = max(1, len(plan.outcomes) // 20)

        def progress(done, total):
            if done % step == 0 or done == total:
                self.stdout.write(f"  applied {done}/{total}")

        apply_plan(plan, user=importer, progress=progress)
        state = "published" if publish else "saved as drafts for review"
        self.stdout.write(self.style.SUCCESS(f"{summary} Imported; changes are {state}."))
