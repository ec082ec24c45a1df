"""Are the interface's translations complete and current? `python manage.py
check_translations` fails, naming each problem, when the code says a string that a .po file
lacks, a .po file holds a string the code no longer says, or a string is untranslated or
marked fuzzy. `--update` runs makemessages instead, adding new strings to translate and
dropping old ones. Both need GNU gettext (xgettext): `make ci` installs it."""

import re

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.translations import MAKEMESSAGES, catalogue_files, languages, locale_folders, read


class Command(BaseCommand):
    help = "Fail when a translation is missing, fuzzy or stale (--update to refresh .po files)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Refresh the .po files from the code."
        )

    def handle(self, *args, update=False, **options):
        if not locale_folders():
            raise CommandError("No app has a locale/ folder to check.")
        if update:
            call_command("makemessages", locale=languages(), verbosity=0, **MAKEMESSAGES)
            self.stdout.write(f"Updated {len(catalogue_files())} translation files.")
            return
        problems = self.stale() + self.untranslated()
        if problems:
            raise CommandError(
                "Translations need work (`python manage.py check_translations --update`, then "
                "translate):\n  " + "\n  ".join(problems)
            )
        strings = sum(len(read(path)) for path in catalogue_files())
        self.stdout.write(
            f"Every string is translated: {strings} in {len(catalogue_files())} files."
        )

    def stale(self):
        """What makemessages would add or drop; the .po files are left as they were."""
        kept = {path: path.read_bytes() for path in catalogue_files()}
        before = {path: msgids(path) for path in kept}
        try:
            call_command("makemessages", locale=languages(), verbosity=0, **MAKEMESSAGES)
            after = {path: msgids(path) for path in catalogue_files()}
        finally:
            for path in catalogue_files():
                if path in kept:
                    path.write_bytes(kept[path])
                else:
                    path.unlink()
        problems = []
        for path, found in after.items():
            known = before.get(path, set())
            problems += [f"{path}: not in the file yet: “{msgid}”" for _, msgid in found - known]
            problems += [f"{path}: no longer in the code: “{msgid}”" for _, msgid in known - found]
        return problems

    def untranslated(self):
        """Strings not translated, marked fuzzy, or whose translation lost or gained a
        placeholder or a tag (a crisis number or a link could vanish with them)."""
        problems = []
        for path in catalogue_files():
            catalogue = read(path)
            for entry in catalogue.translated_entries():
                translations = [entry.msgstr] if entry.msgstr else entry.msgstr_plural.values()
                for translation in translations:
                    if shape(translation) != shape(entry.msgid):
                        problems.append(
                            f"{path}: “{translation}” does not keep the placeholders and tags "
                            f"of “{entry.msgid}”"
                        )
            problems += [
                f"{path}: untranslated: “{e.msgid}”" for e in catalogue.untranslated_entries()
            ]
            problems += [f"{path}: fuzzy: “{e.msgid}”" for e in catalogue.fuzzy_entries()]
        return problems


PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def shape(text):
    """The placeholders and tags a string holds, whatever the words around them."""
    return sorted(PLACEHOLDER.findall(text)), sorted(TAG.findall(text))


def msgids(path):
    return {(entry.msgctxt, entry.msgid) for entry in read(path)}
