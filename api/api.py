"""Waymark's public API, version 1: read-only JSON for partners, with an OpenAPI schema.

Caching, conditional requests, CORS and rate limits apply to every response and live in
api/middleware.py; errors are RFC 9457 problem details (api/problems.py).
"""

from dataclasses import replace
from datetime import UTC, datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, QueryDict
from django.utils import timezone

from ninja import Field, NinjaAPI, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import field_validator

from campaigns.models import CampaignPage
from resources import hsds
from resources.models import Country, GuidePage, HelplinePage, Organisation, Topic
from resources.priority import priority_helplines
from search.backends import get_finder
from search.query import FinderQuery

from . import datapackage, schemas, serialisers
from .policy import TYPED_TEXT, declared_answers
from .problems import CONTENT_TYPE as PROBLEM
from .problems import PROBLEMS, problem

DESCRIPTION = """
Up-to-date help from Waymark's directory: helplines (with each channel's opening hours and
whether it is open at the time of the request), self-care guides, awareness campaigns,
topics and organisations, and the same finder as the site's search.

* Read-only, no key needed, CORS open to every origin (GET, no credentials).
* Responses carry `ETag` and `Last-Modified`; send `If-None-Match` to get `304`.
* An address takes only the parameters it documents: any other is refused with `400`, so a
  mistyped filter never silently widens the results.
* Answers to typed words (`q`, `search`; marked `x-typed-text` in this schema) are
  `no-store, private`: no cache on the way keeps what someone searched for.
* Lists are paginated with `page` and `per_page` and give `next` and `previous` links.
* Errors are `application/problem+json` (RFC 9457), with one entry in `errors` for each bad
  parameter. Too many requests get `429` with `Retry-After`.
* Only published content appears. Open data in HSDS 3.0 is under `/api/v1/hsds/`.
"""

API_ROOT = "/api/v1/"
MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1
MAX_PAGE = 1000


class WaymarkAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Ninja documents every response as application/json; ours are problem+json for
        errors, and 429 comes with Retry-After."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "content" in response:
                        response["content"] = {PROBLEM: response["content"]["application/json"]}
                    if int(status) == 414:
                        response["content"] = {}
                    if int(status) == 429:
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer"},
                            }
                        }
        return schema


api = WaymarkAPI(
    title="Waymark API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/console",
)
api.add_decorator(declared_answers, mode="view")


# Errors ---------------------------------------------------------------------------------


