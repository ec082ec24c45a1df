"""Compile every app's .po files into the .mo files Django reads, in Python (polib), so
that installing Waymark needs no GNU gettext: `python manage.py compile_translations`."""

from django.core.management.base import BaseCommand

from core.translations import catalogue_files, read


class Command(BaseCommand):
    help = "Compile the interface's translations (.po files) for Django to read."

    def handle(self, *args, **options):
        files = catalogue_files()
        for path in files:
            # Untranslated and fuzzy entries are left out: English shows instead.
            read(path).save_as_mofile(str(path.with_suffix(".mo")))
        self.stdout.write(f"Compiled {len(files)} translation files.")
