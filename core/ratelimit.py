"""Per-client rate limits without keeping anything that identifies the client.

Counters live in the cache under a salted hash of the client's address, for two periods at
most; no address is stored or logged.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate):
    """ "120/minute" -> (120, 60)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period]


def client_address(request):
    """The visitor's address: from X-Forwarded-For when WAYMARK_PROXY_COUNT proxies we run
    stand in front (the entry the nearest of them added), else the connection's."""
    proxies = settings.WAYMARK_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


def retry_after(scope, request, rate):
    """Count a request; seconds to wait if it is over the limit, else None."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    client = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    key = f"rate:{scope}:{client.hexdigest()[:32]}:{window}"
    cache.add(key, 0, timeout=period * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period * 2)
        count = 1
    if count > limit:
        return max(1, int((window + 1) * period - now))
    return None


class FailureLimit:
    """Counts failures (such as wrong passwords) per key within a period, and says how long
    to wait once there have been too many. Keys are kept hashed, like client addresses."""

    def __init__(self, scope, limit, period):
        self.scope, self.limit, self.period = scope, limit, period

    def cache_key(self, key):
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{self.scope}:{key}".encode())
        return f"failures:{self.scope}:{digest.hexdigest()[:32]}"

    def wait(self, key):
        """Seconds until `key` may try again, or None."""
        recent = self.recent(key)
        if len(recent) < self.limit:
            return None
        return max(1, int(recent[0] + self.period - time.time()))

    def recent(self, key):
        since = time.time() - self.period
        return [moment for moment in cache.get(self.cache_key(key), []) if moment > since]

    def record(self, key):
        failures = [*self.recent(key), time.time()]
        cache.set(self.cache_key(key), failures[-self.limit :], timeout=self.period)

    def clear(self, key):
        cache.delete(self.cache_key(key))
