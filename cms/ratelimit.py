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
