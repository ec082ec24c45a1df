"""The admin's sign-in form."""

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.admin.forms.auth import LoginForm

from core.ratelimit import FailureLimit, client_address, parse_rate


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
