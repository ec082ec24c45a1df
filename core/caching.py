"""Whole-page caching for anonymous visitors.

Public pages are the same for every visitor without a session, so each is rendered once and
kept in the cache (Redis in production) until the end of the current minute, or until
something published changes the catalogue, whichever comes first. Opening hours change on
the minute, so an "open now" badge from the cache is never older than a page rendered at
the start of that minute. Browsers and shared caches get the same lifetime through
Cache-Control.

Anyone with a session (signed-in editors, and visitors who unlocked a password-protected
page) is served fresh and private, and nothing they see is stored. Neither is any page whose
address holds words someone typed (the finder's `q`, which the directory and topic pages
take too): it is served `no-store, private`.
"""

from functools import wraps

from django.conf import settings
from django.middleware.cache import CacheMiddleware
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .catalogue import VersionedCache
from .typed_text import holds_typed_text, never_store


def seconds_to_next_minute(now=None):
    return 60 - (now or timezone.now()).second


def cache_public_page(view):
    @wraps(view)
    def serve(request, *args, **kwargs):
        if holds_typed_text(request):
            return never_store(view(request, *args, **kwargs))
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response

        def render(request):
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=seconds_to_next_minute())
            return response

        # Kept for the response's max-age, under keys that change with the catalogue.
        pages = CacheMiddleware(
            render, page_timeout=None, key_prefix=f"pages-{VersionedCache.version()}"
        )
        return pages(request)

    return serve
