"""Seed the crisis phrases every Waymark site starts with. Editors can change them later.

The phrases are common ways people describe suicidal thoughts, self-harm and immediate
danger, gathered from public guidance on recognising warning signs (e.g. the 988 Lifeline's
and Samaritans' "warning signs" pages). Matching works on meaning, so each phrase also
covers its paraphrases and misspellings.
"""

from django.db import migrations

PHRASES = {
    "en": [
        "suicide", "suicidal", "kill myself", "killing myself", "want to die", "wish I was dead",
        "better off dead", "end my life", "end it all", "want to end it",
        "planning to end things", "take my own life",
        "don't want to live", "don't want to be alive", "don't want to exist",
        "no reason to live", "no point living", "life is not worth living",
        "better off without me", "better off if I was gone", "I am a burden",
        "feel like dying", "can't take it anymore",
        "can't go on", "don't want to wake up", "want to disappear forever", "goodbye forever",
        "suicide note", "goodbye letter", "hurt myself", "harm myself", "self harm",
        "selfharm", "cut myself", "overdose", "take all my pills", "jump off a bridge",
        "going to jump", "hang myself", "noose",
        "someone is going to hurt me", "not safe at home", "in danger right now",
    ],
    "es": [
        "suicidio", "quiero morir", "quiero matarme", "no quiero vivir", "quitarme la vida",
        "acabar con todo", "hacerme daño", "autolesión", "cortarme", "no vale la pena vivir",
    ],
    "fr": [
        "me suicider", "je veux mourir", "me tuer", "en finir", "je ne veux plus vivre",
        "mettre fin à mes jours", "me faire du mal", "automutilation", "me scarifier",
    ],
    "de": ["selbstmord", "ich will sterben", "mich umbringen", "nicht mehr leben"],
    "cy": ["hunanladdiad", "eisiau marw", "lladd fy hun"],
}


def seed(apps, schema_editor):
    CrisisPhrase = apps.get_model("search", "CrisisPhrase")
    for language, phrases in PHRASES.items():
        for text in phrases:
            CrisisPhrase.objects.get_or_create(text=text, defaults={"language": language})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_crisis_phrases")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
