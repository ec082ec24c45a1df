"""Self-care guides."""

import math

from django import forms
from django.db import models
from django.db.models import Case, When
from django.utils.html import strip_tags

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase

from core.blocks import RICH_TEXT_FEATURES
from core.languages import InEveryLanguage, active_locale_id, one_version_each
from core.privacy import KnownPrivacy, public

from ..blocks import GuideStepBlock
from ..forms import OrganisationPageForm
from ..permissions import CLINICAL_REVIEW, OrganisationPage
from .directory import Organisation
from .helplines import HelplinePage
from .sections import SectionIndexPage
from .taxonomy import Topic


class TaggedGuide(ItemBase):
    tag = models.ForeignKey(Topic, related_name="tagged_guides", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "resources.GuidePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class GuideIndexPage(SectionIndexPage):
    subpage_types = ["resources.GuidePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Guides in the visitor's language first, then the English originals.
        in_another_language = Case(When(locale_id=active_locale_id(), then=0), default=1)
        guides = one_version_each(public(GuidePage.objects.live()))
        context["guides"] = guides.order_by(in_another_language, "title")
        return context


class GuidePage(KnownPrivacy, InEveryLanguage, OrganisationPage, Page):
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
            for link in self.helpline_links.select_related("helpline").prefetch_related(
                "helpline__channels"
            )
            if link.helpline.live
        ]


class GuideHelplineLink(Orderable):
    page = ParentalKey(GuidePage, related_name="helpline_links", on_delete=models.CASCADE)
    helpline = models.ForeignKey(HelplinePage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("helpline", "resources.HelplinePage")]
