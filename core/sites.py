"""The Wagtail site a request is for, without a query per request.

Wagtail looks the site up on every request (Site.find_for_request), with the costliest
query most pages make. Sites change rarely, and saving or deleting one moves the catalogue
version on, so each process keeps the answer for each address until then. Each request
gets its own copy, so what one request caches on it (its root page's `specific`, read
afresh) never reaches another.
"""

import copy

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port

from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from .catalogue import VersionedCache, catalogue_changed

# Host headers are the client's to choose: past this many, addresses are looked up each
# time rather than kept.
MOST_ADDRESSES = 64


class KnownSites:
    def __init__(self, version):
        self.version = version
        self.by_address = {}

    def find(self, hostname, port):
        address = (hostname, port)
        if address in self.by_address:
            site = self.by_address[address]
        else:
            try:
                site = get_site_for_hostname(hostname, port)
            except Site.DoesNotExist:
                site = None
            if len(self.by_address) < MOST_ADDRESSES:
                self.by_address[address] = site
        return copy.deepcopy(site)


_sites = VersionedCache(KnownSites)


class KnownSiteMiddleware:
    """Hands Wagtail the request's site (as Site.find_for_request would find it) from this
    process's copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # As Site.find_for_request: the raw host, before ALLOWED_HOSTS is checked.
        hostname = split_domain_port(request._get_raw_host())[0]
        try:
            site = _sites.get().find(hostname, request.get_port())
        except DatabaseError:
            # Wagtail looks for the site itself, inside the view, where an outage is
            # answered with the page's last good copy (core/caching.py).
            return self.get_response(request)
        request._wagtail_site = site
        return self.get_response(request)


def sites_changed(sender, instance, **kwargs):
    catalogue_changed()


def connect():
    post_save.connect(sites_changed, sender=Site, dispatch_uid="known-sites-save")
    post_delete.connect(sites_changed, sender=Site, dispatch_uid="known-sites-delete")
