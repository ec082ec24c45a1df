from django.db import migrations


class Migration(migrations.Migration):
    """CatalogueVersion now belongs to the core app, which keeps this app's table."""

    dependencies = [("search", "0005_postgres_text_index"), ("core", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CatalogueVersion")],
            database_operations=[],
        )
    ]
