"""Which pages may be private, without reading the page tree on every request.

Before serving a page, Wagtail reads its ancestors and the view restrictions on any of
them: two queries, for an answer that is nearly always "none"; and each listing of public
pages reads every restriction. Each process keeps, for the current catalogue version, where
restrictions and aliases sit in the tree: Wagtail's own check runs only for a page on one
of their branches, and listings leave out the restricted branches without a query
(`public`). Saving or deleting a restriction moves the version on, as publishing, moving
and deleting pages do; an alias made of a private page gets copies of its restrictions, so
that moves it on too.
"""

import operator
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


class KnownPrivacy:
    """A page whose view restrictions Wagtail reads only when a restriction or an alias
    sits on its branch of the tree."""

    def get_view_restrictions(self):
        if _private_paths.get().may_restrict(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()


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
