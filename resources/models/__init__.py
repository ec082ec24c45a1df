"""The directory's models, one module per concept."""

from .directory import (
    Country,
    CountryCrisisLine,
    EmergencyLabelTranslation,
    EmergencyNumber,
    Organisation,
    OrganisationTranslation,
    country_name,
)
from .guides import GuideHelplineLink, GuideIndexPage, GuidePage, TaggedGuide
from .helplines import (
    TIMEZONE_CHOICES,
    ContactChannel,
    HelplineIndexPage,
    HelplinePage,
    TaggedHelpline,
    channel_action,
    default_review_interval,
)
from .reports import PendingImport, ProblemReport
from .sections import SectionIndexPage
from .taxonomy import (
    Audience,
    AudienceTranslation,
    Topic,
    TopicIndexPage,
    TopicTranslation,
    local_audience_name,
    local_topic_name,
    topic_url,
)

__all__ = [
    "channel_action",
    "TIMEZONE_CHOICES",
    "Audience",
    "AudienceTranslation",
    "ContactChannel",
    "Country",
    "CountryCrisisLine",
    "EmergencyLabelTranslation",
    "EmergencyNumber",
    "GuideHelplineLink",
    "GuideIndexPage",
    "GuidePage",
    "HelplineIndexPage",
    "HelplinePage",
    "Organisation",
    "OrganisationTranslation",
    "PendingImport",
    "ProblemReport",
    "SectionIndexPage",
    "TaggedGuide",
    "TaggedHelpline",
    "Topic",
    "TopicTranslation",
    "TopicIndexPage",
    "country_name",
    "default_review_interval",
    "local_audience_name",
    "local_topic_name",
    "topic_url",
]
