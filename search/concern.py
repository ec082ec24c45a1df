"""Does this query show distress, without a risk to life? Then the finder adds a short
"talk to someone now" line above results that stay as they are.

The rule layer's words of distress in English, Welsh, Spanish, French and German, matched
on stems. The trained model (search/classifier.py) judges distress; these words judge it
only when the model cannot be read.
"""

from .text import stem, words

DISTRESS = """
worthless useless hopeless helpless pointless miserable lonely lonley lonly alone isolated
excluded anxious anxius anxiety panic panicking overwhelmed overwhelming stressed stress
stressing cope coping depressed depression sadness upset heartbroken grief grieving numb
empty exhausted ashamed humiliated rejected failure failing ugly bullied bullying bully
teased harassed terrified nightmares insomnia struggling breakdown drowning trapped ignored
worry worrying worried insecure guilty stupid rubbish overthinking burnt motivation
inutil sola solo soledad ansiedad angustia agobiado agobiada estresado estresada tristeza
deprimido deprimida depresion acoso acosan fracaso rechazo aislado aislada sobrepasado
nul nulle seul seule solitude angoisse angoissé anxieux anxieuse stressée deprime déprimé
deprimee harcele harcelé harcelement craque epuise épuisé
wertlos nutzlos allein einsam einsamkeit angst panik panikattacke gestresst ueberfordert
überfordert traurig depressiv gemobbt mobbing ausgeschlossen sorgen
unig unigrwydd pryder pryderus gorbryder trist isel panig bwlio mwlio di-werth diwerth crio
ffraeo
""".split()
# Phrases whose words are everyday alone: "can't cope", "no friends", "no one likes me".
PHRASES = [
    "not cope",
    "no friends",
    "no one",
    "nobody likes",
    "fit in",
    "fed up",
    "feel low",
    "feeling low",
    "feel lost",
    "feeling lost",
    "mental health",
    "odd one out",
    "mood swings",
    "passed away",
    "methu ymdopi",
    "no tengo amigos",
    "en peux plus",
    "pas d amis",
    "keine freunde",
    "halts nicht",
    "halt es nicht",
    "dim ffrindiau",
]
DISTRESS_STEMS = frozenset(stem(word) for word in words(" ".join(DISTRESS)))
PHRASE_WORDS = [words(phrase) for phrase in PHRASES]


def distress_in(query_text):
    """The words and phrases of distress in `query_text`, as typed (folded)."""
    typed = words(query_text)
    found = [word for word in typed if stem(word) in DISTRESS_STEMS]
    joined = " " + " ".join(typed) + " "
    found += [" ".join(phrase) for phrase in PHRASE_WORDS if f" {' '.join(phrase)} " in joined]
    return found


def shows_distress(query_text):
    return bool(distress_in(query_text))
