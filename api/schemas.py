"""What the public API returns. Field descriptions become the OpenAPI documentation."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

ChannelKind = Literal["phone", "sms", "chat", "whatsapp", "email", "web"]
ResourceType = Literal["helpline", "guide", "campaign"]
CampaignStatus = Literal["upcoming", "live", "ended"]


class TopicRef(Schema):
    slug: str
    name: str


class Topic(TopicRef):
    description: str
    synonyms: list[str] = Field(description="Everyday words people use for this topic.")
    is_crisis: bool = Field(description="Searches about it lead with crisis help.")
    url: str = Field(description="The topic's page on the public site.")


class OrganisationRef(Schema):
    id: int
    name: str


class Organisation(OrganisationRef):
    website: str
    description: str
    helplines: int = Field(description="How many published helplines it runs.")


class OpeningWindow(Schema):
    day: int = Field(ge=0, le=6, description="0 is Monday.")
    opens: str = Field(pattern=r"^\d\d:\d\d$", description="Local time, HH:MM.")
    closes: str = Field(pattern=r"^\d\d:\d\d$", description="Local time, HH:MM.")
    closes_next_day: bool


class HoursLine(Schema):
    days: str
    hours: str


class Channel(Schema):
    kind: ChannelKind
    value: str = Field(description="Phone numbers in E.164 (or the short code as published).")
    display_value: str
    extension: str = Field(description="Phone lines: digits to dial once connected, or empty.")
    href: str = Field(
        description="A one-tap link: tel: (with a pause and the extension, if any), sms:, "
        "mailto: or https:."
    )
    action: str = Field(description="Words for the link, e.g. “Call 116 123”.")
    label: str
    keyword: str = Field(description="For text lines that need a first word.")
    languages: list[str] = Field(
        description="BCP 47 language tags: an ISO 639 code (en, fil), with a country, script "
        "or area where it matters (fr-CA, zh-Hant, es-419)."
    )
    cost: str
    notes: str
    timezone: str = Field(description="IANA time zone of the opening hours.")
    open_24_7: bool
    hours: list[OpeningWindow]
    hours_text: list[HoursLine]
    open_now: bool | None = Field(
        description="At the time of the request; null when no hours are published."
    )
    status_text: str = Field(description="E.g. “Open now — closes at 10pm (GMT)”.")
    next_change: datetime | None = Field(description="When open_now next changes.")


class HelplineSummary(Schema):
    id: int = Field(description="Stable identifier.")
    slug: str
    url: str
    name: str
    summary: str
    organisation: OrganisationRef
    topics: list[TopicRef]
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes served.")
    open_now: bool
    is_24_7: bool
    channels: list[Channel]


class Helpline(HelplineSummary):
    regions: list[str] = Field(description="ISO 3166-2 codes, when only part of a country.")
    audiences: list[str]
    description_html: str
    confidentiality: str
    status: Literal["active", "temporarily_closed"]
    status_note: str
    last_verified: date | None
    verification_overdue: bool
    last_published: datetime | None


class GuideStep(Schema):
    heading: str
    body_html: str


class GuideSummary(Schema):
    id: int
    slug: str
    url: str
    title: str
    summary: str
    topics: list[TopicRef]
    reading_minutes: int


class Guide(GuideSummary):
    steps: list[GuideStep]
    more_help_html: str
    helplines: list[HelplineSummary] = Field(description="Where to get more help.")
    reviewed_by: str
    reviewed_on: date | None
    last_published: datetime | None


class ToolkitItem(Schema):
    title: str
    description: str
    url: str
    kind: Literal["document", "image"]


class PageRef(Schema):
    type: str
    id: int
    title: str
    url: str


class CampaignSummary(Schema):
    id: int
    slug: str
    url: str
    title: str
    summary: str
    start_date: date
    end_date: date
    status: CampaignStatus
    topics: list[TopicRef]


class Campaign(CampaignSummary):
    call_to_action: str
    call_to_action_url: str
    body_html: str
    partners: list[OrganisationRef]
    toolkit: list[ToolkitItem]
    related: list[PageRef]
    last_published: datetime | None


class EmergencyNumber(Schema):
    number: str
    dial: str = Field(description="What to dial, for a tel: link.")
    label: str


class CrisisHelp(Schema):
    country: str | None
    emergency_numbers: list[EmergencyNumber]
    helplines: list[HelplineSummary] = Field(description="24/7 crisis lines for the country.")


class Priority(Schema):
    country: str
    topic: str | None
    emergency_numbers: list[EmergencyNumber]
    helplines: list[HelplineSummary] = Field(
        description="Crisis and 24/7 lines first, then open now, then the rest."
    )


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facet(Schema):
    name: str
    label: str
    values: list[FacetValue]


class SearchHit(Schema):
    type: ResourceType
    id: int = Field(description="The resource's id, the same in every language.")
    language: str = Field(
        description="The language its title and text are in (ISO 639-1): the one asked for "
        "(lang) where it has been translated into it, else English (en)."
    )
    title: str
    url: str
    snippet_html: str = Field(description="Escaped text with matching words in <mark>.")
    topics: list[TopicRef]
    channels: list[Channel] = Field(description="Helplines only.")


class SearchResults(Schema):
    count: int
    page: int
    per_page: int
    next: str | None
    previous: str | None
    crisis: bool = Field(description="The words suggest risk to life: show crisis_help first.")
    signal: Literal["crisis", "concern", "none"] = Field(
        description="crisis: show crisis_help first; concern (distress, no sign of risk to "
        "life): show a short line offering crisis_help's lines above the results; none."
    )
    crisis_help: CrisisHelp | None = Field(description="For crisis and concern.")
    suggestion: str | None = Field(description="A corrected query when nothing matched.")
    elsewhere: list[SearchHit] = Field(
        description="When countries are chosen and no helpline serving them matches the "
        "words: up to three helplines serving other countries that do. Otherwise empty."
    )
    facets: list[Facet]
    results: list[SearchHit]


class Paginated(Schema):
    count: int
    page: int
    per_page: int
    next: str | None
    previous: str | None


class HelplineList(Paginated):
    results: list[HelplineSummary]


class GuideList(Paginated):
    results: list[GuideSummary]


class CampaignList(Paginated):
    results: list[CampaignSummary]


class TopicList(Paginated):
    results: list[Topic]


class OrganisationList(Paginated):
    results: list[Organisation]


# HSDS 3.0 ---------------------------------------------------------------------------------
# The subset of HSDS 3.0 Waymark publishes; every document also validates against the
# specification's own schemas (../shared/standards/hsds-3.0 in development).


class HsdsInfo(Schema):
    version: str
    profile: str
    openapi_url: str


class HsdsTaxonomy(Schema):
    id: str
    name: str
    description: str
    uri: str
    version: str


class HsdsTaxonomyTerm(Schema):
    id: str
    code: str
    name: str
    description: str
    taxonomy: str
    taxonomy_id: str
    language: str
    term_uri: str


class HsdsAttribute(Schema):
    id: str
    link_id: str
    link_type: str
    link_entity: str
    taxonomy_term_id: str
    taxonomy_term: HsdsTaxonomyTerm


class HsdsLanguage(Schema):
    id: str
    service_id: str | None = None
    phone_id: str | None = None
    name: str
    code: str


class HsdsPhone(Schema):
    id: str
    service_id: str
    number: str
    extension: int | None = Field(None, description="Digits to dial once connected.")
    type: str
    description: str
    languages: list[HsdsLanguage]


class HsdsSchedule(Schema):
    id: str
    service_id: str
    freq: str
    byday: str
    opens_at: str
    closes_at: str
    description: str
    notes: str


class HsdsServiceArea(Schema):
    id: str
    service_id: str
    name: str
    description: str


class HsdsServiceBrief(Schema):
    id: str
    organization_id: str
    name: str
    description: str
    url: str
    status: Literal["active", "temporarily closed"]
    last_modified: str | None = None
    email: str | None = None
    assured_date: str | None = None
    fees_description: str | None = None
    eligibility_description: str | None = None
    alert: str | None = None


class HsdsOrganization(Schema):
    id: str
    name: str
    description: str
    website: str | None = None
    services: list[HsdsServiceBrief] | None = None


class HsdsService(HsdsServiceBrief):
    organization: HsdsOrganization
    phones: list[HsdsPhone]
    schedules: list[HsdsSchedule]
    languages: list[HsdsLanguage]
    service_areas: list[HsdsServiceArea]
    attributes: list[HsdsAttribute]


class HsdsPage(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class HsdsServicePage(HsdsPage):
    contents: list[HsdsService | HsdsServiceBrief]


class HsdsOrganizationPage(HsdsPage):
    contents: list[HsdsOrganization]


class HsdsTaxonomyPage(HsdsPage):
    contents: list[HsdsTaxonomy]


class HsdsTaxonomyTermPage(HsdsPage):
    contents: list[HsdsTaxonomyTerm]
