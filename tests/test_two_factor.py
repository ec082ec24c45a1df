"""Two-factor sign-in: required for administrators, optional for editors."""

import time

from django.core.cache import cache

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-pass-phrase"


@pytest.fixture(autouse=True)
def required(settings):
    settings.WAYMARK_REQUIRE_TWO_FACTOR_FOR_ADMINS = True
    cache.clear()


def code(device, later=0):
    """The code the user's app shows now (or `later` steps on)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later * device.step
    return totp.token()


def wait_out_throttle(device):
    """After a wrong code the device refuses codes for a second or more, doubling each time."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )


def sign_in(client, username):
    client.logout()
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)


@pytest.fixture
def editor(django_user_model, organisations):
    user = django_user_model.objects.create_user("ed", "ed@example.org", PASSWORD)
    user.groups.add(organisations[0].editors)
    return user


def set_up(client, user):
    client.get("/admin/two-factor/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/admin/two-factor/setup/", {"code": f"{code(device):06d}"})
    assert response.status_code == 302
    return TOTPDevice.objects.get(pk=device.pk)


def test_administrators_must_set_it_up_before_using_the_admin(client, administrator):
    sign_in(client, "boss")
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url.startswith("/admin/two-factor/setup/")
    page = client.get(response.url).content.decode()
    assert "Key:" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=administrator)
    wrong = client.post("/admin/two-factor/setup/", {"code": "000000"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    wait_out_throttle(device)
    client.post(
        "/admin/two-factor/setup/", {"code": f"{code(device):06d}", "next": "/admin/pages/"}
    )
    assert client.get("/admin/pages/").status_code == 200


def test_every_sign_in_then_asks_for_a_code(client, administrator):
    sign_in(client, "boss")
    device = set_up(client, administrator)
    sign_in(client, "boss")
    response = client.get("/admin/")
    assert response.url.startswith("/admin/two-factor/verify/")
    assert client.post("/admin/two-factor/verify/", {"code": "123456"}).status_code == 400
    assert client.get("/admin/").status_code == 302
    wait_out_throttle(device)
    client.post("/admin/two-factor/verify/", {"code": f"{code(device, later=1):06d}"})
    assert client.get("/admin/").status_code == 200


def test_editors_may_turn_it_on_and_off(client, editor):
    sign_in(client, "ed")
    assert client.get("/admin/").status_code == 200, "optional for editors"
    set_up(client, editor)
    sign_in(client, "ed")
    assert client.get("/admin/").url.startswith("/admin/two-factor/verify/")
    device = TOTPDevice.objects.get(user=editor)
    client.post("/admin/two-factor/verify/", {"code": f"{code(device, later=1):06d}"})
    client.post("/admin/two-factor/disable/")
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_administrators_cannot_turn_it_off(client, administrator):
    sign_in(client, "boss")
    set_up(client, administrator)
    client.post("/admin/two-factor/disable/")
    assert TOTPDevice.objects.filter(user=administrator).exists()


def test_a_password_alone_cannot_replace_or_remove_the_device(client, editor):
    sign_in(client, "ed")
    device = set_up(client, editor)
    sign_in(client, "ed")  # the password, but no code yet
    for attempt in (client.get, client.post):
        response = attempt("/admin/two-factor/setup/", {"code": "000000"})
        assert response.status_code == 302
        assert response.url.startswith("/admin/two-factor/verify/")
    client.post("/admin/two-factor/disable/")
    assert list(TOTPDevice.objects.filter(user=editor)) == [device]


def test_the_page_asked_for_survives_the_second_step(client, administrator):
    sign_in(client, "boss")
    set_up(client, administrator)
    sign_in(client, "boss")
    response = client.get("/admin/pages/?ordering=title&p=2")
    assert response.url.endswith("?next=%2Fadmin%2Fpages%2F%3Fordering%3Dtitle%26p%3D2")
