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
take too), nor any page that shows back a value from its address that nothing published
knows (a notice that a topic or country was left out): it is served `no-store, private`.

Parts that many pages share (a result in a listing, a crisis line's card, the crisis
banner for each country) are kept as fragments under `fragment_stamp()`, in each process's
memory (settings.FRAGMENT_CACHE), so a page rendered afresh reuses them: they hold
published details only, never words someone typed (a result's snippet is rendered around
its cached parts, and the banner's country chooser around the request's parameters).

Every public page rendered is also kept for a day as a last good copy. If the database is
away when a page has to be rendered, that copy is served instead (never stored by anyone
downstream), or, for a page with none, the static error page that lists emergency numbers,
with 503 and Retry-After: a visitor is never left without a way to get help. Only addresses
made of the public URL contract's parameters keep one, so a parameter nobody defined (a
cache-buster, a made-up name) cannot add a day's copy per request.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.cache import CacheMiddleware
from django.template import loader
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from .catalogue import VersionedCache
from .typed_text import holds_typed_text, never_store


def seconds_to_next_minute(now=None):
    return 60 - (now or timezone.now()).second


def fragment_stamp():
    """What a shared fragment depends on besides its own object: the catalogue version,
    the interface language and the minute, since "open now" and "out of date" change on
    the minute. Part of every fragment's cache key, so a fragment need not be kept longer
    than a minute."""
    return f"{VersionedCache.version()}-{translation.get_language()}-{timezone.now():%Y%m%d%H%M}"


# How long a page's last good copy is kept, for when the database is away.
LAST_GOOD_COPY_SECONDS = 24 * 3600
# The parameters of the public URL contract (README, "Public URLs") that pages read: the
# finder's facets and the page of results. An address with any other keeps no last good copy.
PAGE_PARAMETERS = frozenset(
    {"topic", "type", "country", "channel", "language", "audience", "open_now", "page"}
)
# What a visitor's browser is told when the database is away: try again shortly.
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)


def last_good_copy_key(request):
    address = request.build_absolute_uri().encode()
    return f"last-good-copy:{hashlib.sha256(address).hexdigest()}"


def keep_last_good_copy(request, response):
    if not PAGE_PARAMETERS.issuperset(request.GET):
        return
    copy = (response.content, response["Content-Type"], response.get("Content-Language"))
    cache.set(last_good_copy_key(request), copy, LAST_GOOD_COPY_SECONDS)


def while_the_database_is_away(request):
    """The page's last good copy, or the static error page with emergency numbers."""
    copy = cache.get(last_good_copy_key(request))
    if copy is None:
        page = loader.render_to_string("500.html")
        response = HttpResponse(page, status=503, headers={"Retry-After": RETRY_AFTER_SECONDS})
    else:
        content, content_type, language = copy
        response = HttpResponse(content, content_type=content_type)
        if language:
            response["Content-Language"] = language
    patch_cache_control(response, no_store=True, private=True)
    return response


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
            if hasattr(response, "render"):
                # Rendered here, so that a database error while rendering is caught below.
                response.render()
            if holds_typed_text(request):
                return never_store(response)
            if response.status_code == 200 and not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=seconds_to_next_minute())
                keep_last_good_copy(request, response)
            return response

        try:
            # Kept for the response's max-age, under keys that change with the catalogue.
            pages = CacheMiddleware(
                render, page_timeout=None, key_prefix=f"pages-{VersionedCache.version()}"
            )
            return pages(request)
        except DatabaseError as error:
            logger.error("Database unavailable for a public page: %s", type(error).__name__)
            return while_the_database_is_away(request)

    return serve
