"""A GIN index on the expression Wagtail's PostgreSQL search matches against.

Wagtail's database backend queries `title || body` of each index entry, but only indexes
title and body separately, so on PostgreSQL every search read the whole table. With this
index it reads only the matching entries (about five times faster at 10,000 resources:
see docs/benchmarks/search.md). SQLite (FTS5) needs nothing.
"""

from django.db import migrations

INDEX = "waymark_indexentry_text_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_pending_index_updates"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
