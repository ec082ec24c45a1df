"""Organisations that run helplines or publish on Waymark."""

from django.conf import settings
from django.db.models import Count, Q

from ninja import Path, Query, Router

from resources.models import Organisation

from .. import schemas, serialisers
from ..common import MAX_ID, Paging, live_or_404, paginate_queryset
from ..problems import PROBLEMS

router = Router(tags=["Organisations"])


def organisations():
    live = Count(
        "helplines",
        filter=Q(helplines__live=True, helplines__locale__language_code=settings.LANGUAGE_CODE),
    )
    organisations = Organisation.objects.prefetch_related("translations")
    return organisations.annotate(live_helplines=live).order_by("name")


@router.get(
    "/organisations",
    response={200: schemas.OrganisationList, **PROBLEMS},
    summary="Organisations that run helplines or publish on Waymark",
)
def list_organisations(request, paging: Query[Paging]):
    return paginate_queryset(request, organisations(), paging, serialisers.organisation_data)


@router.get(
    "/organisations/{int:organisation_id}",
    response={200: schemas.Organisation, **PROBLEMS},
    summary="One organisation",
)
def get_organisation(request, organisation_id: int = Path(..., ge=1, le=MAX_ID)):
    organisation = live_or_404(
        organisations(), f"There is no organisation {organisation_id}.", pk=organisation_id
    )
    return serialisers.organisation_data(organisation)
