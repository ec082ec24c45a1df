"""The finder, as on /search/."""

from dataclasses import replace

from django.conf import settings
from django.utils import timezone

from ninja import Field, Query, Router

from core.languages import address_in
from resources.models import Country, local_topic_name
from resources.validators import language_base
from search.backends import get_finder, helplines_elsewhere
from search.facets import FACETS

from .. import schemas, serialisers
from ..common import HelplineFilters, Paging, finder_query, helplines, in_order, paginated
from ..policy import TYPED_TEXT
from ..problems import PROBLEMS

router = Router(tags=["Search"])


class SearchParameters(HelplineFilters):
    q: str = Field(
        "",
        max_length=200,
        description="What someone is looking for, in any words.",
        json_schema_extra=TYPED_TEXT,
    )
    type: list[FACETS["type"].api_type] = Field([], description=FACETS["type"].description)


# Search ---------------------------------------------------------------------------------


@router.get(
    "/search",
    response={200: schemas.SearchResults, **PROBLEMS},
    summary="The finder: free text and facets, as on /search/",
)
def search(request, params: Query[SearchParameters], paging: Query[Paging]):
    """Results, facet counts (disjunctive: each facet's counts ignore its own selection),
    a crisis flag with the crisis help to show first, and a spelling suggestion."""
    now = timezone.now()
    query = finder_query(params)
    results = get_finder().search(replace(query, page=paging.page, per_page=paging.per_page), now)
    hits = search_hits(request, results.hits, now)
    elsewhere = search_hits(request, helplines_elsewhere(results, now), now)
    body = paginated(request, results.total, paging, hits)
    body.update(
        crisis=results.crisis,
        signal=results.signal,
        crisis_help=crisis_help(request, query.country, now) if results.signal != "none" else None,
        suggestion=results.suggestion,
        elsewhere=elsewhere,
        facets=[
            {
                "name": facet.name,
                "label": facet.label,
                "values": [value.__dict__ for value in facet.values],
            }
            for facet in results.facets
        ],
    )
    return body


def search_hits(request, hits, now):
    documents = [hit.document for hit in hits]
    helpline_pages = in_order(helplines(), [doc.id for doc in documents if doc.type == "helpline"])
    channels = {
        page.pk: [serialisers.channel_data(channel, now) for channel in page.channels.all()]
        for page in helpline_pages
    }
    return [
        {
            "type": hit.document.type,
            "id": hit.document.original,
            "language": language_base(hit.document.language),
            "title": hit.document.title,
            "url": request.build_absolute_uri(address_in(hit.document.url)),
            "snippet_html": str(hit.snippet),
            "topics": [
                {"slug": slug, "name": local_topic_name(slug, name)}
                for slug, name in hit.document.topics
            ],
            "channels": channels.get(hit.document.id, []),
        }
        for hit in hits
    ]


def crisis_help(request, countries, now):
    """Emergency numbers and 24/7 crisis lines for the first chosen country (or the
    default one)."""
    code = countries[0] if countries else settings.WAYMARK_DEFAULT_COUNTRY
    country = Country.objects.filter(code=code).prefetch_related("emergency_numbers").first()
    lines = []
    if country:
        ids = list(country.crisis_lines.values_list("helpline_id", flat=True))
        lines = in_order(helplines(), ids)
    return {
        "country": country.code if country else None,
        "emergency_numbers": serialisers.emergency_numbers(country),
        "helplines": [serialisers.helpline_summary(request, page, now) for page in lines],
    }
