"""Where the interface's translations live and how they are made: each app's own
`locale/<language>/LC_MESSAGES/django.po`, for every language of settings.LANGUAGES but
the one the strings are written in.

`manage.py check_translations` (in `make ci`) fails when a .po file is stale or a string
is untranslated; `--update` brings the .po files up to date instead.
`manage.py compile_translations` (in `make install`) writes the .mo files Django reads.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings

import polib

# The options makemessages runs with: no line numbers, so that moving code changes no
# .po file, and nothing kept that the code no longer says.
MAKEMESSAGES = {
    "no_location": True,
    "no_obsolete": True,
    "ignore_patterns": [".venv/*", "tests/*", "docs/*", "node_modules/*"],
}


def languages():
    """The languages translated into: all but the source language."""
    source = settings.LANGUAGE_CODE.split("-")[0]
    return [code for code, _ in settings.LANGUAGES if code.split("-")[0] != source]


def locale_folders():
    """The locale folder of each of Waymark's own apps (folders of the project's root)."""
    root = Path(settings.BASE_DIR).resolve()
    folders = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent == root and (path / "locale").is_dir():
            folders.append(path / "locale")
    return folders


def catalogue_files():
    """Every .po file, per app and language."""
    return [
        folder / language / "LC_MESSAGES" / "django.po"
        for folder in locale_folders()
        for language in languages()
        if (folder / language / "LC_MESSAGES" / "django.po").exists()
    ]


def read(path):
    return polib.pofile(str(path), wrapwidth=100)
