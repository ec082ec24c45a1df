import os
import shutil
from io import StringIO

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command

import pytest

from core.catalogue import VersionedCache
from resources.models import HelplineIndexPage, Organisation
from resources.permissions import CLINICAL_REVIEWERS, MODERATORS, TRANSLATORS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test runs against the demo site, loaded once per session."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", stdout=StringIO())


@pytest.fixture(autouse=True)
def fresh_catalogue_version():
    """Each test's transaction is rolled back, and the catalogue version with it: nothing
    cached under a version (the finder's caches, pages, fragments, API answers) may outlive
    the test."""
    VersionedCache.forget_version()
    for kept in caches.all():
        kept.clear()


@pytest.fixture
def helpline_index(db):
    return HelplineIndexPage.original()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor-admin", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def organisations(db):
    """Two organisations: the one owning the pages under test, and another."""
    return (
        Organisation.objects.create(name="Owning Trust"),
        Organisation.objects.create(name="Another Charity"),
    )


@pytest.fixture
def user_with_role(django_user_model, organisations):
    """A new user in one role: administrator, moderator, clinical reviewer, translator, or
    editor of the owning organisation ("own editor") or of the other ("other editor")."""
    owners, others = organisations

    def make(role):
        username = role.replace(" ", "-")
        if role == "administrator":
            return django_user_model.objects.create_superuser(username, f"{username}@example.org")
        user = django_user_model.objects.create_user(username, f"{username}@example.org")
        group = {
            "moderator": Group.objects.get(name=MODERATORS),
            "own editor": owners.editors,
            "other editor": others.editors,
            "clinical reviewer": Group.objects.get(name=CLINICAL_REVIEWERS),
            "translator": Group.objects.get(name=TRANSLATORS),
        }[role]
        user.groups.add(group)
        return user

    return make


ENGINE_URL = os.environ.get("WAYMARK_TEST_SEARCH_URL", "")


@pytest.fixture
def search_engine(settings, db):
    """A real search engine index holding the demo site, fresh for each test.

    The index lives outside the test's database transaction, so it is rebuilt per test.
    """
    from search import indexing
    from search.backends.engine.client import connect
    from search.engine_config import parse_search_url

    config = parse_search_url(ENGINE_URL)
    config["index"] = f"waymark-test-{os.getpid()}"
    settings.WAYMARK_SEARCH = config
    indexing.rebuild()
    yield config
    connect(config).indices.delete(index=f"{config['index']}-*", ignore_unavailable=True)


@pytest.fixture(params=["database", pytest.param("engine", marks=pytest.mark.engine)])
def finder(request):
    """Each finder test runs once per engine, with the same assertions.

    The engine finder is built without its database fallback, so a test cannot pass by
    quietly answering from the database.
    """
    from search.backends.database import DatabaseFinder
    from search.backends.engine.finder import EngineFinder

    if request.param == "engine":
        return EngineFinder(request.getfixturevalue("search_engine"), fallback=False)
    request.getfixturevalue("db")
    return DatabaseFinder()


SERVICES = {
    # marker: (is the service configured, variable that makes it required)
    "postgres": (
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "WAYMARK_REQUIRE_POSTGRES",
    ),
    "engine": (bool(ENGINE_URL), "WAYMARK_REQUIRE_ENGINE"),
    "browser": (bool(os.environ.get("WAYMARK_CHROMIUM")), "WAYMARK_REQUIRE_BROWSER"),
    "proxy": (bool(shutil.which("nginx")), "WAYMARK_REQUIRE_PROXY"),
    "cluster": (bool(os.environ.get("WAYMARK_TEST_CLUSTER_URL")), "WAYMARK_REQUIRE_CLUSTER"),
}


def pytest_collection_modifyitems(config, items):
    """Tests that need a service run only where it is; elsewhere they are deselected.

    `make ci` sets WAYMARK_REQUIRE_POSTGRES and WAYMARK_REQUIRE_ENGINE, so a missing
    service there is an error rather than a quietly smaller suite.
    """
    for marker, (available, requirement) in SERVICES.items():
        if available:
            continue
        if os.environ.get(requirement):
            raise pytest.UsageError(f"{requirement} is set but no {marker} service is configured")
        deselected = [item for item in items if marker in item.keywords]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if marker not in item.keywords]
