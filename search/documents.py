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
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from campaigns.models import CampaignPage
from core.languages import default_locale_id, is_original, language_of, locale_codes, originals
from resources.models import (
    GuidePage,
    HelplinePage,
    channel_action,
    local_topic_name,
    topic_url,
)
from resources.opening_hours import HasOpeningHours, WeeklyHours, Window
from resources.validators import language_base, local_language_name

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
    # The language the page is written in (its locale's code), the id of its English
    # original (the resource's id in every language), and, for an original, the languages
    # it has a live translation in: a visitor sees one version of each resource.
    language: str = settings.LANGUAGE_CODE
    original: int = 0
    translated_into: list[str] = field(default_factory=list)

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

    def shown_in(self, language):
        """Whether this is the version a visitor reading `language` sees."""
        if self.language == language:
            return True
        return self.language == settings.LANGUAGE_CODE and language not in self.translated_into

    @property
    def spoken_languages(self):
        """The languages (ISO 639-1) someone can use this resource in: a helpline's
        channels' languages, or the language the page is written in."""
        spoken = {code for channel in self.channels for code in channel.languages}
        return sorted(spoken or {language_base(self.language)})

    def language_names(self, language):
        """The languages to name on this result for a visitor reading `language`, in that
        language: none when the visitor can use it in their own."""
        if language_base(language) in self.spoken_languages:
            return []
        return [local_language_name(code) for code in self.spoken_languages]

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


def build_document(page, original, translated_into=()):
    """The page as the finder keeps it, with addresses as English has them: a page shows
    them in its own language (core/languages.py), whatever the language of the editor
    whose publishing built the document."""
    with translation.override(settings.LANGUAGE_CODE):
        document = _document(page)
    document.language = language_of(page)
    document.original = original
    document.translated_into = sorted(translated_into)
    return document


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
    """Every live, public resource page (or those with the given ids), ready to document:
    the English originals, and the translations of guides and campaigns. A helpline's
    facts live on its original, which every language shows (HelplinePage.serve)."""
    for model in TYPES.values():
        pages = model.objects.live().public().prefetch_related("tagged_items__tag")
        if model is HelplinePage:
            pages = originals(pages).select_related("organisation")
            pages = pages.prefetch_related("countries", "audiences", "channels")
        if ids is not None:
            pages = pages.filter(pk__in=ids)
        yield from pages


def live_versions(pages):
    """{translation key: {language: page id}} for the live, public versions of `pages`
    that the finder documents (see live_pages)."""
    keys = None if pages is None else {page.translation_key for page in pages}
    translatable = [model for model in TYPES.values() if model is not HelplinePage]
    translated_types = ContentType.objects.get_for_models(*translatable).values()
    found = (
        Page.objects.live()
        .public()
        .filter(Q(locale_id=default_locale_id()) | Q(content_type__in=translated_types))
    )
    if keys is not None:
        found = found.filter(translation_key__in=keys)
    versions = {}
    codes = locale_codes()
    for key, locale_id, pk in found.values_list("translation_key", "locale_id", "pk"):
        versions.setdefault(key, {})[codes[locale_id]] = pk
    return versions


def build_documents(ids=None):
    """{page id: document} for every live resource in every language it is published in
    (or for those of `ids` that are), leaving out translations whose original is not live."""
    pages = list(live_pages(ids))
    versions = live_versions(None if ids is None else pages)
    documents = {}
    for page in pages:
        found = versions.get(page.translation_key, {})
        original = found.get(settings.LANGUAGE_CODE)
        if original is None:
            continue
        translated_into = []
        if is_original(page):
            translated_into = [code for code in found if code != settings.LANGUAGE_CODE]
        documents[page.pk] = build_document(page, original, translated_into)
    return documents
