"""The shared topics."""

from ninja import Query, Router

from resources.models import Topic

from .. import schemas, serialisers
from ..common import Paging, live_or_404, paginate_queryset
from ..problems import PROBLEMS

router = Router(tags=["Topics"])


@router.get(
    "/topics",
    response={200: schemas.TopicList, **PROBLEMS},
    summary="The shared topics",
)
def list_topics(request, paging: Query[Paging]):
    return paginate_queryset(
        request,
        Topic.objects.order_by("name"),
        paging,
        lambda topic: serialisers.topic_data(request, topic),
    )


@router.get(
    "/topics/{slug}",
    response={200: schemas.Topic, **PROBLEMS},
    summary="One topic",
)
def get_topic(request, slug: str):
    topic = live_or_404(Topic.objects.all(), f"There is no topic “{slug}”.", slug=slug)
    return serialisers.topic_data(request, topic)
