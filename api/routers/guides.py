"""Self-care guides."""

from django.utils import timezone

from ninja import Path, Query, Router

from core.languages import one_version_each
from core.privacy import public
from resources.models import GuidePage

from .. import schemas, serialisers
from ..common import MAX_ID, Paging, TopicFilter, live_or_404, paginate_queryset, with_topics
from ..problems import PROBLEMS

router = Router(tags=["Guides"])


@router.get(
    "/guides",
    response={200: schemas.GuideList, **PROBLEMS},
    summary="List self-care guides",
)
def list_guides(request, filters: Query[TopicFilter], paging: Query[Paging]):
    guides = one_version_each(public(GuidePage.objects.live()))
    guides = guides.prefetch_related("tagged_items__tag")
    guides = with_topics(guides, filters.topic).order_by("title")
    return paginate_queryset(
        request, guides, paging, lambda page: serialisers.guide_summary(request, page)
    )


@router.get(
    "/guides/{int:guide_id}",
    response={200: schemas.Guide, **PROBLEMS},
    summary="One self-care guide, with its steps",
)
def get_guide(request, guide_id: int = Path(..., ge=1, le=MAX_ID)):
    guides = public(GuidePage.objects.live()).prefetch_related(
        "tagged_items__tag",
        "helpline_links__helpline__organisation",
        "helpline_links__helpline__channels",
        "helpline_links__helpline__countries",
        "helpline_links__helpline__tagged_items__tag",
    )
    missing = f"There is no published guide {guide_id}."
    # The id may be a translation's: the answer is the page in the language asked for.
    asked = live_or_404(guides, missing, pk=guide_id)
    page = live_or_404(one_version_each(guides), missing, translation_key=asked.translation_key)
    return serialisers.guide_detail(request, page, timezone.now())
