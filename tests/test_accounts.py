"""Editor accounts: sign-in throttling and sessions that end."""

from django.conf import settings
from django.core.cache import cache

import pytest

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture
def editor(django_user_model):
    cache.clear()
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "a-long-pass-phrase", is_staff=True, is_superuser=True
    )


def sign_in(client, password, **extra):
    return client.post(LOGIN, {"username": "editor", "password": password, **extra})


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, editor):
    for _ in range(5):
        assert "password didn" in sign_in(client, "guess").content.decode()
    refused = sign_in(client, "a-long-pass-phrase")
    assert "Too many failed attempts to sign in" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_cannot_try_many_accounts(client, editor, settings):
    settings.WAYMARK_LOGIN_FAILURES_PER_ADDRESS = "3/hour"
    for name in ("ann", "bob", "cat"):
        client.post(LOGIN, {"username": name, "password": "guess"})
    assert "Too many failed attempts" in sign_in(client, "a-long-pass-phrase").content.decode()


def test_a_right_password_after_a_slip_signs_in(client, editor):
    sign_in(client, "guess")
    assert sign_in(client, "a-long-pass-phrase").status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_sessions_end_with_the_browser_or_after_eight_idle_hours(client, editor):
    sign_in(client, "a-long-pass-phrase")
    assert client.session.get_expire_at_browser_close()
    client.logout()
    sign_in(client, "a-long-pass-phrase", remember="on")
    assert client.session.get_expiry_age() == 8 * 3600


@pytest.mark.parametrize("method", ["get", "head", "options", "put"])
def test_only_a_post_signs_out(client, editor, method):
    """A link or image elsewhere (a GET) must not end an editor's session."""
    client.force_login(editor)
    response = getattr(client, method)("/admin/logout/")
    assert response.status_code == 405
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    assert cookie is None or cookie.value  # not deleted (an empty value that expires)
    assert client.get("/admin/").status_code == 200
    assert client.post("/admin/logout/").status_code == 302
    assert client.get("/admin/").status_code == 302
