from django.http import HttpResponseNotAllowed

from wagtail.admin.views.account import LogoutView


class SignOutView(LogoutView):
    """Wagtail's sign-out, on POST only. Wagtail's own view deletes the session cookie for
    any method, even as it answers 405 to a GET, so any link or image on another site could
    sign an editor out."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)
