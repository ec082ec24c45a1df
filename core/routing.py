"""Which page an address names, without Wagtail's walk down the page tree each time.

To find a page, Wagtail reads the active locale, the site's root page in that language and
the page each part of the address names (home/models.py cuts that walk to the deepest page
and its specific row): four queries before the page is served. An address names the same
page until a page is published, unpublished, moved or deleted, and each of those moves the
catalogue version on (`connect` below). So each process keeps, for the current version,
the page each address it has served names: its type, its id and how much of the address it
took. A request then reads that one page afresh (its content, and whether it is still live)
and lets it route the rest of the address, as a topic under the topic index.
"""

from django.db.models.signals import post_delete
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.models import Page, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from .catalogue import VersionedCache, catalogue_changed
from .privacy import serving_pages

# Addresses are the client's to choose, so at most this many are kept per process; only
# those that served a page count.
MOST_ADDRESSES = 20_000


class KnownRoutes:
    def __init__(self, version):
        self.version = version
        self.pages = {}

    @staticmethod
    def address(request, path):
        site = Site.find_for_request(request)
        if site is None:
            return None
        components = tuple(component for component in path.split("/") if component)
        return site.pk, translation.get_language(), components

    def route(self, request, address):
        """The route a known address leads to, as Wagtail's would; None when it is not
        known here, or its page has gone since."""
        if address not in self.pages:
            return None
        model, pk, taken = self.pages[address]
        page = model.objects.filter(pk=pk).first()
        if page is None:
            return None
        return page.route(request, list(address[2][taken:]))

    def remember(self, request, address, route):
        if len(self.pages) >= MOST_ADDRESSES:
            return
        page = route[0]
        root = Site.find_for_request(request).root_page
        self.pages[address] = (type(page), page.pk, page.depth - root.depth)


_routes = VersionedCache(KnownRoutes)


def serve(request, path):
    """Wagtail's page view, with the page found from this process's known routes."""
    routes = _routes.get()
    address = KnownRoutes.address(request, path)
    known = address is not None and routes.route(request, address)
    if known:
        # Where Wagtail keeps a request's route (Page.route_for_request).
        request._wagtail_route_for_request = known
    with serving_pages():
        response = wagtail_views.serve(request, path)
    route = request._wagtail_route_for_request
    if not known and route is not None and response.status_code == 200:
        routes.remember(request, address, route)
    return response


def pages_changed(sender, **kwargs):
    catalogue_changed()


def connect():
    """Any page published, unpublished, moved or deleted moves the catalogue version on:
    every address may lead elsewhere now (a slug changes with a publish)."""
    for model in get_page_models():
        uid = f"{model._meta.app_label}.{model.__name__}"
        page_published.connect(pages_changed, sender=model, dispatch_uid=f"routes-publish-{uid}")
        page_unpublished.connect(
            pages_changed, sender=model, dispatch_uid=f"routes-unpublish-{uid}"
        )
    post_delete.connect(pages_changed, sender=Page, dispatch_uid="routes-delete")
    post_page_move.connect(pages_changed, dispatch_uid="routes-move")
