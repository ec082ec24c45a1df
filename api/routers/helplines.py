"""Helplines: lists, the priority short list for a country, one helpline."""

from dataclasses import replace

from django.utils import timezone

from ninja import Field, Path, Query, Router, Schema

from resources.priority import priority_helplines
from search.backends import get_finder

from .. import schemas, serialisers
from ..common import (
    MAX_ID,
    HelplineFilters,
    Paging,
    country_or_400,
    finder_query,
    helplines,
    in_order,
    known_topics,
    live_or_404,
    paginated,
)
from ..problems import PROBLEMS

router = Router(tags=["Helplines"])


@router.get(
    "/helplines",
    response={200: schemas.HelplineList, **PROBLEMS},
    summary="List helplines, open ones first",
)
def list_helplines(request, filters: Query[HelplineFilters], paging: Query[Paging]):
    """Facets work as on /search/: repeat a parameter for any of several values; different
    parameters must all match. Channel, language and open_now apply to one and the same
    channel."""
    now = timezone.now()
    query = finder_query(filters, type=("helpline",))
    results = get_finder().search(replace(query, page=paging.page, per_page=paging.per_page), now)
    pages = in_order(helplines(), [hit.document.id for hit in results.hits])
    return paginated(
        request,
        results.total,
        paging,
        [serialisers.helpline_summary(request, page, now) for page in pages],
    )


class PriorityParameters(Schema):
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2.")
    topic: str | None = Field(None, description="A topic slug.")
    limit: int = Field(5, ge=1, le=20)


@router.get(
    "/helplines/priority",
    response={200: schemas.Priority, **PROBLEMS},
    summary="The short list to show first for a country and topic",
)
def priority(request, params: Query[PriorityParameters]):
    """Crisis lines for the country first, then lines open 24/7, then lines open now,
    then the rest, with the country's emergency numbers."""
    now = timezone.now()
    country = country_or_400(params.country)
    if params.topic:
        known_topics([params.topic])
    chosen = priority_helplines(country, params.topic, params.limit, now)
    return {
        "country": country.code,
        "topic": params.topic,
        "emergency_numbers": serialisers.emergency_numbers(country),
        "helplines": [serialisers.helpline_summary(request, page, now) for page in chosen],
    }


@router.get(
    "/helplines/{int:helpline_id}",
    response={200: schemas.Helpline, **PROBLEMS},
    summary="One helpline",
)
def get_helpline(request, helpline_id: int = Path(..., ge=1, le=MAX_ID)):
    missing = f"There is no published helpline {helpline_id}."
    page = live_or_404(helplines(), missing, pk=helpline_id)
    return serialisers.helpline_detail(request, page, timezone.now())
