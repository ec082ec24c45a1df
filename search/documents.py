"""The finder's view of a resource: one flat, serialisable document per live page.

Both finder engines work from these documents: the database engine keeps them in memory
for facets and result cards, the search-engine engine stores them as the index's source.
Result cards render from a document alone, so showing a page of results needs no further
database queries.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date, time
from functools import cached_property

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from campaigns.models import CampaignPage
from core.languages import originals
from resources.models import (
    GuidePage,
    HelplinePage,
    channel_action,
    local_topic_name,
    topic_url,
)
from resources.opening_hours import HasOpeningHours, WeeklyHours, Window
from resources.validators import language_base

TYPES = {"helpline": HelplinePage, "guide": GuidePage, "campaign": CampaignPage}
TYPE_LABELS = {"helpline": _("Helpline"), "guide": _("Self-care guide"), "campaign": _("Campaign")}


@dataclass
class ChannelDocument(HasOpeningHours):
    kind: str
    display: str
    href: str
    label: str
    languages: list[str]
    timezone: str
    always_open: bool
    # [weekday, "HH:MM", "HH:MM", closes_next_day]
    windows: list[list] = field(default_factory=list)
    extension: str = ""
    keyword: str = ""

    @classmethod
    def from_channel(cls, channel):
        return cls(
            kind=channel.kind,
            display=channel.display_value,
            extension=channel.extension,
            keyword=channel.keyword,
            href=channel.href,
            label=channel.label,
            # Found by language alone: a French (Canada) line is a French line.
            languages=list(dict.fromkeys(language_base(tag) for tag in channel.languages.split())),
            timezone=channel.timezone,
            always_open=channel.open_24_7,
            windows=[
                [w.day, w.opens.strftime("%H:%M"), w.closes.strftime("%H:%M"), w.closes_next_day]
                for w in channel.weekly_hours.windows
            ],
        )

    @property
    def action(self):
        """The link's words, in the language of the page showing it."""
        return channel_action(self.kind, self.display, self.extension, self.keyword)

    @cached_property
    def weekly_hours(self):
        windows = tuple(
            Window(day, time.fromisoformat(opens), time.fromisoformat(closes), next_day)
            for day, opens, closes, next_day in self.windows
        )
        return WeeklyHours(self.timezone, windows, self.always_open)

    @property
    def has_hours(self):
        return self.always_open or bool(self.windows)

    @property
    def hours_key(self):
        """The key of these hours (see WeeklyHours.key); None when none are published."""
        return self.weekly_hours.key if self.has_hours else None


@dataclass
class ResourceDocument:
    id: int
    type: str
    title: str
    url: str
    summary: str
    # The engine leaves the body out of hits: only the database engine's snippets read it.
    body: str = ""
    organisation: str = ""
    # [[slug, name], …]
    topics: list[list[str]] = field(default_factory=list)
    # ISO codes served; None for guides and campaigns, which apply everywhere.
    countries: list[str] | None = None
    audiences: list[str] = field(default_factory=list)
    channels: list[ChannelDocument] = field(default_factory=list)
    # Helplines: when someone last checked every detail and when the next check is due.
    last_verified_on: str | None = None
    review_due_on: str | None = None

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        data["channels"] = [ChannelDocument(**channel) for channel in data.get("channels", [])]
        return cls(**data)

    def to_dict(self):
        return asdict(self)

    @property
    def last_checked(self):
        return date.fromisoformat(self.last_verified_on) if self.last_verified_on else None

    @property
    def is_stale(self):
        """Overdue for a check, or never checked (helplines only)."""
        if self.type != "helpline":
            return False
        return (
            self.review_due_on is None
            or date.fromisoformat(self.review_due_on) < timezone.localdate()
        )

    @property
    def report_url(self):
        """The helpline's "report a problem" form, which lives under its page."""
        return f"{self.url}report/"

    @property
    def type_label(self):
        return TYPE_LABELS[self.type]

    @property
    def topic_slugs(self):
        return [slug for slug, _ in self.topics]

    @property
    def topic_links(self):
        return [
            {"name": local_topic_name(slug, name), "url": topic_url(slug)}
            for slug, name in self.topics
        ]


def _sentences(pieces):
    """Join pieces of text so that headings and paragraphs stay separate sentences."""
    sentences = []
    for piece in pieces:
        piece = " ".join(strip_tags(re.sub(r"<[^>]+>", " \\g<0>", piece)).split())
        if piece:
            sentences.append(piece if piece[-1] in ".!?…" else f"{piece}.")
    return " ".join(sentences)


def _stream_text(stream):
    return stream.stream_block.get_searchable_content(stream)


def _body_text(page):
    if isinstance(page, HelplinePage):
        return _sentences([page.description, page.confidentiality])
    if isinstance(page, GuidePage):
        return _sentences([*_stream_text(page.steps), page.more_help])
    return _sentences(_stream_text(page.body))


def build_document(page):
    """The page as the finder keeps it, with addresses as English has them: a page shows
    them in its own language (core/languages.py), whatever the language of the editor
    whose publishing built the document."""
    with translation.override(settings.LANGUAGE_CODE):
        return _document(page)


def _document(page):
    document = ResourceDocument(
        id=page.pk,
        type=next(name for name, model in TYPES.items() if isinstance(page, model)),
        title=page.title,
        url=page.url,
        summary=page.summary,
        body=_body_text(page),
        topics=sorted([item.tag.slug, item.tag.name] for item in page.tagged_items.all()),
    )
    if isinstance(page, HelplinePage):
        document.organisation = page.organisation.name
        document.countries = [country.code for country in page.countries.all()]
        document.audiences = [audience.slug for audience in page.audiences.all()]
        document.channels = [ChannelDocument.from_channel(c) for c in page.channels.all()]
        if page.last_verified_on:
            document.last_verified_on = page.last_verified_on.isoformat()
        if page.review_due_on:
            document.review_due_on = page.review_due_on.isoformat()
    return document


def live_pages(ids=None):
    """Every live, public resource page (or those with the given ids), ready to document."""
    for model in TYPES.values():
        # Translations are not in the finder yet: it holds the English originals.
        pages = originals(model.objects.live().public())
        pages = pages.prefetch_related("tagged_items__tag")
        if model is HelplinePage:
            pages = pages.select_related("organisation").prefetch_related(
                "countries", "audiences", "channels"
            )
        if ids is not None:
            pages = pages.filter(pk__in=ids)
        yield from pages


def build_documents(ids=None):
    return {page.pk: build_document(page) for page in live_pages(ids)}
