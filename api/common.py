"""Parameters and helpers shared by the API's routers."""

from django.core.paginator import Paginator
from django.http import Http404, QueryDict

from ninja import Field, Schema
from pydantic import create_model

from core.languages import originals
from core.privacy import public
from resources.models import Country, HelplinePage, Topic
from search.facets import FACETS
from search.query import FinderQuery

API_ROOT = "/api/v1/"
MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1
MAX_PAGE = 1000


class BadParameters(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


def facet_filters(name, leave_out=()):
    """The finder's facets as API parameters, from their FacetSpecs."""
    fields = {}
    for spec in FACETS.values():
        if spec.name in leave_out:
            continue
        if spec.is_flag:
            fields[spec.name] = (bool, Field(False, description=spec.description))
        else:
            fields[spec.name] = (list[spec.api_type], Field([], description=spec.description))
    return create_model(name, __base__=Schema, **fields)


# The directory's filters: every facet but the type, which is always helpline.
HelplineFilters = facet_filters("HelplineFilters", leave_out=("type",))


def page_link(request, number):
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def paginated(request, count, paging, results):
    num_pages = max(1, -(-count // paging.per_page))
    if paging.page > num_pages:
        raise Http404(f"There is no page {paging.page}: the last is page {num_pages}.")
    return {
        "count": count,
        "page": paging.page,
        "per_page": paging.per_page,
        "next": page_link(request, paging.page + 1) if paging.page < num_pages else None,
        "previous": page_link(request, paging.page - 1) if paging.page > 1 else None,
        "results": results,
    }


def paginate_queryset(request, queryset, paging, serialise):
    paginator = Paginator(queryset, paging.per_page)
    if paging.page > paginator.num_pages:
        raise Http404(f"There is no page {paging.page}: the last is page {paginator.num_pages}.")
    items = paginator.page(paging.page).object_list
    return paginated(request, paginator.count, paging, [serialise(item) for item in items])


def finder_query(filters, **fixed):
    """The finder's query for these parameters; unknown values are a 400, not ignored."""
    params = QueryDict(mutable=True)
    for name, values in filters.model_dump().items():
        if isinstance(values, list):
            params.setlist(name, values)
        elif values:
            params[name] = "1" if values is True else values
    query, notices = FinderQuery.from_params(params, **fixed)
    if notices:
        raise BadParameters([(notice.parameter, str(notice)) for notice in notices])
    return query


def helplines():
    return (
        public(originals(HelplinePage.objects.live()))
        .select_related("organisation")
        .prefetch_related("tagged_items__tag", "channels", "countries", "audiences")
    )


def in_order(queryset, ids):
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def known_topics(slugs):
    unknown = sorted(
        set(slugs) - set(Topic.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    )
    if unknown:
        raise BadParameters([("topic", f"There is no topic “{slug}”.") for slug in unknown])
    return slugs


def country_or_400(code):
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise BadParameters([("country", f"Waymark has no information for “{code}”.")])
    return country


class TopicFilter(Schema):
    topic: list[str] = Field([], description="Topic slugs; repeat for any of several.")


def live_or_404(queryset, missing, **lookup):
    """The one object of `queryset` matching `lookup`, or a 404 problem saying `missing`."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404(missing)
    return found


def with_topics(queryset, slugs):
    if slugs:
        queryset = queryset.filter(tagged_items__tag__slug__in=known_topics(slugs)).distinct()
    return queryset
