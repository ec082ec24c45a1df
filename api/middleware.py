"""HTTP behaviour shared by every /api/ response: CORS, rate limits, the answer's language
(`lang`), caching and conditional requests.

Answers an operation declares public (api/policy.py) are kept per address for the current
minute and catalogue version (open-now changes by the minute; publishing changes the
version). The address is the scheme, host, path and parameters in a fixed order, so one
host's links are never served to another. Nothing else is kept: not errors, not answers to
typed text, not what an operation did not declare.
"""

import hashlib
import time
from email.utils import formatdate, parsedate_to_datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response

from core.catalogue import VersionedCache
from core.ratelimit import retry_after
from core.typed_text import never_store

from .policy import LANGUAGES
from .problems import problem

PREFIX = "/api/"
# How long an entry is kept: it serves for a minute, then dates changes (Last-Modified).
KEEP_SECONDS = 24 * 3600


class PublicAPIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return with_cors(preflight())
        wait = retry_after("api", request, settings.WAYMARK_API_RATE_LIMIT)
        if wait:
            response = problem(
                429,
                f"Too many requests from one client. Try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
            return with_cors(never_store(response))
        if request.method not in ("GET", "HEAD"):
            response = problem(
                405, "The API is read-only: use GET.", headers={"Allow": "GET, HEAD, OPTIONS"}
            )
            return with_cors(never_store(response))
        if request.method == "HEAD":
            request.method = "GET"  # the server sends the headers only
        language = LANGUAGES.get(request.GET.get("lang", "en"))
        if language is None:
            choices = ", ".join(LANGUAGES)
            response = problem(
                400,
                f"There is no language {request.GET['lang']!r} here. Choose one of {choices}.",
                [("lang", f"Choose one of {choices}.")],
            )
            return with_cors(never_store(response))
        with translation.override(language):
            response = self.cached(request)
        response["Content-Language"] = language
        return with_cors(response)

    def cached(self, request):
        key = cache_key(request)
        stamp = (VersionedCache.version(), int(time.time() // 60))
        entry = cache.get(key)
        if entry and entry["stamp"] == stamp:
            return conditional(request, entry)
        return self.answer(request, key, stamp, entry)

    def answer(self, request, key, stamp, previous):
        response = self.get_response(request)
        if response.status_code >= 400:
            return never_store(response)
        if not declared_public(response):
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        last_modified = time.time()
        if previous and previous["etag"] == etag:
            last_modified = previous["last_modified"]  # unchanged since then
        entry = {
            "stamp": stamp,
            "content": response.content,
            "content_type": response["Content-Type"],
            "cache_control": response["Cache-Control"],
            "etag": etag,
            "last_modified": last_modified,
        }
        cache.set(key, entry, timeout=KEEP_SECONDS)
        return conditional(request, entry)


def cache_key(request):
    """The address as scheme, host, path and parameters sorted by name (each one's values
    keep their order: the first country chosen decides the crisis help)."""
    parameters = urlencode(sorted(request.GET.lists()), doseq=True)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{parameters}"
    return "api:" + hashlib.sha256(address.encode()).hexdigest()


def declared_public(response):
    return (
        response.status_code == 200
        and not response.streaming
        and "public" in response.get("Cache-Control", "")
    )


def conditional(request, entry):
    """The cached answer, or 304 Not Modified when the client's copy is current."""
    last_modified = formatdate(entry["last_modified"], usegmt=True)
    not_modified = get_conditional_response(
        request,
        etag=entry["etag"],
        last_modified=int(parsedate_to_datetime(last_modified).timestamp()),
    )
    response = not_modified or HttpResponse(entry["content"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = last_modified
    response["Cache-Control"] = entry["cache_control"]
    return response


def preflight():
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Max-Age"] = "86400"
    return response


def with_cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
    return response
