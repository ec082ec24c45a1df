"""Seed everyday phrases: words people use about life online and everyday life that share a
word with crisis language but are not a crisis. Each is set aside before a search is judged,
so "how to kill time without my phone" no longer raises the crisis panel while "i want to
kill myself" still does. Editors can change them under Crisis phrases."""

from django.db import migrations

EVERYDAY = {
    "en": [
        "kill time", "killing time", "killing it", "killed it", "kill it",
        "dying to know", "dying to see", "dying to go", "dying to try", "die laughing",
        "dying of laughter", "to die for", "drop dead gorgeous",
        "social media", "screen time", "cut down", "cutting down", "cut back",
        "end my streak", "end the streak", "end of the day", "end of term",
        "jump on a call", "jump rope", "jump scare", "shoot a video", "photo shoot",
        "phone died", "battery died", "dead battery", "dead phone",
        "hang out", "hanging out", "hang a picture", "cut my hair", "die my hair",
        "knife skills", "overdose on caffeine", "pills in the game",
        "cut out", "cut ties", "cutting the cord", "cut an onion", "cut the video",
        "kids tablet", "tablet for kids", "tablets for kids", "pill organizer",
        "birth control pill", "red pill", "end task", "end meeting", "ender dragon",
        "suicide doors", "suicide squad",
    ],
    "es": [
        "matar el tiempo", "me muero de risa", "muerto de risa", "me muero de ganas",
        "redes sociales", "tiempo de pantalla", "cortar el pelo", "me mata de risa",
        "cortar videos", "cortar cebolla", "tabletas para ninos", "tablet para ninos",
    ],
    "fr": [
        "tuer le temps", "mort de rire", "je meurs de faim", "je meurs de rire",
        "reseaux sociaux", "temps d ecran", "couper les cheveux", "ca me tue",
        "couper une video", "couper un oignon", "tablette pour enfant",
    ],
    "de": [
        "zeit totschlagen", "sterbe vor lachen", "vor lachen sterben", "soziale medien",
        "social media", "bildschirmzeit reduzieren", "haare schneiden",
        "tablet fur kinder", "tablet fuer kinder",
    ],
    "cy": ["lladd amser", "cyfryngau cymdeithasol", "amser sgrin", "marw isio gwybod"],
}


def seed(apps, schema_editor):
    CrisisPhrase = apps.get_model("search", "CrisisPhrase")
    for language, phrases in EVERYDAY.items():
        for text in phrases:
            CrisisPhrase.objects.get_or_create(
                text=text, defaults={"language": language, "kind": "everyday"}
            )


def unseed(apps, schema_editor):
    CrisisPhrase = apps.get_model("search", "CrisisPhrase")
    texts = [text for phrases in EVERYDAY.values() for text in phrases]
    CrisisPhrase.objects.filter(kind="everyday", text__in=texts).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0007_crisis_phrase_kinds")]

    operations = [migrations.RunPython(seed, unseed)]
