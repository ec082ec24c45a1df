from django.core.management.base import BaseCommand, CommandError

from core.languages import originals
from resources.models import HelplinePage, Organisation
from resources.spreadsheets import export_csv, latest_helplines


class Command(BaseCommand):
    help = (
        "Export helplines as CSV, one row per contact channel, in the format import_helplines "
        "reads: edit it in a spreadsheet and import it to change exactly what you edited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write; default: standard output.")
        parser.add_argument("--organisation", help="Only this organisation's helplines.")

    def handle(self, output=None, organisation=None, **options):
        helplines = originals(HelplinePage.objects.all())
        if organisation:
            found = Organisation.objects.filter(name=organisation).first()
            if found is None:
                raise CommandError(f"No organisation is called “{organisation}”.")
            helplines = helplines.filter(organisation=found)
        if output:
            with open(output, "w", newline="", encoding="utf-8") as out:
                export_csv(latest_helplines(helplines), out)
            self.stderr.write(f"Wrote {helplines.count()} helplines to {output}.")
        else:
            export_csv(latest_helplines(helplines), self.stdout)
