"""Admin form posts that arrive without parts the admin's own script writes.

Wagtail's StreamField and rich text editors post hidden values their script fills in (each
stream's `-count`, the editor's JSON). A post without them, from a broken extension, a
half-loaded page or a hand-made request, makes Wagtail raise while it reads the form, before
anything is saved. Those errors are answered with a 400 page that says so, instead of a
server error.
"""

from json import JSONDecodeError

from django.shortcuts import render
from django.utils.datastructures import MultiValueDictKeyError

INCOMPLETE = (MultiValueDictKeyError, JSONDecodeError)


class IncompleteAdminPostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (
            request.method == "POST"
            and request.path.startswith("/admin/")
            and isinstance(exception, INCOMPLETE)
        ):
            return None
        return render(
            request,
            "admin_forms/incomplete_post.html",
            {"form_address": request.path},
            status=400,
        )
