from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase

from core.blocks import BodyBlock
from core.languages import InEveryLanguage, in_active_language, one_version_each
from core.privacy import KnownPrivacy, public
from resources.forms import OrganisationPageForm
from resources.models import Organisation, SectionIndexPage, Topic
from resources.permissions import OrganisationPage


class TaggedCampaign(ItemBase):
    tag = models.ForeignKey(Topic, related_name="tagged_campaigns", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "campaigns.CampaignPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CampaignIndexPage(SectionIndexPage):
    subpage_types = ["campaigns.CampaignPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        campaigns = one_version_each(public(CampaignPage.objects.live())).order_by("-start_date")
        today = timezone.localdate()
        context["live_campaigns"] = campaigns.filter(start_date__lte=today, end_date__gte=today)
        context["upcoming_campaigns"] = campaigns.filter(start_date__gt=today).order_by(
            "start_date"
        )
        context["past_campaigns"] = campaigns.filter(end_date__lt=today)
        return context


class CampaignPage(KnownPrivacy, InEveryLanguage, OrganisationPage, Page):
    class Status(models.TextChoices):
        # Shown on the public campaign pages and cards.
        UPCOMING = "upcoming", _("Upcoming")
        LIVE = "live", _("Live now")
        ENDED = "ended", _("Ended")

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        on_delete=models.PROTECT,
        related_name="published_campaigns",
        help_text="Who runs this campaign. Its editors can change it.",
    )
    start_date = models.DateField()
    end_date = models.DateField()
    summary = models.TextField(max_length=300)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_to_action = models.CharField(
        max_length=80,
        blank=True,
        help_text="The one thing you want people to do, e.g. “Take the 7-day reset”.",
    )
    call_to_action_page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    call_to_action_url = models.URLField(blank=True)
    body = StreamField(BodyBlock(), blank=True)
    partners = ParentalManyToManyField(Organisation, blank=True, related_name="campaigns")
    topics = ClusterTaggableManager(through=TaggedCampaign, blank=True)

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    base_form_class = OrganisationPageForm

    content_panels = Page.content_panels + [
        FieldPanel("organisation", widget=forms.Select),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading="Dates"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldPanel("call_to_action"),
                FieldPanel("call_to_action_page"),
                FieldPanel("call_to_action_url"),
            ],
            heading="Call to action",
        ),
        FieldPanel("body"),
        FieldPanel("topics"),
        FieldPanel("partners"),
        InlinePanel("toolkit_items", label="Toolkit downloads"),
        InlinePanel("related_links", label="Related guides and helplines"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields(
            "topics",
            [index.SearchField("name", boost=2), index.SearchField("synonyms")],
        ),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]

    class Meta:
        verbose_name = "campaign"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The campaign must end on or after the day it starts."
        if self.call_to_action and not (self.call_to_action_page or self.call_to_action_url):
            errors["call_to_action"] = (
                "Choose a page or enter a web address for the call to action."
            )
        if self.call_to_action_page and self.call_to_action_url:
            errors["call_to_action_url"] = "Use either a page or a web address, not both."
        if errors:
            raise ValidationError(errors)

    def status_on(self, day):
        if day < self.start_date:
            return self.Status.UPCOMING
        if day > self.end_date:
            return self.Status.ENDED
        return self.Status.LIVE

    @property
    def status(self):
        return self.status_on(timezone.localdate())

    @property
    def call_to_action_link(self):
        if self.call_to_action_page:
            return self.call_to_action_page.url
        return self.call_to_action_url

    @property
    def related_pages(self):
        """The live related guides and helplines, each in the active language where it is
        translated: one query for the links and one for each kind of page."""
        links = self.related_links.select_related("related_page")
        return in_active_language(link.related_page for link in links if link.related_page.live)


class CampaignToolkitItem(Orderable):
    """A download for supporters: a poster, a social media image, an assembly plan."""

    page = ParentalKey(CampaignPage, related_name="toolkit_items", on_delete=models.CASCADE)
    title = models.CharField(max_length=120)
    description = models.CharField(max_length=255, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("document"), FieldPanel("image")]),
    ]

    def clean(self):
        if bool(self.document) == bool(self.image):
            raise ValidationError("Choose either a document or an image to download.")

    @property
    def url(self):
        return self.document.url if self.document else self.image.file.url


class CampaignRelatedPage(Orderable):
    page = ParentalKey(CampaignPage, related_name="related_links", on_delete=models.CASCADE)
    related_page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("related_page", ["resources.GuidePage", "resources.HelplinePage"])]
