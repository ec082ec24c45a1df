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
    """In CI a test that needs PostgreSQL must run against it, never be skipped."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="needs DATABASE_URL pointing at PostgreSQL (make ci runs it)")
    for item in items:
        if "postgres" in item.keywords:
            if os.environ.get("CI") == "true" and os.environ.get("WAYMARK_REQUIRE_POSTGRES"):
                raise pytest.UsageError("WAYMARK_REQUIRE_POSTGRES is set but DATABASE_URL is not")
            item.add_marker(skip)
