"""Helplines: the directory page, each helpline and its contact channels."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase

from core.blocks import RICH_TEXT_FEATURES
from core.languages import InEveryLanguage, default_locale_id, is_original
from core.privacy import KnownPrivacy

from .. import rules
from ..blocks import OpeningHoursBlock
from ..forms import ChannelsPanel, HelplinePageForm
from ..opening_hours import HasOpeningHours, WeeklyHours, known_timezones
from ..permissions import OrganisationPage
from ..validators import (
    language_name,
    normalise_region_codes,
    phone_for_dialling,
    phone_for_display,
)
from .directory import Country, Organisation
from .sections import SectionIndexPage
from .taxonomy import Audience, Topic


def default_review_interval():
    return settings.WAYMARK_REVIEW_INTERVAL_DAYS


TIMEZONE_CHOICES = [(name, name.replace("_", " ")) for name in sorted(known_timezones())]


class TaggedHelpline(ItemBase):
    tag = models.ForeignKey(Topic, related_name="tagged_helplines", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "resources.HelplinePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class HelplineIndexPage(SectionIndexPage):
    """The helpline directory at /helplines/."""

    subpage_types = ["resources.HelplinePage"]


class HelplinePage(KnownPrivacy, InEveryLanguage, OrganisationPage, Page):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        TEMPORARILY_CLOSED = "temporarily_closed", "Temporarily closed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="helplines"
    )
    summary = models.TextField(
        max_length=300, help_text="What this helpline offers, in one or two plain sentences."
    )
    description = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    countries = ParentalManyToManyField(
        Country, related_name="helplines", help_text="Countries this helpline serves."
    )
    regions = models.CharField(
        max_length=255,
        blank=True,
        help_text="Only if it serves part of a country: ISO 3166-2 codes, e.g. GB-SCT GB-WLS.",
    )
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="helplines")
    topics = ClusterTaggableManager(through=TaggedHelpline, blank=True)
    confidentiality = models.TextField(
        blank=True, help_text="What stays private, whether callers can stay anonymous."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_note = models.CharField(
        max_length=200, blank=True, help_text="Shown when temporarily closed: why, and until when."
    )
    last_verified_on = models.DateField(
        null=True, blank=True, help_text="When someone last checked every detail was right."
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_interval_days = models.PositiveSmallIntegerField(
        "Check again after (days)",
        default=default_review_interval,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text="How long these details can be trusted before someone checks them again.",
    )
    review_due_on = models.DateField(
        null=True,
        editable=False,
        db_index=True,
        help_text="When the details should next be checked; empty if never checked.",
    )
    external_id = models.CharField(
        "External id",
        max_length=100,
        blank=True,
        help_text="This helpline's id in the spreadsheet or directory it is imported from. "
        "Imports use it to update the helpline instead of adding a copy.",
    )

    # Unique to one helpline: neither a copy nor a translation takes it.
    exclude_fields_in_copy = ["external_id"]

    base_form_class = HelplinePageForm
    parent_page_types = ["resources.HelplineIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("organisation", widget=forms.Select),
        FieldPanel("summary"),
        ChannelsPanel("channels", label="Ways to get in touch", min_num=1),
        MultiFieldPanel(
            [FieldPanel("countries"), FieldPanel("regions"), FieldPanel("audiences")],
            heading="Who it serves",
        ),
        FieldPanel("topics"),
        FieldPanel("description"),
        FieldPanel("confidentiality"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("status_note")]),
                FieldRowPanel([FieldPanel("last_verified_on"), FieldPanel("verified_by")]),
                FieldPanel("review_interval_days"),
                FieldPanel("external_id"),
            ],
            heading="Status and verification",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.RelatedFields(
            "topics",
            [index.SearchField("name", boost=2), index.SearchField("synonyms")],
        ),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = "helpline"
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="unique_helpline_external_id",
            )
        ]

    def clean(self):
        super().clean()
        try:
            self.regions = normalise_region_codes(self.regions)
        except ValidationError as error:
            raise ValidationError({"regions": error.messages}) from error

    def save(self, *args, **kwargs):
        self.review_due_on = self.next_review_date()
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        """A helpline's facts (numbers, hours, checks) are kept on its English original
        alone, so a translation of one, should it be made, shows the original's."""
        original = None if is_original(self) else self.get_translation_or_none(default_locale_id())
        if original is not None and original.live:
            return original.specific.serve(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def next_review_date(self):
        if not self.last_verified_on:
            return None
        return self.last_verified_on + timedelta(days=self.review_interval_days)

    @property
    def is_stale(self):
        """Overdue for a check (or never checked): the public sees a gentle warning."""
        due = self.next_review_date()
        return due is None or due < timezone.localdate()

    @property
    def is_temporarily_closed(self):
        return self.status == self.Status.TEMPORARILY_CLOSED

    @property
    def is_24_7(self):
        return any(channel.weekly_hours.covers_whole_week() for channel in self.channels.all())

    @property
    def country_codes(self):
        return [country.code for country in self.countries.all()]


class ContactChannel(HasOpeningHours, Orderable):
    """One way to reach a helpline, with its own hours, languages and cost."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        SMS = "sms", "Text (SMS)"
        CHAT = "chat", "Web chat"
        WHATSAPP = "whatsapp", "WhatsApp"
        EMAIL = "email", "Email"
        WEB = "web", "Website"

    # Each kind as the public reads it (the problem report form). Kind's own labels stay
    # plain English: the admin and the HSDS export show them, and the finder's facets hand
    # them to the API, whose schemas take only plain strings.
    KIND_NAMES = {
        Kind.PHONE: _("Phone"),
        Kind.SMS: _("Text (SMS)"),
        Kind.CHAT: _("Web chat"),
        Kind.WHATSAPP: _("WhatsApp"),
        Kind.EMAIL: _("Email"),
        Kind.WEB: _("Website"),
    }

    page = ParentalKey(HelplinePage, related_name="channels", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(
        max_length=255,
        help_text="Phone number, text number, web address or email address.",
    )
    extension = models.CharField(
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d+$", "An extension is digits only, such as 8.")],
        help_text="Phone lines only: digits to dial once the call connects, if any.",
    )
    label = models.CharField(
        max_length=100, blank=True, help_text="Optional, e.g. “Welsh language line”."
    )
    keyword = models.CharField(
        max_length=30,
        blank=True,
        help_text="For text lines that need a first word, e.g. SHOUT.",
    )
    timezone = models.CharField(max_length=64, choices=TIMEZONE_CHOICES, default="Europe/London")
    open_24_7 = models.BooleanField("Open 24 hours, every day", default=False)
    hours = StreamField(
        OpeningHoursBlock(),
        blank=True,
        help_text="Leave empty if open 24/7 or if there are no set hours (e.g. email).",
    )
    languages = models.CharField(
        max_length=100,
        default="en",
        help_text="Language codes, with a country where it matters: “en cy” or “fr-CA”.",
    )
    cost = models.CharField(
        max_length=200, blank=True, help_text="E.g. “Free from mobiles and landlines”."
    )
    notes = models.TextField(blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value"), FieldPanel("extension")]),
        FieldRowPanel([FieldPanel("label"), FieldPanel("keyword")]),
        FieldRowPanel([FieldPanel("timezone"), FieldPanel("open_24_7")]),
        FieldPanel("hours"),
        FieldPanel("hours_text"),
        FieldRowPanel([FieldPanel("languages"), FieldPanel("cost")]),
        FieldPanel("notes"),
    ]

    def clean(self):
        """Numbers are checked by the helpline's form, which knows the countries served."""
        errors = {}
        self.value = (self.value or "").strip()
        if self.extension and self.kind != self.Kind.PHONE:
            errors["extension"] = ["Only phone lines have extensions."]
        if self.kind not in rules.PHONE_KINDS:
            try:
                self.value = rules.channel_value(self.kind, self.value, regions=())
            except ValidationError as error:
                errors["value"] = error.messages
        try:
            self.languages = rules.channel_languages(self.languages)
        except ValidationError as error:
            errors["languages"] = error.messages
        problems = self.weekly_hours.problems()
        if problems:
            errors["hours"] = problems
        if errors:
            raise ValidationError(errors)

    @cached_property
    def weekly_hours(self):
        windows = []
        for block in self.hours:
            windows.extend(block.block.windows(block.value))
        return WeeklyHours(self.timezone, tuple(windows), self.open_24_7)

    @property
    def has_hours(self):
        return self.open_24_7 or bool(self.weekly_hours.windows)

    @property
    def is_phone_like(self):
        return self.kind in (self.Kind.PHONE, self.Kind.SMS, self.Kind.WHATSAPP)

    @property
    def display_value(self):
        return phone_for_display(self.value) if self.is_phone_like else self.value

    @property
    def href(self):
        if self.kind == self.Kind.PHONE:
            # A comma is a dialler's pause: the extension is dialled once the call connects.
            extension = f",{self.extension}" if self.extension else ""
            return f"tel:{phone_for_dialling(self.value)}{extension}"
        if self.kind == self.Kind.SMS:
            body = f"?body={self.keyword}" if self.keyword else ""
            return f"sms:{phone_for_dialling(self.value)}{body}"
        if self.kind == self.Kind.WHATSAPP:
            return f"https://wa.me/{phone_for_dialling(self.value).lstrip('+')}"
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        return self.value

    @property
    def kind_name(self):
        """The kind in the active language: “Phone”, “Text (SMS)”…"""
        return str(self.KIND_NAMES.get(self.kind, self.kind))

    @property
    def action(self):
        """The words on the one-tap link, in the active language (the HSDS export asks for
        them in English)."""
        return channel_action(self.kind, self.display_value, self.extension, self.keyword)

    @property
    def language_names(self):
        return [language_name(code) for code in self.languages.split()]


def channel_action(kind, display, extension="", keyword=""):
    """The words on a channel's one-tap link ("Call 0800 1111"), in the active language:
    one wording for pages, the finder's results and the API."""
    if kind == ContactChannel.Kind.PHONE:
        if extension:
            # Translators: a phone number and the extension to dial once the call
            # connects, e.g. “Call 0800 123 456 ext. 8”.
            return gettext("Call %(number)s ext. %(extension)s") % {
                "number": display,
                "extension": extension,
            }
        return gettext("Call %(number)s") % {"number": display}
    if kind == ContactChannel.Kind.SMS:
        if keyword:
            return gettext("Text %(keyword)s to %(number)s") % {
                "keyword": keyword,
                "number": display,
            }
        return gettext("Text %(number)s") % {"number": display}
    if kind == ContactChannel.Kind.WHATSAPP:
        return gettext("WhatsApp %(number)s") % {"number": display}
    if kind == ContactChannel.Kind.EMAIL:
        return gettext("Email %(address)s") % {"address": display}
    if kind == ContactChannel.Kind.CHAT:
        return gettext("Start a web chat")
    return gettext("Visit the website")
