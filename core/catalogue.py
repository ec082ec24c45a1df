"""The catalogue version and the per-process caches that follow it.

Whatever is built from published content (the finder's catalogue, the crisis banner's
countries, cached pages and API answers) is kept under the current CatalogueVersion, which
every publish, unpublish, move or delete bumps, and so does a view restriction saved or
deleted.
"""

import gc
import threading
import time
import weakref

from django.db import DatabaseError

from .models import CatalogueVersion


class VersionedCache:
    """One object per process, rebuilt when CatalogueVersion moves on.

    A process reads the version at most once a second (a query per search adds up), and at
    once after it changes the catalogue itself: other processes catch up within a second.
    """

    CHECK_EVERY = 1.0
    _version = (None, 0.0)  # (number, monotonic time read), shared by every cache
    _every = weakref.WeakSet()

    def __init__(self, factory):
        self.factory = factory
        self.current = None
        self.lock = threading.Lock()
        self._every.add(self)

    @classmethod
    def version(cls):
        number, read_at = cls._version
        now = time.monotonic()
        if number is None or now - read_at >= cls.CHECK_EVERY:
            try:
                number = CatalogueVersion.current()
            except DatabaseError:
                if number is None:
                    raise
                # The database is away: what is cached under the last version read still
                # stands, so cached pages and API answers go on being served meanwhile.
            cls._version = (number, now)
        return number

    @classmethod
    def forget_version(cls):
        """Read the version afresh, and rebuild every cache: a version number seen inside a
        transaction that was rolled back may come again with other contents."""
        cls._version = (None, 0.0)
        for cache in cls._every:
            cache.current = None

    def get(self):
        version = self.version()
        current = self.current
        if current is None or current.version != version:
            with self.lock:
                if self.current is None or self.current.version != version:
                    self.current = self.factory(version)
                    # It lives until the next version: spare the garbage collector from
                    # walking its millions of objects on every collection.
                    gc.freeze()
                current = self.current
        return current


def catalogue_changed():
    """Move the catalogue version on, and read it afresh in this process at once."""
    CatalogueVersion.bump()
    VersionedCache.forget_version()
