import math
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
)
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase, TagBase

from core.blocks import RICH_TEXT_FEATURES

from .blocks import GuideStepBlock, OpeningHoursBlock
from .forms import CountryForm, HelplinePageForm, OrganisationPageForm
from .opening_hours import HasOpeningHours, WeeklyHours, known_timezones
from .permissions import CLINICAL_REVIEW, OrganisationPage
from .validators import (
    language_name,
    normalise_language_codes,
    normalise_region_codes,
    phone_for_dialling,
    phone_for_display,
    validate_country_code,
)


def default_review_interval():
    return settings.WAYMARK_REVIEW_INTERVAL_DAYS


TIMEZONE_CHOICES = [(name, name.replace("_", " ")) for name in sorted(known_timezones())]


class Topic(index.Indexed, TagBase):
    """One shared taxonomy for helplines, guides and campaigns."""

    # Editors choose from the list; new topics are created deliberately, as snippets.
    free_tagging = False

    description = models.TextField(
        blank=True, max_length=400, help_text="One or two sentences, in plain language."
    )
    synonyms = models.TextField(
        blank=True,
        help_text=(
            "Words people actually use for this topic, one per line or separated by commas "
            "(e.g. trolling, mean comments). Search uses them."
        ),
    )
    is_crisis = models.BooleanField(
        default=False,
        help_text="Crisis topics (suicidal thoughts, self-harm) lead with crisis lines.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
        FieldPanel("is_crisis"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("synonyms"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"

    def clean(self):
        duplicate = Topic.objects.filter(name__iexact=self.name).exclude(pk=self.pk).first()
        if duplicate:
            raise ValidationError(
                {"name": f"“{duplicate.name}” already exists. Topics are one shared list."}
            )

    def get_absolute_url(self):
        # /topics/<slug>/ is part of the public URL contract (served by TopicIndexPage).
        return f"/topics/{self.slug}/"

    @property
    def synonym_list(self):
        return [
            word.strip() for word in self.synonyms.replace("\n", ",").split(",") if word.strip()
        ]


class TaggedHelpline(ItemBase):
    tag = models.ForeignKey(Topic, related_name="tagged_helplines", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "resources.HelplinePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class TaggedGuide(ItemBase):
    tag = models.ForeignKey(Topic, related_name="tagged_guides", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "resources.GuidePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class Organisation(index.Indexed, models.Model):
    """Who runs a service or publishes content."""

    name = models.CharField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(blank=True)
    editors = models.OneToOneField(
        "auth.Group",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="organisation",
        help_text="Members may edit this organisation's helplines, guides and campaigns.",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="organisation",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Audience(models.Model):
    """Who a helpline is for: children, young people, parents and carers, LGBTQ+…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Country(ClusterableModel):
    """A country's emergency numbers and the crisis lines to lead with there."""

    code = models.CharField(
        "ISO code",
        max_length=2,
        unique=True,
        validators=[validate_country_code],
        help_text="ISO 3166-1 alpha-2 code, e.g. GB, IE, US.",
    )
    name = models.CharField(max_length=100)

    base_form_class = CountryForm
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        InlinePanel("emergency_numbers", label="Emergency numbers", min_num=1),
        InlinePanel(
            "crisis_lines",
            label="Crisis lines to show first",
            help_text="24/7 lines for people at risk right now, in the order to show them.",
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    @property
    def primary_emergency_number(self):
        first = self.emergency_numbers.first()
        return first.number if first else None


class EmergencyNumber(Orderable):
    country = ParentalKey(Country, related_name="emergency_numbers", on_delete=models.CASCADE)
    number = models.CharField(max_length=20)
    label = models.CharField(
        max_length=100, default="Police, fire and ambulance", help_text="What this number is for."
    )

    panels = [FieldPanel("number"), FieldPanel("label")]

    @property
    def dial(self):
        return phone_for_dialling(self.number)


class CountryCrisisLine(Orderable):
    country = ParentalKey(Country, related_name="crisis_lines", on_delete=models.CASCADE)
    helpline = models.ForeignKey(
        "resources.HelplinePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("helpline", "resources.HelplinePage")]


class HelplineIndexPage(Page):
    """The helpline directory at /helplines/."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.HelplinePage"]
    max_count = 1


class HelplinePage(OrganisationPage, Page):
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

    base_form_class = HelplinePageForm
    parent_page_types = ["resources.HelplineIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("organisation", widget=forms.Select),
        FieldPanel("summary"),
        InlinePanel("channels", label="Ways to get in touch", min_num=1),
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

    page = ParentalKey(HelplinePage, related_name="channels", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(
        max_length=255,
        help_text="Phone number, text number, web address or email address.",
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
        max_length=100, default="en", help_text="ISO 639-1 codes, e.g. “en cy”."
    )
    cost = models.CharField(
        max_length=200, blank=True, help_text="E.g. “Free from mobiles and landlines”."
    )
    notes = models.TextField(blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("label"), FieldPanel("keyword")]),
        FieldRowPanel([FieldPanel("timezone"), FieldPanel("open_24_7")]),
        FieldPanel("hours"),
        FieldRowPanel([FieldPanel("languages"), FieldPanel("cost")]),
        FieldPanel("notes"),
    ]

    def clean(self):
        errors = {}
        value = (self.value or "").strip()
        if self.kind in (self.Kind.CHAT, self.Kind.WEB):
            try:
                URLValidator(schemes=["https", "http"])(value)
            except ValidationError:
                errors["value"] = "Enter a full web address starting with https://."
        elif self.kind == self.Kind.EMAIL:
            try:
                EmailValidator()(value)
            except ValidationError:
                errors["value"] = "Enter an email address such as help@example.org."
        self.value = value
        try:
            self.languages = normalise_language_codes(self.languages)
        except ValidationError as error:
            errors["languages"] = error.messages
        if not self.languages and "languages" not in errors:
            errors["languages"] = "Enter at least one language, e.g. en."
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
            return f"tel:{phone_for_dialling(self.value)}"
        if self.kind == self.Kind.SMS:
            body = f"?body={self.keyword}" if self.keyword else ""
            return f"sms:{phone_for_dialling(self.value)}{body}"
        if self.kind == self.Kind.WHATSAPP:
            return f"https://wa.me/{phone_for_dialling(self.value).lstrip('+')}"
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        return self.value

    @property
    def action(self):
        """The words on the one-tap link."""
        display = self.display_value
        if self.kind == self.Kind.PHONE:
            return f"Call {display}"
        if self.kind == self.Kind.SMS:
            return f"Text {self.keyword} to {display}" if self.keyword else f"Text {display}"
        if self.kind == self.Kind.WHATSAPP:
            return f"WhatsApp {display}"
        if self.kind == self.Kind.EMAIL:
            return f"Email {display}"
        if self.kind == self.Kind.CHAT:
            return "Start a web chat"
        return "Visit the website"

    @property
    def language_names(self):
        return [language_name(code) for code in self.languages.split()]


class GuideIndexPage(Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.GuidePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = GuidePage.objects.child_of(self).live().public().order_by("title")
        return context


class GuidePage(OrganisationPage, Page):
    review_workflow = CLINICAL_REVIEW

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        on_delete=models.PROTECT,
        related_name="guides",
        help_text="Who publishes this guide. Its editors can change it.",
    )
    summary = models.TextField(max_length=300)
    steps = StreamField([("step", GuideStepBlock())])
    more_help = RichTextField(
        "When to get more help",
        features=RICH_TEXT_FEATURES,
        help_text="Signs that self-care is not enough, and what to do then.",
    )
    topics = ClusterTaggableManager(through=TaggedGuide, blank=True)
    reviewed_by = models.CharField(
        max_length=200, blank=True, help_text="Name and role, e.g. “Dr Sam Lee, psychologist”."
    )
    reviewed_on = models.DateField(null=True, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    parent_page_types = ["resources.GuideIndexPage"]
    subpage_types = []

    base_form_class = OrganisationPageForm

    content_panels = Page.content_panels + [
        FieldPanel("organisation", widget=forms.Select),
        FieldPanel("summary"),
        FieldPanel("topics"),
        FieldPanel("steps"),
        FieldPanel("more_help"),
        InlinePanel("helpline_links", label="Helplines to suggest"),
        FieldRowPanel([FieldPanel("reviewed_by"), FieldPanel("reviewed_on")], heading="Review"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("steps"),
        index.SearchField("more_help"),
        index.RelatedFields(
            "topics",
            [index.SearchField("name", boost=2), index.SearchField("synonyms")],
        ),
    ]

    class Meta:
        verbose_name = "self-care guide"

    WORDS_PER_MINUTE = 200

    def save(self, *args, **kwargs):
        text = " ".join([self.summary, strip_tags(str(self.steps)), strip_tags(self.more_help)])
        self.reading_minutes = max(1, math.ceil(len(text.split()) / self.WORDS_PER_MINUTE))
        return super().save(*args, **kwargs)

    @property
    def suggested_helplines(self):
        return [
            link.helpline
            for link in self.helpline_links.select_related("helpline")
            if link.helpline.live
        ]


class GuideHelplineLink(Orderable):
    page = ParentalKey(GuidePage, related_name="helpline_links", on_delete=models.CASCADE)
    helpline = models.ForeignKey(HelplinePage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("helpline", "resources.HelplinePage")]


class TopicIndexPage(RoutablePageMixin, Page):
    """/topics/ lists every topic; /topics/<slug>/ gathers everything on one topic."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    @path("")
    def topic_list(self, request):
        return self.render(request, context_overrides={"topics": Topic.objects.all()})

    @path("<slug:slug>/", name="topic")
    def topic_detail(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        return self.render(
            request, context_overrides={"topic": topic}, template="resources/topic_page.html"
        )


class ProblemReport(models.Model):
    """Someone telling an organisation that a helpline's details are wrong. Anonymous: the
    form asks for nothing about the person and nothing about them is stored."""

    class Kind(models.TextChoices):
        NOT_WORKING = "not_working", "The number, address or link doesn't work"
        HOURS_WRONG = "hours_wrong", "The opening hours are wrong"
        CLOSED = "closed", "The service has closed or moved"
        DETAILS_WRONG = "details_wrong", "Something else is wrong"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    helpline = models.ForeignKey(
        HelplinePage, on_delete=models.CASCADE, related_name="problem_reports"
    )
    channel = models.ForeignKey(
        ContactChannel,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The way of getting in touch the report is about, if the reporter said.",
    )
    kind = models.CharField("What's wrong", max_length=20, choices=Kind.choices)
    details = models.TextField(blank=True, max_length=1000)
    reported_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(
        blank=True, help_text="What you checked or changed. Only editors see this."
    )
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("status"), FieldPanel("resolution")]

    class Meta:
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["status", "-reported_at"])]

    def __str__(self):
        return f"{self.helpline.title}: {self.get_kind_display()}"


class PendingImport(models.Model):
    """An uploaded file between its preview and the editor's confirmation. Kept in the
    database, not a per-process cache, so any worker can take the confirmation."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    publish = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    LIFETIME = timedelta(minutes=30)

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @classmethod
    def waiting(cls):
        """Uploads still waiting for confirmation; older ones have expired."""
        return cls.objects.filter(uploaded_at__gte=timezone.now() - cls.LIFETIME)

    @classmethod
    def forget_expired(cls):
        cls.objects.filter(uploaded_at__lt=timezone.now() - cls.LIFETIME).delete()
