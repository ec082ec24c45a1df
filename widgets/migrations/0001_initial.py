from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="WidgetDailyCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                (
                    "partner",
                    models.CharField(
                        help_text="The embedding site's origin, or the partner key it set.",
                        max_length=200,
                    ),
                ),
                (
                    "event",
                    models.CharField(
                        choices=[("load", "Widget shown"), ("click", "Channel tapped")],
                        max_length=10,
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        blank=True, help_text="For taps: which kind.", max_length=10
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={"ordering": ["-day", "partner", "event", "channel"]},
        ),
        migrations.AddConstraint(
            model_name="widgetdailycount",
            constraint=models.UniqueConstraint(
                fields=("day", "partner", "event", "channel"), name="one_count_per_kind_per_day"
            ),
        ),
    ]