class BadParameters(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


@api.exception_handler(BadParameters)
def bad_parameters(request, exc):
    return problem(400, "Some parameters were not understood.", exc.errors)


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    errors = []
    for error in exc.errors:
        # ("query", "filters", "channel", 0) is the parameter "channel".
        names = [part for part in error.get("loc", ())[1:] if isinstance(part, str)]
        errors.append((names[-1] if names else "request", error.get("msg", "Not valid.")))
    return problem(400, "Some parameters were not understood.", errors)


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(404, str(exc) or "Nothing was found here.")


@api.exception_handler(HttpError)
def http_error(request, exc):
    return problem(exc.status_code, str(exc))


def unknown_address(request):
    """Any other address under /api/: answered as the API answers, not with a web page."""
    return problem(404, "There is nothing at this address. See /api/v1/docs.")


# Shared parameters and helpers ----------------------------------------------------------


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


class HelplineFilters(Schema):
    topic: list[str] = Field([], description="Topic slugs; repeat for any of several.")
    country: list[str] = Field([], description="ISO 3166-1 alpha-2 codes served.")
    channel: list[schemas.ChannelKind] = Field([], description="Ways to get in touch.")
    language: list[str] = Field([], description="ISO 639-1 codes of a channel.")
    audience: list[str] = Field([], description="Audience slugs.")
    open_now: bool = Field(False, description="Only helplines with a channel open now.")


class SearchParameters(HelplineFilters):
    q: str = Field(
        "",
        max_length=200,
        description="What someone is looking for, in any words.",
        json_schema_extra=TYPED_TEXT,
    )
    type: list[schemas.ResourceType] = Field([], description="helpline, guide or campaign.")


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
        HelplinePage.objects.live()
        .public()
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


# Helplines ------------------------------------------------------------------------------


@api.get(
    "/helplines",
    response={200: schemas.HelplineList, **PROBLEMS},
    tags=["Helplines"],
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


@api.get(
    "/helplines/priority",
    response={200: schemas.Priority, **PROBLEMS},
    tags=["Helplines"],
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


@api.get(
    "/helplines/{int:helpline_id}",
    response={200: schemas.Helpline, **PROBLEMS},
    tags=["Helplines"],
    summary="One helpline",
)
def get_helpline(request, helpline_id: int = Path(..., ge=1, le=MAX_ID)):
    page = helplines().filter(pk=helpline_id).first()
    if page is None:
        raise Http404(f"There is no published helpline {helpline_id}.")
    return serialisers.helpline_detail(request, page, timezone.now())


# Guides and campaigns -------------------------------------------------------------------


class TopicFilter(Schema):
    topic: list[str] = Field([], description="Topic slugs; repeat for any of several.")


def with_topics(queryset, slugs):
    if slugs:
        queryset = queryset.filter(tagged_items__tag__slug__in=known_topics(slugs)).distinct()
    return queryset


@api.get(
    "/guides",
    response={200: schemas.GuideList, **PROBLEMS},
    tags=["Guides"],
    summary="List self-care guides",
)
def list_guides(request, filters: Query[TopicFilter], paging: Query[Paging]):
    guides = GuidePage.objects.live().public().prefetch_related("tagged_items__tag")
    guides = with_topics(guides, filters.topic).order_by("title")
    return paginate_queryset(
        request, guides, paging, lambda page: serialisers.guide_summary(request, page)
    )


@api.get(
    "/guides/{int:guide_id}",
    response={200: schemas.Guide, **PROBLEMS},
    tags=["Guides"],
    summary="One self-care guide, with its steps",
)
def get_guide(request, guide_id: int = Path(..., ge=1, le=MAX_ID)):
    page = (
        GuidePage.objects.live()
        .public()
        .prefetch_related(
            "tagged_items__tag",
            "helpline_links__helpline__organisation",
            "helpline_links__helpline__channels",
            "helpline_links__helpline__countries",
            "helpline_links__helpline__tagged_items__tag",
        )
        .filter(pk=guide_id)
        .first()
    )
    if page is None:
        raise Http404(f"There is no published guide {guide_id}.")
    return serialisers.guide_detail(request, page, timezone.now())


class CampaignFilters(TopicFilter):
    status: list[schemas.CampaignStatus] = Field(
        [], description="upcoming, live or ended; by today's date."
    )


@api.get(
    "/campaigns",
    response={200: schemas.CampaignList, **PROBLEMS},
    tags=["Campaigns"],
    summary="List awareness campaigns, newest first",
)
def list_campaigns(request, filters: Query[CampaignFilters], paging: Query[Paging]):
    campaigns = CampaignPage.objects.live().public().prefetch_related("tagged_items__tag")
    campaigns = with_topics(campaigns, filters.topic).order_by("-start_date", "title")
    if filters.status:
        today = timezone.localdate()
        dates = {
            "upcoming": Q(start_date__gt=today),
            "live": Q(start_date__lte=today, end_date__gte=today),
            "ended": Q(end_date__lt=today),
        }
        condition = Q()
        for status in filters.status:
            condition |= dates[status]
        campaigns = campaigns.filter(condition)
    return paginate_queryset(
        request, campaigns, paging, lambda page: serialisers.campaign_summary(request, page)
    )


@api.get(
    "/campaigns/{int:campaign_id}",
    response={200: schemas.Campaign, **PROBLEMS},
    tags=["Campaigns"],
    summary="One campaign, with its toolkit",
)
def get_campaign(request, campaign_id: int = Path(..., ge=1, le=MAX_ID)):
    page = (
        CampaignPage.objects.live()
        .public()
        .prefetch_related(
            "tagged_items__tag",
            "partners",
            "toolkit_items__document",
            "toolkit_items__image",
            "related_links__related_page",
        )
        .filter(pk=campaign_id)
        .first()
    )
    if page is None:
        raise Http404(f"There is no published campaign {campaign_id}.")
    return serialisers.campaign_detail(request, page)


# Topics and organisations ---------------------------------------------------------------


@api.get(
    "/topics",
    response={200: schemas.TopicList, **PROBLEMS},
    tags=["Topics"],
    summary="The shared topics",
)
def list_topics(request, paging: Query[Paging]):
    return paginate_queryset(
        request,
        Topic.objects.order_by("name"),
        paging,
        lambda topic: serialisers.topic_data(request, topic),
    )


@api.get(
    "/topics/{slug}",
    response={200: schemas.Topic, **PROBLEMS},
    tags=["Topics"],
    summary="One topic",
)
def get_topic(request, slug: str):
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404(f"There is no topic “{slug}”.")
    return serialisers.topic_data(request, topic)


def organisations():
    live = Count("helplines", filter=Q(helplines__live=True))
    return Organisation.objects.annotate(live_helplines=live).order_by("name")


@api.get(
    "/organisations",
    response={200: schemas.OrganisationList, **PROBLEMS},
    tags=["Organisations"],
    summary="Organisations that run helplines or publish on Waymark",
)
def list_organisations(request, paging: Query[Paging]):
    return paginate_queryset(request, organisations(), paging, serialisers.organisation_data)


@api.get(
    "/organisations/{int:organisation_id}",
    response={200: schemas.Organisation, **PROBLEMS},
    tags=["Organisations"],
    summary="One organisation",
)
def get_organisation(request, organisation_id: int = Path(..., ge=1, le=MAX_ID)):
    organisation = organisations().filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404(f"There is no organisation {organisation_id}.")
    return serialisers.organisation_data(organisation)


# Search ---------------------------------------------------------------------------------


@api.get(
    "/search",
    response={200: schemas.SearchResults, **PROBLEMS},
    tags=["Search"],
    summary="The finder: free text and facets, as on /search/",
)
def search(request, params: Query[SearchParameters], paging: Query[Paging]):
    """Results, facet counts (disjunctive: each facet's counts ignore its own selection),
    a crisis flag with the crisis help to show first, and a spelling suggestion."""
    now = timezone.now()
    query = finder_query(params)
    results = get_finder().search(replace(query, page=paging.page, per_page=paging.per_page), now)
    documents = [hit.document for hit in results.hits]
    helpline_pages = in_order(helplines(), [doc.id for doc in documents if doc.type == "helpline"])
    channels = {
        page.pk: [serialisers.channel_data(channel, now) for channel in page.channels.all()]
        for page in helpline_pages
    }
    hits = [
        {
            "type": hit.document.type,
            "id": hit.document.id,
            "title": hit.document.title,
            "url": request.build_absolute_uri(hit.document.url),
            "snippet_html": str(hit.snippet),
            "topics": [{"slug": slug, "name": name} for slug, name in hit.document.topics],
            "channels": channels.get(hit.document.id, []),
        }
        for hit in results.hits
    ]
    body = paginated(request, results.total, paging, hits)
    body.update(
        crisis=results.crisis,
        crisis_help=crisis_help(request, query.country, now) if results.crisis else None,
        suggestion=results.suggestion,
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


# Open data: HSDS 3.0 --------------------------------------------------------------------

hsds_router = Router(tags=["Open data (HSDS 3.0)"])
HSDS_PROFILE = "https://docs.openreferral.org/en/latest/hsds/"


class HsdsPaging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)


class HsdsServiceParameters(HsdsPaging):
    search: str = Field(
        "",
        max_length=200,
        description="Words in the name or description.",
        json_schema_extra=TYPED_TEXT,
    )
    taxonomy_term_id: str | None = Field(None, description="Services with this topic.")
    taxonomy_id: str | None = Field(None, description="Services with any term of this taxonomy.")
    organization_id: str | None = None
    modified_after: datetime | None = None
    minimal: bool = Field(False, description="Only id and last_modified.")
    full: bool = Field(False, description="Fully nested services.")

    @field_validator("modified_after")
    @classmethod
    def modified_after_has_a_utc_instant(cls, value):
        """0001-01-01T00:00:00+14:00 is a valid ISO 8601 time, but before the first instant
        the database can hold in UTC."""
        if value is not None and value.tzinfo is not None:
            try:
                value.astimezone(UTC)
            except OverflowError as error:
                raise ValueError("must fall between the years 1 and 9999 in UTC") from error
        return value


def hsds_page(items, paging, serialise):
    paginator = Paginator(items, paging.per_page)
    if paging.page > paginator.num_pages:
        raise Http404(f"There is no page {paging.page}: the last is page {paginator.num_pages}.")
    contents = [serialise(item) for item in paginator.page(paging.page).object_list]
    return {
        "total_items": paginator.count,
        "total_pages": paginator.num_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page == paginator.num_pages,
        "empty": paginator.count == 0,
        "contents": contents,
    }


def pk_or_400(kind, value, parameter):
    pk = hsds.entity_pk(kind, value)
    if pk is None:
        raise BadParameters([(parameter, f"“{value}” is not a Waymark {kind} identifier.")])
    return pk


@hsds_router.get("/", response=schemas.HsdsInfo, summary="About this HSDS API")
def hsds_root(request):
    return {
        "version": hsds.HSDS_VERSION,
        "profile": HSDS_PROFILE,
        "openapi_url": request.build_absolute_uri(f"{API_ROOT}openapi.json"),
    }


@hsds_router.get(
    "/services",
    response={200: schemas.HsdsServicePage, **PROBLEMS},
    exclude_none=True,
    summary="Helplines as HSDS services",
)
def hsds_services(request, params: Query[HsdsServiceParameters]):
    services = helplines().prefetch_related("audiences").order_by("title", "pk")
    if params.search:
        services = services.filter(
            Q(title__icontains=params.search) | Q(summary__icontains=params.search)
        )
    if params.taxonomy_term_id:
        topic = pk_or_400("topic", params.taxonomy_term_id, "taxonomy_term_id")
        services = services.filter(tagged_items__tag_id=topic).distinct()
    if params.taxonomy_id and params.taxonomy_id != hsds.TAXONOMY_ID:
        pk_or_400("taxonomy", params.taxonomy_id, "taxonomy_id")
        services = services.none()
    if params.organization_id:
        organisation = pk_or_400("organisation", params.organization_id, "organization_id")
        services = services.filter(organisation_id=organisation)
    if params.modified_after:
        services = services.filter(last_published_at__gte=params.modified_after)
    if params.minimal:
        return hsds_page(
            services,
            params,
            lambda page: {
                key: value
                for key, value in hsds.service(request, page, full=False).items()
                if key
                in (
                    "id",
                    "organization_id",
                    "name",
                    "description",
                    "url",
                    "status",
                    "last_modified",
                )
            },
        )
    return hsds_page(services, params, lambda page: hsds.service(request, page, params.full))


@hsds_router.get(
    "/services/{service_id}",
    response={200: schemas.HsdsService, **PROBLEMS},
    exclude_none=True,
    summary="One HSDS service, fully nested",
)
def hsds_service(request, service_id: str):
    pk = hsds.entity_pk("helpline", service_id)
    page = helplines().prefetch_related("audiences").filter(pk=pk).first() if pk else None
    if page is None:
        raise Http404(f"There is no published service {service_id}.")
    return hsds.service(request, page)


@hsds_router.get(
    "/organizations",
    response={200: schemas.HsdsOrganizationPage, **PROBLEMS},
    exclude_none=True,
    summary="Organisations as HSDS organizations",
)
def hsds_organizations(request, params: Query[HsdsPaging]):
    return hsds_page(
        Organisation.objects.order_by("name"),
        params,
        lambda organisation: hsds.organization(request, organisation),
    )


@hsds_router.get(
    "/organizations/{organization_id}",
    response={200: schemas.HsdsOrganization, **PROBLEMS},
    exclude_none=True,
    summary="One HSDS organization, with its services",
)
def hsds_organization(request, organization_id: str):
    pk = hsds.entity_pk("organisation", organization_id)
    organisation = Organisation.objects.filter(pk=pk).first() if pk else None
    if organisation is None:
        raise Http404(f"There is no organization {organization_id}.")
    services = helplines().filter(organisation=organisation).order_by("title")
    return hsds.organization(
        request,
        organisation,
        [hsds.service(request, page, full=False) for page in services],
    )


@hsds_router.get(
    "/taxonomies",
    response={200: schemas.HsdsTaxonomyPage, **PROBLEMS},
    summary="Taxonomies: Waymark's topics",
)
def hsds_taxonomies(request, params: Query[HsdsPaging]):
    return hsds_page([hsds.taxonomy(request)], params, lambda taxonomy: taxonomy)


@hsds_router.get(
    "/taxonomies/{taxonomy_id}",
    response={200: schemas.HsdsTaxonomy, **PROBLEMS},
    summary="One taxonomy",
)
def hsds_taxonomy(request, taxonomy_id: str):
    if taxonomy_id.lower() != hsds.TAXONOMY_ID:
        raise Http404(f"There is no taxonomy {taxonomy_id}.")
    return hsds.taxonomy(request)


@hsds_router.get(
    "/taxonomy_terms",
    response={200: schemas.HsdsTaxonomyTermPage, **PROBLEMS},
    summary="Taxonomy terms: one per topic",
)
def hsds_taxonomy_terms(request, params: Query[HsdsPaging]):
    return hsds_page(
        Topic.objects.order_by("name"), params, lambda topic: hsds.taxonomy_term(request, topic)
    )


@hsds_router.get(
    "/taxonomy_terms/{term_id}",
    response={200: schemas.HsdsTaxonomyTerm, **PROBLEMS},
    summary="One taxonomy term",
)
def hsds_taxonomy_term(request, term_id: str):
    pk = hsds.entity_pk("topic", term_id)
    topic = Topic.objects.filter(pk=pk).first() if pk else None
    if topic is None:
        raise Http404(f"There is no taxonomy term {term_id}.")
    return hsds.taxonomy_term(request, topic)


@hsds_router.get(
    "/datapackage.zip",
    response={200: bytes},
    summary="Everything, as an HSDS tabular data package (CSV + datapackage.json)",
    openapi_extra={
        "responses": {
            200: {
                "description": "A zip file",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def hsds_datapackage(request):
    package = datapackage.build(
        request,
        helplines().prefetch_related("audiences").order_by("title", "pk"),
        Organisation.objects.order_by("name"),
        Topic.objects.order_by("name"),
    )
    response = HttpResponse(package, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="waymark-hsds.zip"'
    return response


api.add_router("/hsds", hsds_router)
