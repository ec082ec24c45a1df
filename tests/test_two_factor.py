"""Two-factor sign-in: required for administrators and moderators, optional for editors;
backup codes for signing in without the phone."""

import re
import time

from django.contrib.auth.models import Group
from django.core.cache import cache

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from resources.permissions import MODERATORS

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-pass-phrase"


@pytest.fixture(autouse=True)
def required(settings):
    settings.WAYMARK_REQUIRE_TWO_FACTOR_FOR_ADMINS = True
    settings.WAYMARK_REQUIRE_TWO_FACTOR_FOR_MODERATORS = True
    cache.clear()


def code(device, later=0):
    """The code the user's app shows now (or `later` steps on)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later * device.step
    return totp.token()


def wait_out_throttle(device):
    """After a wrong code the device refuses codes for a second or more, doubling each time."""
    type(device).objects.filter(pk=device.pk).update(
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


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mo", "mo@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def shown_codes(response):
    """The backup codes on the page that shows them."""
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def stored_codes(user):
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


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


def test_setting_it_up_shows_ten_backup_codes_once(client, editor):
    sign_in(client, "ed")
    client.get("/admin/two-factor/setup/")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(
        "/admin/two-factor/setup/", {"code": f"{code(device):06d}", "next": "/admin/pages/"}
    )
    assert response.url == "/admin/two-factor/backup-codes/?next=%2Fadmin%2Fpages%2F"
    page = client.get(response.url)
    codes = shown_codes(page)
    assert len(codes) == 10 and set(codes) == stored_codes(editor)
    text = page.content.decode()
    assert "Keep them somewhere safe" in text and "Each code works once" in text
    assert 'href="/admin/pages/"' in text and "no-store" in page["Cache-Control"]
    again = client.get(response.url)
    assert again.status_code == 302 and not shown_codes(client.get(again.url))


def test_a_backup_code_signs_in_once(client, editor):
    sign_in(client, "ed")
    device = set_up(client, editor)
    first, second = shown_codes(client.get("/admin/two-factor/backup-codes/"))[:2]
    sign_in(client, "ed")
    typed = f"{first[:4].upper()}-{first[4:].upper()}"
    assert client.post("/admin/two-factor/verify/", {"code": typed}).status_code == 302
    assert client.get("/admin/").status_code == 200
    sign_in(client, "ed")
    assert client.post("/admin/two-factor/verify/", {"code": first}).status_code == 400
    assert client.get("/admin/").status_code == 302
    assert first not in stored_codes(editor) and len(stored_codes(editor)) == 9
    wait_out_throttle(StaticDevice.objects.get(user=editor))
    sign_in(client, "ed")
    assert client.post("/admin/two-factor/verify/", {"code": f" {second} "}).status_code == 302
    sign_in(client, "ed")  # backup codes do not count as wrong app codes
    response = client.post("/admin/two-factor/verify/", {"code": f"{code(device, 1):06d}"})
    assert response.status_code == 302


def test_new_backup_codes_replace_the_old_and_need_the_second_step(client, editor):
    sign_in(client, "ed")
    device = set_up(client, editor)
    old = shown_codes(client.get("/admin/two-factor/backup-codes/"))
    sign_in(client, "ed")  # the password, but no code yet
    refused = client.post("/admin/two-factor/backup-codes/new/")
    assert refused.url == "/admin/", "Wagtail's answer to PermissionDenied"
    assert stored_codes(editor) == set(old)
    client.post("/admin/two-factor/verify/", {"code": f"{code(device, later=1):06d}"})
    page = client.get("/admin/two-factor/setup/").content.decode()
    assert "You have 10 backup codes left." in page and "Make new backup codes" in page
    response = client.post("/admin/two-factor/backup-codes/new/")
    assert response.url == "/admin/two-factor/backup-codes/?next=%2Fadmin%2Ftwo-factor%2Fsetup%2F"
    new = shown_codes(client.get(response.url))
    assert len(new) == 10 and stored_codes(editor) == set(new) and not set(new) & set(old)
    sign_in(client, "ed")
    assert client.post("/admin/two-factor/verify/", {"code": old[0]}).status_code == 400
    wait_out_throttle(StaticDevice.objects.get(user=editor))
    assert client.post("/admin/two-factor/verify/", {"code": new[0]}).status_code == 302


def test_turning_it_off_removes_the_backup_codes(client, editor):
    sign_in(client, "ed")
    set_up(client, editor)
    assert len(stored_codes(editor)) == 10
    client.post("/admin/two-factor/disable/")
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert not StaticToken.objects.exists()


def test_moderators_must_set_it_up_and_keep_it_on(client, moderator):
    sign_in(client, "mo")
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url.startswith("/admin/two-factor/setup/")
    set_up(client, moderator)
    assert "must keep it on" in client.get("/admin/two-factor/setup/").content.decode()
    assert client.post("/admin/two-factor/disable/").url == "/admin/"
    assert TOTPDevice.objects.filter(user=moderator).exists()
    assert StaticDevice.objects.filter(user=moderator).exists()


def test_the_setting_decides_whether_moderators_must(client, moderator, settings):
    sign_in(client, "mo")
    assert client.get("/admin/").url.startswith("/admin/two-factor/setup/")
    settings.WAYMARK_REQUIRE_TWO_FACTOR_FOR_MODERATORS = False
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_summed_up_above_the_form_and_told_at_the_field(client, editor):
    sign_in(client, "ed")
    device = set_up(client, editor)
    sign_in(client, "ed")
    form = client.get("/admin/two-factor/verify/").content.decode()
    assert "or a backup code" in form and 'role="alert"' not in form
    assert 'maxlength="16"' in form and 'inputmode="text"' in form
    for typed, message in [
        ("123456", "That code is not right"),
        ("", "Enter the code from your authenticator app, or a backup code."),
    ]:
        wait_out_throttle(device)
        response = client.post("/admin/two-factor/verify/", {"code": typed})
        page = response.content.decode()
        assert response.status_code == 400
        summary = page[page.index('role="alert"') : page.index("</ul>")]
        assert "There is a problem" in summary
        assert re.search(r'<a href="#id_code">' + re.escape(message), summary)
        assert re.search(r'<p class="error-message" id="code-error">' + re.escape(message), page)
        assert 'aria-invalid="true" aria-describedby="code-error code-help"' in page


def test_the_second_step_page_gets_the_scripts_and_icons_it_loads(client, administrator):
    """Every admin page, the second step's too, loads the admin's translations script and
    icon sprite: sent to the second step instead, the page breaks (and shows twice)."""
    sign_in(client, "boss")
    set_up(client, administrator)
    sign_in(client, "boss")
    page = client.get("/admin/two-factor/verify/").content.decode()
    for url in ("/admin/jsi18n/", "/admin/sprite/"):
        assert url in page
        response = client.get(url)
        assert response.status_code == 200
        assert "Enter your code" not in response.content.decode()
    assert client.get("/admin/pages/").status_code == 302


def test_someone_at_the_second_step_can_sign_out(client, administrator):
    sign_in(client, "boss")
    set_up(client, administrator)
    sign_in(client, "boss")
    page = client.get("/admin/two-factor/verify/").content.decode()
    assert 'method="post" action="/admin/logout/"' in page
    assert client.post("/admin/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
