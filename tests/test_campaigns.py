from datetime import date

from django.core.exceptions import ValidationError

import pytest

from campaigns.models import CampaignPage


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2025, 12, 31), CampaignPage.Status.UPCOMING),
        (date(2026, 1, 1), CampaignPage.Status.LIVE),
        (date(2026, 1, 31), CampaignPage.Status.LIVE),
        (date(2026, 2, 1), CampaignPage.Status.ENDED),
    ],
)
def test_status_follows_the_dates(day, status):
    campaign = CampaignPage(start_date=date(2026, 1, 1), end_date=date(2026, 1, 31))
    assert campaign.status_on(day) == status


def test_campaign_cannot_end_before_it_starts():
    campaign = CampaignPage(
        title="Backwards",
        slug="backwards",
        summary="x",
        start_date=date(2026, 2, 1),
        end_date=date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        campaign.clean()
    assert "end on or after" in str(error.value)


def test_call_to_action_needs_a_destination():
    campaign = CampaignPage(
        title="No link",
        slug="no-link",
        summary="x",
        call_to_action="Do it",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 1, 2),
    )
    with pytest.raises(ValidationError) as error:
        campaign.clean()
    assert "Choose a page or enter a web address" in str(error.value)
