"""The interface's languages in addresses: English at /, the others under /cy/, /es/ and
/fr/ (settings.LANGUAGES).

The language comes from the address alone, never from a cookie or the browser's
Accept-Language: an address always shows the same page (so caches can keep it), nobody is
redirected, and a visitor chooses with a plain link.
"""

from django.conf import settings
from django.utils import translation


def prefix(language):
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def address_in(path, language=None):
    """`path`, an address on this site ("/helplines/", or "/cy/helplines/"), as it reads in
    `language` (by default the active one). Other addresses are left as they are."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    return prefix(language or translation.get_language()) + english_address(path)


def english_address(path):
    """The address `path` has in English: without its language prefix."""
    language = translation.get_language_from_path(path)
    if language and language != settings.LANGUAGE_CODE:
        return path.removeprefix(f"/{language}") or "/"
    return path


def versions(request):
    """The page the request asks for, in every language: (code, name, address), the
    query string kept."""
    english = english_address(request.path)
    query = request.META.get("QUERY_STRING", "")
    return [
        (code, name, address_in(english, code) + (f"?{query}" if query else ""))
        for code, name in settings.LANGUAGES
    ]


class LanguageFromAddressMiddleware:
    """Speak the language the address names (English when it names none), and say so in
    Content-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
