"""What the admin's page editor posts for each page type, for tests that edit pages."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from resources.models import Country, Organisation


def helpline_post(channels, **overrides):
    data = {
        "title": "Test line",
        "slug": "test-line",
        "organisation": Organisation.objects.get(name="Samaritans").pk,
        "summary": "A line for testing.",
        "countries": (Country.objects.get(code="GB").pk,),
        "regions": "",
        "topics": "",
        "description": rich_text(""),
        "confidentiality": "",
        "status": "active",
        "status_note": "",
        "last_verified_on": "",
        "verified_by": "",
        "review_interval_days": "180",
        "external_id": "",
        "channels": inline_formset(channels),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def channel(**fields):
    data = {
        "kind": "phone",
        "value": "0800 1111",
        "extension": "",
        "label": "",
        "keyword": "",
        "timezone": "Europe/London",
        "open_24_7": "",
        "hours": streamfield([]),
        "languages": "en",
        "cost": "",
        "notes": "",
    }
    data.update(fields)
    return data


def guide_post(**overrides):
    data = {
        "title": "Test guide",
        "slug": "test-guide",
        "organisation": Organisation.objects.get(name="Samaritans").pk,
        "summary": "A guide for testing.",
        "topics": "",
        "steps": streamfield(
            [("step", {"heading": "Breathe", "body": rich_text("<p>Slowly.</p>")})]
        ),
        "more_help": rich_text("<p>Call a helpline.</p>"),
        "helpline_links": inline_formset([]),
        "reviewed_by": "",
        "reviewed_on": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def campaign_post(**overrides):
    data = {
        "title": "Test campaign",
        "slug": "test-campaign",
        "organisation": Organisation.objects.get(name="Samaritans").pk,
        "start_date": "2026-01-01",
        "end_date": "2026-01-31",
        "summary": "A campaign for testing.",
        "hero_image": "",
        "call_to_action": "",
        "call_to_action_page": "",
        "call_to_action_url": "",
        "body": streamfield([]),
        "topics": "",
        "toolkit_items": inline_formset([]),
        "related_links": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)
