"""The shared taxonomy: topics (with synonyms, a crisis flag and their words in other
languages) and audiences, and the topic pages at /topics/.

A topic is one row in every language: a Spanish guide and an English one are tagged with
the same topic, and each language's name, description and synonyms are the topic's
translations (shown in the page's language, and read by the finder in every language)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import translation

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TagBase

from core.catalogue import VersionedCache
from core.languages import address_in
from core.models import InAnotherLanguage

from .sections import SectionIndexPage


def topic_url(slug):
    """A topic's page: /topics/<slug>/ is part of the public URL contract (served by
    TopicIndexPage)."""
    return f"/topics/{slug}/"


def split_synonyms(synonyms):
    return [word.strip() for word in synonyms.replace("\n", ",").split(",") if word.strip()]


class Topic(index.Indexed, ClusterableModel, TagBase):
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
        InlinePanel("translations", heading="In other languages", label="Language"),
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
        return split_synonyms(self.synonyms)

    def in_active_language(self):
        """This topic's translation into the active language, or None (English, or not
        translated yet)."""
        return _translations.get().topics.get((self.slug, translation.get_language()))

    @property
    def local_name(self):
        translated = self.in_active_language()
        return translated.name if translated else self.name

    @property
    def local_description(self):
        translated = self.in_active_language()
        return translated.description if translated and translated.description else self.description

    @property
    def local_synonym_list(self):
        translated = self.in_active_language()
        if translated and translated.synonyms:
            return split_synonyms(translated.synonyms)
        return self.synonym_list

    def words_in_every_language(self):
        """Its names and synonyms in every language: what people may type for it."""
        words = [self.name, *self.synonym_list]
        for translated in self.translations.all():
            words += [translated.name, *split_synonyms(translated.synonyms)]
        return words


class TopicTranslation(InAnotherLanguage):
    """A topic's words in another language."""

    topic = ParentalKey(Topic, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, max_length=400)
    synonyms = models.TextField(
        blank=True, help_text="Words people use for this topic in this language, as above."
    )

    panels = [
        FieldPanel("language"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "language"], name="one_topic_translation_per_language"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"


class TaxonomyTranslations:
    """Every topic's and audience's translations by (slug, language), read once per
    catalogue version: pages show their names in the page's language at no cost."""

    def __init__(self, version):
        self.version = version
        self.topics = {
            (translated.topic.slug, translated.language): translated
            for translated in TopicTranslation.objects.select_related("topic")
        }
        self.audiences = {
            (translated.audience.slug, translated.language): translated
            for translated in AudienceTranslation.objects.select_related("audience")
        }


_translations = VersionedCache(TaxonomyTranslations)


def local_topic_name(slug, english_name):
    """The name of the topic `slug` in the active language (`english_name` if none)."""
    translated = _translations.get().topics.get((slug, translation.get_language()))
    return translated.name if translated else english_name


def local_audience_name(slug, english_name):
    """The name of the audience `slug` in the active language (`english_name` if none)."""
    translated = _translations.get().audiences.get((slug, translation.get_language()))
    return translated.name if translated else english_name


class Audience(ClusterableModel):
    """Who a helpline is for: children, young people, parents and carers, LGBTQ+…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        InlinePanel("translations", heading="In other languages", label="Language"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def local_name(self):
        return local_audience_name(self.slug, self.name)


class AudienceTranslation(InAnotherLanguage):
    """An audience's name in another language."""

    audience = ParentalKey(Audience, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)

    panels = [FieldPanel("language"), FieldPanel("name")]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "language"], name="one_audience_translation_per_language"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"


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
