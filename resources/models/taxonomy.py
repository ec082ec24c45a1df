"""The shared taxonomy: topics (with synonyms and a crisis flag) and audiences, and the
topic pages at /topics/."""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404

from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from taggit.models import TagBase

from core.languages import address_in

from .sections import SectionIndexPage


def topic_url(slug):
    """A topic's page: /topics/<slug>/ is part of the public URL contract (served by
    TopicIndexPage)."""
    return f"/topics/{slug}/"


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
        """The topic's page in the active language."""
        return address_in(topic_url(self.slug))

    @property
    def synonym_list(self):
        return [
            word.strip() for word in self.synonyms.replace("\n", ",").split(",") if word.strip()
        ]


class Audience(models.Model):
    """Who a helpline is for: children, young people, parents and carers, LGBTQ+…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TopicIndexPage(RoutablePageMixin, SectionIndexPage):
    """/topics/ lists every topic; /topics/<slug>/ gathers everything on one topic."""

    subpage_types = []

    @path("")
    def topic_list(self, request):
        return self.render(request, context_overrides={"topics": Topic.objects.all()})

    @path("<slug:slug>/", name="topic")
    def topic_detail(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        return self.render(
            request, context_overrides={"topic": topic}, template="resources/topic_page.html"
        )
