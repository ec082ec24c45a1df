from django.db import migrations

# The languages pages are translated into, beside English (settings.WAGTAIL_CONTENT_LANGUAGES).
LANGUAGES = ["en-gb", "cy", "es", "fr"]


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_block_templates_live_in_core"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
