"""The short list of helplines to show first for a country and a topic."""

from django.db.models import Q

from core.languages import originals
from core.privacy import public

from .models import HelplinePage


def priority_helplines(country, topic_slug=None, limit=5, now=None):
    """Active helplines serving `country` (about the topic, if one is given), best first:
    the country's crisis lines, then lines open 24/7, then lines open at `now`, then the
    rest by name. The crisis lines are always candidates, whatever the topic."""
    crisis_ids = list(country.crisis_lines.values_list("helpline_id", flat=True))
    lines = (
        public(originals(HelplinePage.objects.live()))
        .filter(countries=country, status=HelplinePage.Status.ACTIVE)
        .select_related("organisation")
        .prefetch_related("tagged_items__tag", "channels", "countries")
    )
    if topic_slug:
        lines = lines.filter(Q(pk__in=crisis_ids) | Q(tagged_items__tag__slug=topic_slug))

    def rank(page):
        open_now = any(channel.is_open(now) for channel in page.channels.all())
        return (page.pk not in crisis_ids, not page.is_24_7, not open_now, page.title)

    return sorted(lines.distinct(), key=rank)[:limit]
