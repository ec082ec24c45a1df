from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from core.blocks import BodyBlock
from core.languages import InEveryLanguage, in_active_language, one_version_each
from core.privacy import KnownPrivacy, public


class HomePage(KnownPrivacy, InEveryLanguage, Page):
    heading = models.CharField(max_length=120, default="Find help that fits")
    intro = models.TextField(
        blank=True, max_length=300, help_text="One or two sentences under the heading."
    )

    content_panels = Page.content_panels + [
        FieldPanel("heading"),
        FieldPanel("intro"),
        InlinePanel("featured_topics", label="Featured topics", max_num=12),
        InlinePanel("featured_guides", label="Featured guides", max_num=6),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "resources.HelplineIndexPage",
        "resources.GuideIndexPage",
        "resources.TopicIndexPage",
        "campaigns.CampaignIndexPage",
        "home.ContentPage",
    ]
    max_count = 1

    def route(self, request, path_components):
        """Finds the deepest page an address names in one query, where Wagtail asks for each
        level of the tree in turn; that page routes what is left, as a topic under the topic
        index's own routes. The same page is reached as by Wagtail's walk, live or not."""
        addresses = [
            f"{self.url_path}{'/'.join(path_components[:depth])}/"
            for depth in range(1, len(path_components) + 1)
        ]
        deepest = Page.objects.filter(url_path__in=addresses).order_by("-depth").first()
        if deepest is None:
            return super().route(request, path_components)
        return deepest.specific.route(request, path_components[deepest.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        from campaigns.models import CampaignPage

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context["live_campaigns"] = (
            one_version_each(public(CampaignPage.objects.live()))
            .filter(start_date__lte=today, end_date__gte=today)
            .order_by("end_date")
        )
        # Read only when the page's content is rendered, not when it comes from its fragment.
        context["topics"] = SimpleLazyObject(
            lambda: [item.topic for item in self.featured_topics.select_related("topic")]
        )
        context["guides"] = SimpleLazyObject(
            lambda: in_active_language(
                item.guide
                for item in self.featured_guides.select_related("guide")
                if item.guide.live
            )
        )
        return context


class HomeFeaturedTopic(Orderable):
    page = ParentalKey(HomePage, related_name="featured_topics", on_delete=models.CASCADE)
    topic = models.ForeignKey("resources.Topic", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("topic")]


class HomeFeaturedGuide(Orderable):
    page = ParentalKey(HomePage, related_name="featured_guides", on_delete=models.CASCADE)
    guide = models.ForeignKey("resources.GuidePage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("guide", "resources.GuidePage")]


class ContentPage(KnownPrivacy, InEveryLanguage, Page):
    """A plain information page, such as “About Waymark”."""

    summary = models.TextField(blank=True, max_length=300)
    body = StreamField(BodyBlock())

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]
