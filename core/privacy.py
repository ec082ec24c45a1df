"""Which pages may be private, without reading the page tree on every request.

Before serving a page, Wagtail reads its ancestors and the view restrictions on any of
them: two queries, for an answer that is nearly always "none"; and each listing of public
pages reads every restriction. Each process keeps, for the current catalogue version, where
restrictions and aliases sit in the tree: while a page is served (`serving_pages`),
Wagtail's own check runs only for a page on one of their branches, and listings leave out
the restricted branches without a query (`public`). Saving or deleting a restriction moves
the version on, as publishing, moving and deleting pages do; an alias made of a private
page gets copies of its restrictions, so that moves it on too.

Another process sees the version move on within a second (core/catalogue.py). Serving a
page a moment late is harmless, but whatever changes the tree (the admin's privacy
dialog, copying a page, making an alias, a translation synchronised) must read its
restrictions as they are, or it would add a second restriction, or lift none and say it
had: so outside `serving_pages`, pages read their restrictions from the database.
"""

import operator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction

from .catalogue import VersionedCache, catalogue_changed


class PrivatePaths:
    """The tree paths of pages with view restrictions, and of aliases (whose restrictions
    are their originals'): no page outside their branches has a restriction to check."""

    def __init__(self, version):
        self.version = version
        self.restricted = tuple(
            PageViewRestriction.objects.values_list("page__path", flat=True).distinct()
        )
        aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        self.paths = (*self.restricted, *aliases)

    def may_restrict(self, page):
        return any(page.path.startswith(path) for path in self.paths)


_private_paths = VersionedCache(PrivatePaths)
_serving = ContextVar("serving_pages", default=False)


@contextmanager
def serving_pages():
    """While a page is served, its restrictions are read only where they may be."""
    token = _serving.set(True)
    try:
        yield
    finally:
        _serving.reset(token)


class KnownPrivacy:
    """A page whose view restrictions Wagtail reads, while serving it, only when a
    restriction or an alias sits on its branch of the tree."""

    def get_view_restrictions(self):
        if _serving.get() and not _private_paths.get().may_restrict(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def public(pages):
    """`pages` without those under a view restriction, as Wagtail's `public()` leaves them,
    without its query for the restrictions each time."""
    restricted = _private_paths.get().restricted
    if not restricted:
        return pages
    return pages.exclude(reduce(operator.or_, (Q(path__startswith=path) for path in restricted)))


def restrictions_changed(sender, **kwargs):
    catalogue_changed()


def connect():
    post_save.connect(restrictions_changed, sender=PageViewRestriction, dispatch_uid="privacy")
    post_delete.connect(
        restrictions_changed, sender=PageViewRestriction, dispatch_uid="privacy-delete"
    )
