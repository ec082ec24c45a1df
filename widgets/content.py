"""What the widget says and how it looks, in one place for both of its forms: the script
partners embed (widgets/scripts/helplines-v2.js, served at /widgets/v2/helplines.js) and
the page they may frame (/embed/v1/helplines/)."""

import json
import re
from functools import cache
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy as _

LANGUAGES = {"en": "English", "cy": "Cymraeg", "es": "Español", "fr": "Français"}
# What the widget says, written once; each language's words are in its .po file
# (widgets/locale/), as for the rest of the site.
WORDS = {
    "title": _("Talk to someone now"),
    "emergency": _("In an emergency, call"),
    "more": _("More help"),
    "exit": _("Leave this site"),
    "finding": _("Finding helplines…"),
    "find": _("Find a helpline"),
    "open": _("Open now"),
    "closed": _("Closed"),
    "always": _("Open 24/7"),
    "none": _("We have no helplines to show here yet."),
}


def text_in(language):
    """The widget's words in `language`, one of LANGUAGES."""
    with translation.override(language):
        return {key: str(words) for key, words in WORDS.items()}


# One stylesheet: the framed page links it, the script carries it into its Shadow DOM.
LOOK = Path(__file__).parent / "static" / "widgets" / "look.css"


@cache
def look_for_script():
    """The stylesheet without comments or line breaks, for the script to carry."""
    css = re.sub(r"/\*.*?\*/", "", LOOK.read_text(encoding="utf-8"), flags=re.S)
    return "".join(line.strip() for line in css.splitlines())


def script_text():
    text = {language: text_in(language) for language in LANGUAGES}
    return json.dumps(text, ensure_ascii=False, separators=(",", ":"))
