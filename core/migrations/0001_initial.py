from django.db import migrations, models


class Migration(migrations.Migration):
    """CatalogueVersion moves here from the search app; its table stays where it is."""

    initial = True

    dependencies = [("search", "0003_catalogue_version")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CatalogueVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("number", models.PositiveBigIntegerField(default=0)),
                    ],
                    options={"db_table": "search_catalogueversion"},
                )
            ],
            database_operations=[],
        )
    ]
