"""The finder's facets: their names and labels, how request values are read, and the counts
that results carry for each."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from resources.models import ContactChannel
from resources.validators import language_name, validate_country_code

from .documents import TYPES
from .understanding import get_query_context

FACETS = {
    "type": "Type",
    "topic": "Topic",
    "country": "Country",
    "channel": "Way to get in touch",
    "language": "Language",
    "audience": "Who it's for",
    "open_now": "Open now",
}
# Facets that only helplines have: choosing any of them leaves guides and campaigns out.
CHANNEL_FACETS = ("channel", "language", "open_now")
HELPLINE_FACETS = CHANNEL_FACETS + ("audience",)


def _is_country(code):
    try:
        validate_country_code(code)
    except ValidationError:
        return False
    return True


def facet_parsers():
    kinds = set(ContactChannel.Kind.values)
    # Known topics and audiences come from the query context, not a query per value.
    context = get_query_context()
    return {
        "type": (str.lower, TYPES.__contains__, "type"),
        "topic": (str.lower, context.topic_names.__contains__, "topic"),
        "country": (str.upper, _is_country, "country code"),
        "channel": (str.lower, kinds.__contains__, "way to get in touch"),
        "language": (str.lower, lambda code: language_name(code) != code, "language code"),
        "audience": (str.lower, context.audience_names.__contains__, "audience"),
    }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]
