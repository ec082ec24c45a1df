"""What the widget says and how it looks, in one place for both of its forms: the script
partners embed (widgets/scripts/helplines-v2.js, served at /widgets/v2/helplines.js) and
the page they may frame (/embed/v1/helplines/)."""

import json
import re
from functools import cache
from pathlib import Path

LANGUAGES = {"en": "English", "cy": "Cymraeg", "es": "Español", "fr": "Français"}
TEXT = {
    "en": {
        "title": "Talk to someone now",
        "emergency": "In an emergency, call",
        "more": "More help",
        "exit": "Leave this site",
        "finding": "Finding helplines…",
        "find": "Find a helpline",
        "open": "Open now",
        "closed": "Closed",
        "always": "Open 24/7",
        "none": "We have no helplines to show here yet.",
    },
    "cy": {
        "title": "Siarad â rhywun nawr",
        "emergency": "Mewn argyfwng, ffoniwch",
        "more": "Rhagor o help",
        "exit": "Gadael y wefan",
        "finding": "Chwilio am linellau cymorth…",
        "find": "Dod o hyd i linell gymorth",
        "open": "Ar agor nawr",
        "closed": "Ar gau",
        "always": "Ar agor 24/7",
        "none": "Does dim llinellau cymorth i'w dangos yma eto.",
    },
    "es": {
        "title": "Habla con alguien ahora",
        "emergency": "En una emergencia, llama al",
        "more": "Más ayuda",
        "exit": "Salir de este sitio",
        "finding": "Buscando líneas de ayuda…",
        "find": "Encuentra una línea de ayuda",
        "open": "Abierto ahora",
        "closed": "Cerrado",
        "always": "Abierto 24/7",
        "none": "Todavía no hay líneas de ayuda para mostrar aquí.",
    },
    "fr": {
        "title": "Parler à quelqu'un maintenant",
        "emergency": "En cas d'urgence, appelez le",
        "more": "Plus d'aide",
        "exit": "Quitter ce site",
        "finding": "Recherche de lignes d'écoute…",
        "find": "Trouver une ligne d'écoute",
        "open": "Ouvert maintenant",
        "closed": "Fermé",
        "always": "Ouvert 24h/24",
        "none": "Aucune ligne d'écoute à afficher ici pour l'instant.",
    },
}

# One stylesheet: the framed page links it, the script carries it into its Shadow DOM.
LOOK = Path(__file__).parent / "static" / "widgets" / "look.css"


@cache
def look_for_script():
    """The stylesheet without comments or line breaks, for the script to carry."""
    css = re.sub(r"/\*.*?\*/", "", LOOK.read_text(encoding="utf-8"), flags=re.S)
    return "".join(line.strip() for line in css.splitlines())


def script_text():
    return json.dumps(TEXT, ensure_ascii=False, separators=(",", ":"))
