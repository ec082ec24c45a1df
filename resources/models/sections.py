"""The site's sections: one index page each under the home page."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from core.languages import InEveryLanguage, originals
from core.privacy import KnownPrivacy


class SectionIndexPage(KnownPrivacy, InEveryLanguage, Page):
    """A section's index (/helplines/, /guides/, /campaigns/, /topics/): an introduction,
    directly under the home page, once."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    @classmethod
    def original(cls):
        """The section's English original, which its translations follow."""
        return originals(cls.objects.all()).get()
