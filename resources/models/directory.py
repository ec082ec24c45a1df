"""Who runs the services and where they are: organisations, and countries with their
emergency numbers and crisis lines."""

from django.conf import settings
from django.db import models
from django.utils import translation

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.models import Orderable
from wagtail.search import index

import pycountry
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from core.models import InAnotherLanguage

from ..forms import CountryForm
from ..validators import (
    iso_translations,
    phone_for_dialling,
    validate_country_code,
)


class Organisation(index.Indexed, ClusterableModel):
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
        InlinePanel("translations", heading="In other languages", label="Description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def local_description(self):
        """The description in the active language where it has been translated."""
        language = translation.get_language()
        found = [t.description for t in self.translations.all() if t.language == language]
        return found[0] if found else self.description


class OrganisationTranslation(InAnotherLanguage):
    """An organisation's description in another language (its name stays as it is)."""

    organisation = ParentalKey(Organisation, related_name="translations", on_delete=models.CASCADE)
    description = models.TextField()

    panels = [FieldPanel("language"), FieldPanel("description")]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language"],
                name="one_organisation_translation_per_language",
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.language})"


def country_name(code, english_name):
    """The country `code` in the active language; in English, its name as editors wrote it
    (`english_name`), which is also the answer when no translation is known."""
    language = translation.get_language()
    country = pycountry.countries.get(alpha_2=code)
    if language == settings.LANGUAGE_CODE or country is None:
        return english_name
    translated = iso_translations("iso3166-1", language).gettext(country.name)
    return english_name if translated == country.name else translated


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
        InlinePanel(
            "label_translations",
            heading="Emergency numbers in other languages",
            label="Label",
            help_text="What each emergency number is for, in the other languages.",
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    @property
    def local_name(self):
        return country_name(self.code, self.name)

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


class EmergencyLabelTranslation(InAnotherLanguage):
    """What one of a country's emergency numbers is for, in another language."""

    country = ParentalKey(Country, related_name="label_translations", on_delete=models.CASCADE)
    number = models.CharField(max_length=20, help_text="One of the numbers above, e.g. 999.")
    label = models.CharField(max_length=100)

    panels = [FieldPanel("number"), FieldPanel("language"), FieldPanel("label")]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "number", "language"],
                name="one_emergency_label_per_number_and_language",
            )
        ]


class CountryCrisisLine(Orderable):
    country = ParentalKey(Country, related_name="crisis_lines", on_delete=models.CASCADE)
    helpline = models.ForeignKey(
        "resources.HelplinePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("helpline", "resources.HelplinePage")]
