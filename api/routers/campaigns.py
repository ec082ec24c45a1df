"""Awareness campaigns."""

from django.db.models import Q
from django.utils import timezone

from ninja import Field, Path, Query, Router

from campaigns.models import CampaignPage
from core.languages import one_version_each
from core.privacy import public

from .. import schemas, serialisers
from ..common import MAX_ID, Paging, TopicFilter, live_or_404, paginate_queryset, with_topics
from ..problems import PROBLEMS

router = Router(tags=["Campaigns"])


class CampaignFilters(TopicFilter):
    status: list[schemas.CampaignStatus] = Field(
        [], description="upcoming, live or ended; by today's date."
    )


@router.get(
    "/campaigns",
    response={200: schemas.CampaignList, **PROBLEMS},
    summary="List awareness campaigns, newest first",
)
def list_campaigns(request, filters: Query[CampaignFilters], paging: Query[Paging]):
    campaigns = one_version_each(public(CampaignPage.objects.live()))
    campaigns = campaigns.prefetch_related("tagged_items__tag")
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


@router.get(
    "/campaigns/{int:campaign_id}",
    response={200: schemas.Campaign, **PROBLEMS},
    summary="One campaign, with its toolkit",
)
def get_campaign(request, campaign_id: int = Path(..., ge=1, le=MAX_ID)):
    campaigns = public(CampaignPage.objects.live()).prefetch_related(
        "tagged_items__tag",
        "partners",
        "toolkit_items__document",
        "toolkit_items__image",
        "related_links__related_page",
    )
    missing = f"There is no published campaign {campaign_id}."
    # The id may be a translation's: the answer is the page in the language asked for.
    asked = live_or_404(campaigns, missing, pk=campaign_id)
    page = live_or_404(one_version_each(campaigns), missing, translation_key=asked.translation_key)
    return serialisers.campaign_detail(request, page)
