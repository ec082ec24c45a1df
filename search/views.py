from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.caching import cache_public_page
from core.typed_text import shows_typed_value
from resources.models import Topic, local_topic_name, topic_url

from .backends import get_finder, helplines_elsewhere
from .query import FinderQuery
from .understanding import get_query_context


def finder_context(request, **fixed):
    """Run the finder for this request; shared by /search/, the directory and topic pages.

    Search terms are never stored or logged: nothing here records the query.
    """
    query, notices = FinderQuery.from_params(request.GET, **fixed)
    if notices:
        # Each notice shows back a value nothing published knows: kept by no cache.
        shows_typed_value(request)
    results, elsewhere = None, []
    if query.text or query.has_filters or fixed:
        results = get_finder().search(query)
        elsewhere = helplines_elsewhere(results)
    return {
        "query": query,
        "results": results,
        "elsewhere": elsewhere,
        "notices": notices,
        "fixed_facets": set(fixed),
    }


@require_GET
@cache_public_page
def search(request):
    """Find help. Addresses made only of facets are public pages, cached like the directory's
    (core/caching.py); an address holding typed words is never stored anywhere."""
    context = finder_context(request)
    context["topics"] = Topic.objects.all()
    results = context["results"]
    if results:
        # Names from the understanding's context, which already holds every topic's.
        names = get_query_context().topic_names
        context["related_topics"] = [
            (topic_url(slug), local_topic_name(slug, names[slug]))
            for slug in results.related_topics
            if slug in names
        ]
    return TemplateResponse(request, "search/search.html", context)


@require_GET
@cache_control(no_store=True, private=True)
def suggest(request):
    """Type-ahead suggestions from topic names and page titles."""
    prefix = request.GET.get("q", "")[:100]
    return JsonResponse({"suggestions": get_finder().suggestions(prefix)})
