"""The finder's facets, each defined once.

A `FacetSpec` says everything about one facet: its request parameter, its label, how a
request's values are read and checked, how a value is named on the page, and where
documents keep their values. The query parser, both engines (the database's bit masks, the
search engine's mapping, filters and aggregations) and the API's filters all read it, so a
new facet over something documents already hold is one `FacetSpec` added to `FACETS`.

Two kinds of facet:
- *document facets* (`values` set): a document has a list of values, and a search keeps
  the documents with any chosen value. Where `values` may return None (`none_matches_all`),
  a document without values matches whatever is chosen: guides and campaigns serve every
  country.
- *channel facets* (`channel_part` set): the kind, language and opening hours of a contact
  channel. Chosen together they must hold for one and the same channel, which both engines
  handle with structures of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from resources.models import (
    ContactChannel,
    country_name,
    local_audience_name,
    local_topic_name,
)
from resources.validators import language_base, language_name, validate_country_code

from .documents import TYPE_LABELS, TYPES


@dataclass(frozen=True)
class FacetSpec:
    name: str  # the request parameter, and what FinderQuery calls the choice
    label: str  # heading of its counts on the page and in the API (translatable)
    description: str  # of the API parameter
    # The notice for a value the finder does not know, as a whole sentence for translators,
    # with %(value)s for what was asked for.
    unknown: str
    # Whether a value (already normalised) is one the finder knows, given the QueryContext.
    is_known: Callable[[Any, str], bool] = lambda context, value: True
    # A value as people read it, given the QueryContext.
    value_label: Callable[[Any, str], str] = lambda context, value: value
    normalise: Callable[[str], str] = str.lower
    # Choosing a value of this facet leaves out everything but helplines.
    helpline_only: bool = False
    # Document facets: a document's values (None: it matches any choice) and the search
    # engine's field for them.
    values: Callable[[Any], list[str] | None] | None = None
    index_field: str = ""
    none_matches_all: bool = False
    # Channel facets: the part of a channel chosen ("kind", "language" or "hours").
    channel_part: str = ""
    # The API's type for one value (a Literal of the allowed values, or str).
    api_type: Any = str
    # On or off (open now), rather than a list of values.
    is_flag: bool = False


def is_country(context, code):
    try:
        validate_country_code(code)
    except ValidationError:
        return False
    return True


CHANNEL_KINDS = dict(ContactChannel.Kind.choices)

FACETS = {
    spec.name: spec
    for spec in (
        FacetSpec(
            name="type",
            label=_("Type"),
            description="helpline, guide or campaign.",
            unknown=_("We don't know the type “%(value)s”, so it was left out."),
            is_known=lambda context, value: value in TYPES,
            value_label=lambda context, value: TYPE_LABELS.get(value, value),
            values=lambda document: [document.type],
            index_field="type",
            api_type=Literal[tuple(TYPES)],
        ),
        FacetSpec(
            name="topic",
            label=_("Topic"),
            description="Topic slugs; repeat for any of several.",
            unknown=_("We don't know the topic “%(value)s”, so it was left out."),
            is_known=lambda context, value: value in context.topic_names,
            value_label=lambda context, value: local_topic_name(
                value, context.topic_names.get(value, value)
            ),
            values=lambda document: document.topic_slugs,
            index_field="topics",
        ),
        FacetSpec(
            name="country",
            label=_("Country"),
            description="ISO 3166-1 alpha-2 codes served.",
            unknown=_("We don't know the country code “%(value)s”, so it was left out."),
            is_known=is_country,
            value_label=lambda context, value: country_name(
                value, context.country_names.get(value, value)
            ),
            normalise=str.upper,
            values=lambda document: document.countries,
            index_field="countries",
            none_matches_all=True,
        ),
        FacetSpec(
            name="channel",
            label=_("Way to get in touch"),
            description="Ways to get in touch.",
            unknown=_("We don't know the way to get in touch “%(value)s”, so it was left out."),
            is_known=lambda context, value: value in CHANNEL_KINDS,
            value_label=lambda context, value: CHANNEL_KINDS.get(value, value),
            helpline_only=True,
            channel_part="kind",
            api_type=Literal[tuple(CHANNEL_KINDS)],
        ),
        FacetSpec(
            name="language",
            label=_("Language"),
            description="ISO 639 codes of a channel's languages (fr also finds fr-CA).",
            unknown=_("We don't know the language code “%(value)s”, so it was left out."),
            normalise=lambda value: language_base(value.lower()),
            is_known=lambda context, value: language_name(value) != value,
            value_label=lambda context, value: language_name(value),
            helpline_only=True,
            channel_part="language",
        ),
        FacetSpec(
            name="audience",
            label=_("Who it's for"),
            description="Audience slugs.",
            unknown=_("We don't know the audience “%(value)s”, so it was left out."),
            is_known=lambda context, value: value in context.audience_names,
            value_label=lambda context, value: local_audience_name(
                value, context.audience_names.get(value, value)
            ),
            helpline_only=True,
            values=lambda document: document.audiences,
            index_field="audiences",
        ),
        FacetSpec(
            name="open_now",
            label=_("Open now"),
            description="Only helplines with a channel open now.",
            unknown=_("We don't know the choice “%(value)s”, so it was left out."),
            value_label=lambda context, value: _("Open now"),
            helpline_only=True,
            channel_part="hours",
            is_flag=True,
        ),
    )
}


def document_facets():
    return [spec for spec in FACETS.values() if spec.values]


def helpline_facets():
    return [spec.name for spec in FACETS.values() if spec.helpline_only]


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

    @classmethod
    def counted(cls, spec, counts, query, context):
        """The facet as results show it: values with a count or chosen, most found first."""
        selected = query.selected(spec.name)
        counts = {str(value): count for value, count in counts.items() if count}
        for value in selected:
            counts.setdefault(value, 0)
        # Labels in the visitor's language, as plain text for the page and the API alike.
        values = [
            FacetValue(value, str(spec.value_label(context, value)), count, value in selected)
            for value, count in counts.items()
        ]
        values.sort(key=lambda v: (-v.count, v.label))
        return cls(spec.name, str(spec.label), values)
