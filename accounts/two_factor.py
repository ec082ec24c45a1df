"""Two-factor sign-in for the admin, with an authenticator app (TOTP, through django-otp).

Administrators and moderators must set it up before they can use the admin (each group has
its own setting, `WAYMARK_REQUIRE_TWO_FACTOR_FOR_ADMINS` and `..._FOR_MODERATORS`, both on by
default) and may not turn it off; other editors may turn it on and off. Once an app is set
up, every sign-in asks for a code from it before the admin opens.

Setting up the app also gives ten single-use backup codes (django-otp's static device), shown
once, for signing in without the phone; a new set replaces the old one.
"""

import base64
from io import BytesIO

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

import qrcode
import qrcode.image.svg
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from resources.permissions import MODERATORS

# Pages an editor can reach before the second step: signing in and out, the second step
# itself, and the scripts and icons every admin page (the second step's too) loads.
OPEN_PATHS = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/admin/two-factor/",
    "/admin/jsi18n/",
    "/admin/sprite/",
)
APP_CODE_DIGITS = 6
BACKUP_CODES = 10
# New backup codes wait here between the request that makes them and the page that shows
# them, which takes them out: they are shown once.
NEW_CODES_SESSION_KEY = "waymark_new_backup_codes"


def is_required(user):
    if user.is_superuser and settings.WAYMARK_REQUIRE_TWO_FACTOR_FOR_ADMINS:
        return True
    return (
        settings.WAYMARK_REQUIRE_TWO_FACTOR_FOR_MODERATORS
        and user.groups.filter(name=MODERATORS).exists()
    )


class TwoFactorMiddleware:
    """Sends signed-in editors to the second step until they have passed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith("/admin/")
            and not request.path.startswith(OPEN_PATHS)
            and user.is_authenticated
            and not user.is_verified()
        ):
            if user_has_device(user):
                return redirect(with_next("two_factor_verify", request.get_full_path()))
            if is_required(user):
                return redirect(with_next("two_factor_setup", request.get_full_path()))
        return self.get_response(request)


def with_next(name, next_url):
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def needs_second_step(user):
    """Signed in with a password only, though a device is set up: until the code is given,
    the device may not be changed (or a stolen password would be enough to replace it)."""
    return user_has_device(user) and not user.is_verified()


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or reverse("wagtailadmin_home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return reverse("wagtailadmin_home")
    return target


def normalise_code(code):
    """As typed or pasted: "ABCD-EFGH" and "abcd efgh" are the backup code "abcdefgh", and
    "123 456" the app code "123456"."""
    return "".join(code.split()).replace("-", "").lower()


def is_app_code(code):
    """The app shows six digits; backup codes (StaticToken.random_token) are eight letters and
    digits. Each code is tried only on the kind of device that could accept it, so that a
    backup code does not count as a wrong app code (which would slow the app's codes down)."""
    return code.isdigit() and len(code) == APP_CODE_DIGITS


class CodeForm(forms.Form):
    """A code from the authenticator app, to finish setting it up."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        # Both forms: room for a backup code typed in groups ("abcd-efgh") and for six digits.
        max_length=16,
        error_messages={
            "required": _("Enter the six-digit code from your authenticator app."),
            "max_length": _("That code is too long. Enter the six digits your app shows."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


class SignInCodeForm(CodeForm):
    """The second step of signing in: a code from the app, or a backup code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = gettext("Code from your authenticator app, or a backup code")
        field.help_text = gettext(
            "Six digits from the app, or one of your eight-character backup codes. "
            "Each backup code works once."
        )
        field.error_messages.update(
            required=gettext("Enter the code from your authenticator app, or a backup code."),
            max_length=gettext(
                "That code is too long. Enter the six digits your app shows, "
                "or an eight-character backup code."
            ),
        )
        # Backup codes have letters: a number pad would not do.
        field.widget.attrs["inputmode"] = "text"


def qr_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = BytesIO()
    image.save(out)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated by qrcode, no input


@transaction.atomic
def replace_backup_codes(user):
    """A new set of backup codes for the user, in place of any old ones. The device itself is
    kept, so that a session verified with an old code stays signed in."""
    device = StaticDevice.objects.filter(user=user).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="Backup codes")
    device.token_set.all().delete()
    device.throttle_reset()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def show_new_backup_codes(request, codes, then):
    request.session[NEW_CODES_SESSION_KEY] = codes
    return redirect(with_next("two_factor_backup_codes", then))


@login_required
def setup(request):
    """Add an authenticator app: scan the code (or type the key), then enter a code."""
    user = request.user
    if needs_second_step(user):
        return redirect(with_next("two_factor_verify", request.get_full_path()))
    if request.method == "GET" and has_app(user):
        context = {
            "required": is_required(user),
            "backup_codes_left": backup_codes_left(user),
            "header_title": gettext("Two-factor sign-in"),
            "page_title": gettext("Two-factor sign-in"),
        }
        return render(request, "accounts/two_factor_on.html", context)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False, digits=APP_CODE_DIGITS
        )
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return show_new_backup_codes(request, replace_backup_codes(user), next_url(request))
        form.add_error(
            "code",
            gettext(
                "That code is not right. Check the time on your phone, and try the newest code."
            ),
        )
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "key": base64.b32encode(device.bin_key).decode(),
        "next": next_url(request),
        "required": is_required(user),
    }
    return render(
        request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200
    )


def match_code(user, code):
    """The user's device that accepts the code (and uses it up, if it is a backup code)."""
    model = TOTPDevice if is_app_code(code) else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user).select_for_update():
            if device.verify_token(code):
                return device
    return None


@login_required
def verify(request):
    """The second step of signing in."""
    form = SignInCodeForm(request.POST or None)
    if form.is_valid():
        device = match_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url(request))
        form.add_error(
            "code",
            gettext(
                "That code is not right, or has expired. Try the newest one, "
                "or a backup code you have not used before."
            ),
        )
    context = {"form": form, "next": next_url(request)}
    return render(
        request, "accounts/two_factor_verify.html", context, status=400 if form.errors else 200
    )


@never_cache
@login_required
def backup_codes(request):
    """New backup codes, shown once: the page takes them out of the session."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("two_factor_setup")
    context = {
        "codes": codes,
        "next": next_url(request),
        "header_title": gettext("Your backup codes"),
        "page_title": gettext("Your backup codes"),
    }
    return render(request, "accounts/two_factor_backup_codes.html", context)


@require_POST
@login_required
def new_backup_codes(request):
    """A new set of backup codes, in place of the old ones (lost, or nearly used up)."""
    if needs_second_step(request.user):
        raise PermissionDenied
    if not has_app(request.user):
        return redirect("two_factor_setup")
    codes = replace_backup_codes(request.user)
    return show_new_backup_codes(request, codes, reverse("two_factor_setup"))


@require_POST
@login_required
def disable(request):
    """Editors may turn the second step off again; administrators and moderators may not."""
    if is_required(request.user) or needs_second_step(request.user):
        raise PermissionDenied
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).delete()
        StaticDevice.objects.filter(user=request.user).delete()
    return redirect("wagtailadmin_account")
