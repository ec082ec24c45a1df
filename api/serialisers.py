"""Published pages and snippets as the plain data the API schemas describe.

Every function takes the request (for absolute URLs) and, where opening hours matter, the
moment the request is answered, so one response is consistent with itself.
"""

from wagtail.rich_text import expand_db_html

from campaigns.models import CampaignPage
from resources.models import GuidePage, HelplinePage


def absolute_url(request, page):
    return request.build_absolute_uri(page.get_url(request))


def topic_refs(page):
    return [{"slug": item.tag.slug, "name": item.tag.name} for item in page.tagged_items.all()]


def channel_data(channel, now):
    status = channel.status(now)
    hours = channel.weekly_hours
    return {
        "kind": channel.kind,
        "value": channel.value,
        "display_value": channel.display_value,
        "extension": channel.extension,
        "href": channel.href,
        "action": channel.action,
        "label": channel.label,
        "keyword": channel.keyword,
        "languages": channel.languages.split(),
        "cost": channel.cost,
        "notes": channel.notes,
        "timezone": channel.timezone,
        "open_24_7": channel.open_24_7,
        "hours": [
            {
                "day": window.day,
                "opens": window.opens.strftime("%H:%M"),
                "closes": window.closes.strftime("%H:%M"),
                "closes_next_day": window.closes_next_day,
            }
            for window in hours.windows
        ],
        "hours_text": [{"days": days, "hours": text} for days, text in hours.describe()]
        if channel.has_hours
        else [],
        "open_now": None if status is None else status.is_open,
        "status_text": channel.status_text(now),
        "next_change": None if status is None else status.changes_at,
    }


def helpline_summary(request, page, now):
    channels = [channel_data(channel, now) for channel in page.channels.all()]
    return {
        "id": page.pk,
        "slug": page.slug,
        "url": absolute_url(request, page),
        "name": page.title,
        "summary": page.summary,
        "organisation": {"id": page.organisation.pk, "name": page.organisation.name},
        "topics": topic_refs(page),
        "countries": page.country_codes,
        "open_now": any(channel["open_now"] for channel in channels),
        "is_24_7": page.is_24_7,
        "channels": channels,
    }


def helpline_detail(request, page, now):
    return {
        **helpline_summary(request, page, now),
        "regions": page.regions.split(),
        "audiences": [audience.slug for audience in page.audiences.all()],
        "description_html": expand_db_html(page.description),
        "confidentiality": page.confidentiality,
        "status": page.status,
        "status_note": page.status_note,
        "last_verified": page.last_verified_on,
        "verification_overdue": page.is_stale,
        "last_published": page.last_published_at,
    }


def page_basics(request, page):
    """What every guide and campaign starts with (read through one_version_each: its id is
    the English original's in every language)."""
    return {
        "id": page.original_pk,
        "slug": page.slug,
        "url": absolute_url(request, page),
        "title": page.title,
        "summary": page.summary,
        "topics": topic_refs(page),
    }


def guide_summary(request, page):
    return {**page_basics(request, page), "reading_minutes": page.reading_minutes}


def guide_detail(request, page, now):
    helplines = [link.helpline for link in page.helpline_links.all() if link.helpline.live]
    return {
        **guide_summary(request, page),
        "steps": [
            {"heading": step.value["heading"], "body_html": str(step.value["body"])}
            for step in page.steps
        ],
        "more_help_html": expand_db_html(page.more_help),
        "helplines": [helpline_summary(request, line, now) for line in helplines],
        "reviewed_by": page.reviewed_by,
        "reviewed_on": page.reviewed_on,
        "last_published": page.last_published_at,
    }


def campaign_summary(request, page):
    return {
        **page_basics(request, page),
        "start_date": page.start_date,
        "end_date": page.end_date,
        "status": page.status,
    }


def campaign_detail(request, page):
    link = page.call_to_action_link
    related = [item.related_page.specific for item in page.related_links.all()]
    return {
        **campaign_summary(request, page),
        "call_to_action": page.call_to_action,
        "call_to_action_url": request.build_absolute_uri(link) if link else "",
        "body_html": str(page.body),
        "partners": [{"id": org.pk, "name": org.name} for org in page.partners.all()],
        "toolkit": [
            {
                "title": item.title,
                "description": item.description,
                "url": request.build_absolute_uri(item.url),
                "kind": "document" if item.document else "image",
            }
            for item in page.toolkit_items.all()
        ],
        "related": [
            {
                "type": RELATED_TYPES.get(type(related_page), "page"),
                "id": related_page.pk,
                "title": related_page.title,
                "url": absolute_url(request, related_page),
            }
            for related_page in related
            if related_page.live
        ],
        "last_published": page.last_published_at,
    }


RELATED_TYPES = {HelplinePage: "helpline", GuidePage: "guide", CampaignPage: "campaign"}


def topic_data(request, topic):
    return {
        "slug": topic.slug,
        "name": topic.local_name,
        "description": topic.local_description,
        "synonyms": topic.local_synonym_list,
        "is_crisis": topic.is_crisis,
        "url": request.build_absolute_uri(topic.get_absolute_url()),
    }


def organisation_data(organisation):
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "website": organisation.website,
        "description": organisation.local_description,
        "helplines": organisation.live_helplines,
    }


def emergency_numbers(country):
    if country is None:
        return []
    return [
        {"number": number.number, "dial": number.dial, "label": number.label}
        for number in country.emergency_numbers.all()
    ]
