"""Factories for building pages and snippets in tests."""

from datetime import date

import factory
import wagtail_factories

from campaigns.models import CampaignPage
from resources.models import ContactChannel, Country, HelplinePage, Organisation, Topic


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")

    class Meta:
        model = Organisation


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class HelplinePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Test helpline {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "Someone to talk to."
    last_verified_on = factory.LazyFunction(date.today)

    class Meta:
        model = HelplinePage
        skip_postgeneration_save = True

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        self.countries.set(Country.objects.filter(code__in=extracted or ["GB"]))
        if create:
            self.save()


class ContactChannelFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(HelplinePageFactory)
    kind = ContactChannel.Kind.PHONE
    value = "+448001111"
    timezone = "Europe/London"
    languages = "en"

    class Meta:
        model = ContactChannel


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Campaign {n}")
    summary = "A campaign."
    start_date = date(2026, 1, 1)
    end_date = date(2026, 1, 31)

    class Meta:
        model = CampaignPage


def publish_helpline(parent, title, **channel_fields):
    """A helpline with one channel, published the way editors publish (firing the signals)."""
    helpline = HelplinePageFactory(parent=parent, title=title)
    ContactChannelFactory(page=helpline, **channel_fields)
    helpline.save_revision().publish()
    return helpline
