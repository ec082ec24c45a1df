import re

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from wagtail.models import Page

from resources.models import Topic

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# Punctuation has no meaning to people searching for help but is syntax to the search
# backends (quotes, brackets, minus signs): reduce queries to words.
NOT_A_WORD = re.compile(r"[^\w\s]|_")


def clean_query(text):
    return " ".join(NOT_A_WORD.sub(" ", text).split())[:MAX_QUERY_LENGTH]


def search(request):
    """Find help across helplines, guides, campaigns and pages.

    Search terms are never stored or logged: this view records no query hits.
    """
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    words = clean_query(query)
    results = None
    if query:
        matches = (
            Page.objects.live().public().specific().search(words) if words else Page.objects.none()
        )
        results = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "results": results,
        "topics": Topic.objects.all(),
    }
    return TemplateResponse(request, "search/search.html", context)
