from io import StringIO

from django.apps import apps
from django.core.management import call_command

import pytest

from campaigns.models import CampaignPage
from resources.models import ContactChannel, Country, GuidePage, HelplinePage, Topic

pytestmark = pytest.mark.django_db


def test_demo_site_is_big_and_varied_enough():
    helplines = HelplinePage.objects.live()
    assert helplines.count() >= 20
    assert Country.objects.filter(helplines__isnull=False).distinct().count() >= 6
    languages = {
        code for channel in ContactChannel.objects.all() for code in channel.languages.split()
    }
    assert len(languages) >= 3
    kinds = set(ContactChannel.objects.values_list("kind", flat=True))
    assert {"phone", "sms", "chat", "email", "web"} <= kinds
    channels = list(ContactChannel.objects.all())
    assert any(channel.open_24_7 for channel in channels)
    assert any(
        window.closes_next_day for channel in channels for window in channel.weekly_hours.windows
    ), "at least one overnight line"
    assert any(
        channel.has_hours and not channel.weekly_hours.covers_whole_week() for channel in channels
    ), "at least one line with office hours"
    assert GuidePage.objects.live().count() >= 8
    statuses = {campaign.status for campaign in CampaignPage.objects.live()}
    assert {CampaignPage.Status.LIVE, CampaignPage.Status.UPCOMING} <= statuses


def test_topics_cover_digital_wellbeing_with_synonyms():
    slugs = set(Topic.objects.values_list("slug", flat=True))
    assert {
        "cyberbullying",
        "online-harassment",
        "social-comparison",
        "self-esteem",
        "screen-time",
        "belonging",
        "creativity",
        "anxiety",
        "loneliness",
        "suicidal-thoughts",
        "self-harm",
    } <= slugs
    assert all(topic.synonym_list for topic in Topic.objects.all())
    assert set(Topic.objects.filter(is_crisis=True).values_list("slug", flat=True)) == {
        "suicidal-thoughts",
        "self-harm",
    }


def test_every_country_has_an_emergency_number_and_crisis_lines():
    for country in Country.objects.all():
        assert country.primary_emergency_number, country
        assert country.crisis_lines.count() >= 2, country
        for line in country.crisis_lines.all():
            assert line.helpline.is_24_7, f"{line.helpline} is listed as a crisis line"


def test_demo_helplines_are_labelled_as_sample_data():
    for helpline in HelplinePage.objects.all():
        assert "Re-verify" in helpline.description


def test_loading_twice_changes_nothing():
    def snapshot():
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label not in {"sessions", "admin"}
        }

    before = snapshot()
    output = StringIO()
    call_command("load_demo_content", stdout=output)
    assert snapshot() == before
    assert "0 items created" in output.getvalue()
    assert "[  1/" in output.getvalue(), "the command shows progress"
