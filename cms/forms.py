from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.admin.forms.auth import LoginForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import UnidentifiedImageError

from .ratelimit import FailureLimit, client_address, parse_rate


def failure_limit(scope, rate):
    limit, period = parse_rate(rate)
    return FailureLimit(scope, limit, period)


class ThrottledLoginForm(LoginForm):
    """Wagtail's sign-in form, refusing further attempts for a while after too many wrong
    passwords for one account or from one address (WAGTAIL_USER_LOGIN_FORM)."""

    def clean(self):
        per_account = failure_limit("login-account", settings.WAYMARK_LOGIN_FAILURES_PER_ACCOUNT)
        per_address = failure_limit("login-address", settings.WAYMARK_LOGIN_FAILURES_PER_ADDRESS)
        account = (self.data.get("username") or "").strip().lower()
        address = client_address(self.request) if self.request else ""
        waits = [per_account.wait(account), per_address.wait(address)]
        wait = max((w for w in waits if w), default=None)
        if wait:
            raise ValidationError(
                f"Too many failed attempts to sign in. Try again in {-(-wait // 60)} minutes, "
                "or ask an administrator to reset your password.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            per_account.record(account)
            per_address.record(address)
            raise
        per_account.clear(account)
        return cleaned


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, except that a file whose first bytes claim an image format its
    contents do not hold (a truncated PNG, junk behind a GIF header) is refused as not an
    image, where Wagtail lets Pillow's error through as a server error."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(BaseImageForm):
    """Every admin image form (WAGTAILIMAGES_IMAGE_FORM_BASE): add, edit, multiple upload
    and the chooser's upload, with the checked file field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            wagtail_field = self.fields["file"]
            self.fields["file"] = CheckedImageField(
                label=wagtail_field.label,
                required=wagtail_field.required,
                widget=wagtail_field.widget,
            )
