"""Editors cannot put pages in nonsensical places."""

from wagtail.models import Page

import pytest

from campaigns.models import CampaignIndexPage, CampaignPage
from home.models import ContentPage, HomePage
from resources.models import (
    GuideIndexPage,
    GuidePage,
    HelplineIndexPage,
    HelplinePage,
    TopicIndexPage,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "parent_model", "allowed"),
    [
        (HelplinePage, HelplineIndexPage, True),
        (HelplinePage, GuideIndexPage, False),
        (HelplinePage, HomePage, False),
        (GuidePage, GuideIndexPage, True),
        (GuidePage, HelplineIndexPage, False),
        (CampaignPage, CampaignIndexPage, True),
        (CampaignPage, HomePage, False),
        (ContentPage, HomePage, True),
        (ContentPage, ContentPage, True),
        (ContentPage, HelplinePage, False),
        (HelplineIndexPage, HomePage, False),  # only one directory
        (TopicIndexPage, HomePage, False),  # only one topic index
        (GuidePage, GuidePage, False),
    ],
)
def test_where_pages_can_be_created(model, parent_model, allowed):
    parent = parent_model.objects.first()
    assert model.can_create_at(parent) is allowed


def test_only_one_home_page():
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_leaf_pages_have_no_children():
    for model in (HelplinePage, GuidePage, CampaignPage, TopicIndexPage):
        assert model.allowed_subpage_models() == []
