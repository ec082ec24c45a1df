"""HTTP behaviour shared by every /api/ response: CORS, rate limits, caching and
conditional requests.

Responses are cached per URL for the current minute and catalogue version (open-now
changes by the minute; publishing changes the version). Search responses are never kept:
their URLs hold what someone searched for.
"""

import hashlib
import time
from email.utils import formatdate, parsedate_to_datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from cms.ratelimit import retry_after
from search.finder import VersionedCache

from .problems import problem

PREFIX = "/api/"
NOT_KEPT = ("/api/v1/search",)
CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=60"
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
            return with_cors(no_store(response))
        if request.method not in ("GET", "HEAD"):
            response = problem(
                405, "The API is read-only: use GET.", headers={"Allow": "GET, HEAD, OPTIONS"}
            )
            return with_cors(no_store(response))
        if request.method == "HEAD":
            request.method = "GET"  # the server sends the headers only
        if request.path.startswith(NOT_KEPT):
            response = self.answer(request, None)
        else:
            response = self.cached(request)
        return with_cors(response)

    def cached(self, request):
        key = "api:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        stamp = (VersionedCache.version(), int(time.time() // 60))
        entry = cache.get(key)
        if entry and entry["stamp"] == stamp:
            return conditional(request, entry)
        return self.answer(request, key, stamp, entry)

    def answer(self, request, key, stamp=None, previous=None):
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming:
            if response.status_code >= 400:
                no_store(response)
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        last_modified = time.time()
        if previous and previous["etag"] == etag:
            last_modified = previous["last_modified"]  # unchanged since then
        entry = {
            "stamp": stamp,
            "content": response.content,
            "content_type": response["Content-Type"],
            "etag": etag,
            "last_modified": last_modified,
        }
        if key is None:
            response = conditional(request, entry)
            response["Cache-Control"] = "no-store"
            return response
        cache.set(key, entry, timeout=KEEP_SECONDS)
        return conditional(request, entry)


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
    response["Cache-Control"] = CACHE_CONTROL
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


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response
