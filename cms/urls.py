from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import SignOutView
from api import views as api_views
from api.api import api, unknown_address
from core import routing
from core.caching import cache_public_page
from core.media import public_media
from home.views import BrowseSafelyView
from resources import views as resource_views
from search import views as search_views
from widgets import views as widget_views

urlpatterns = [
    # Before Wagtail's own, which it replaces.
    path("admin/logout/", SignOutView.as_view(), name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/docs", api_views.reference, name="api_reference"),
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_address),
    path("documents/", include(wagtaildocs_urls)),
    path("widgets/v1/helplines.js", widget_views.helplines_script, {"version": 1}),
    path("widgets/v2/helplines.js", widget_views.helplines_script, {"version": 2}),
    path("widgets/v1/events", widget_views.record_event, name="widget_events"),
    path("embed/v1/helplines/", widget_views.embed, name="widget_embed"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()


def media_urlpatterns():
    """Uploaded images and their renditions, from MEDIA_ROOT or the bucket (core/media.py).
    Documents are not among them: they go through Wagtail's document view (/documents/…),
    which keeps private collections private and lets nothing in a file run."""
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.+)$", public_media, name="public_media")]


if settings.DEBUG or settings.WAYMARK_SERVE_MEDIA:
    urlpatterns += media_urlpatterns()

# What the public reads, in English at / and in each other language under its own prefix
# (core/languages.py).
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("browse-safely/", BrowseSafelyView.as_view(), name="browse_safely"),
    path(
        "helplines/<slug:slug>/report/",
        resource_views.report_problem,
        name="report_problem",
    ),
    path("widgets/", widget_views.configurator, name="widget_configurator"),
    # Wagtail's own page route, with the page found from each process's known routes and
    # anonymous visitors served from the page cache.
    re_path(wagtail_urls.serve_pattern, cache_public_page(routing.serve), name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
