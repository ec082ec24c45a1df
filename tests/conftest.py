import os
from io import StringIO

from django.core.management import call_command

import pytest

from resources.models import HelplineIndexPage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test runs against the demo site, loaded once per session."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", stdout=StringIO())


@pytest.fixture
def helpline_index(db):
    return HelplineIndexPage.objects.get()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor-admin", "editor@example.org", "pw")
    client.force_login(user)
    return client


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only against PostgreSQL; elsewhere they are deselected.

    `make ci` sets WAYMARK_REQUIRE_POSTGRES for its PostgreSQL run, so a missing database
    there is an error rather than a quietly smaller suite.
    """
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    if os.environ.get("WAYMARK_REQUIRE_POSTGRES"):
        raise pytest.UsageError(
            "WAYMARK_REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL"
        )
    deselected = [item for item in items if "postgres" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if "postgres" not in item.keywords]
