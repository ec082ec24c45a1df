"""Open data: the directory as Open Referral HSDS 3.0."""

from datetime import UTC, datetime

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse

from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from resources import hsds
from resources.models import Organisation, Topic

from .. import datapackage, schemas
from ..common import API_ROOT, MAX_PAGE, MAX_PER_PAGE, BadParameters, helplines, live_or_404
from ..policy import TYPED_TEXT
from ..problems import PROBLEMS

router = Router(tags=["Open data (HSDS 3.0)"])


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


@router.get("/", response={200: schemas.HsdsInfo, **PROBLEMS}, summary="About this HSDS API")
def hsds_root(request):
    return {
        "version": hsds.HSDS_VERSION,
        "profile": HSDS_PROFILE,
        "openapi_url": request.build_absolute_uri(f"{API_ROOT}openapi.json"),
    }


@router.get(
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


@router.get(
    "/services/{service_id}",
    response={200: schemas.HsdsService, **PROBLEMS},
    exclude_none=True,
    summary="One HSDS service, fully nested",
)
def hsds_service(request, service_id: str):
    page = live_or_404(
        helplines().prefetch_related("audiences"),
        f"There is no published service {service_id}.",
        pk=hsds.entity_pk("helpline", service_id),
    )
    return hsds.service(request, page)


@router.get(
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


@router.get(
    "/organizations/{organization_id}",
    response={200: schemas.HsdsOrganization, **PROBLEMS},
    exclude_none=True,
    summary="One HSDS organization, with its services",
)
def hsds_organization(request, organization_id: str):
    organisation = live_or_404(
        Organisation.objects.all(),
        f"There is no organization {organization_id}.",
        pk=hsds.entity_pk("organisation", organization_id),
    )
    services = helplines().filter(organisation=organisation).order_by("title")
    return hsds.organization(
        request,
        organisation,
        [hsds.service(request, page, full=False) for page in services],
    )


@router.get(
    "/taxonomies",
    response={200: schemas.HsdsTaxonomyPage, **PROBLEMS},
    summary="Taxonomies: Waymark's topics",
)
def hsds_taxonomies(request, params: Query[HsdsPaging]):
    return hsds_page([hsds.taxonomy(request)], params, lambda taxonomy: taxonomy)


@router.get(
    "/taxonomies/{taxonomy_id}",
    response={200: schemas.HsdsTaxonomy, **PROBLEMS},
    summary="One taxonomy",
)
def hsds_taxonomy(request, taxonomy_id: str):
    if taxonomy_id.lower() != hsds.TAXONOMY_ID:
        raise Http404(f"There is no taxonomy {taxonomy_id}.")
    return hsds.taxonomy(request)


@router.get(
    "/taxonomy_terms",
    response={200: schemas.HsdsTaxonomyTermPage, **PROBLEMS},
    summary="Taxonomy terms: one per topic",
)
def hsds_taxonomy_terms(request, params: Query[HsdsPaging]):
    return hsds_page(
        Topic.objects.order_by("name"), params, lambda topic: hsds.taxonomy_term(request, topic)
    )


@router.get(
    "/taxonomy_terms/{term_id}",
    response={200: schemas.HsdsTaxonomyTerm, **PROBLEMS},
    summary="One taxonomy term",
)
def hsds_taxonomy_term(request, term_id: str):
    topic = live_or_404(
        Topic.objects.all(),
        f"There is no taxonomy term {term_id}.",
        pk=hsds.entity_pk("topic", term_id),
    )
    return hsds.taxonomy_term(request, topic)


@router.get(
    "/datapackage.zip",
    response={200: bytes, **PROBLEMS},
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
