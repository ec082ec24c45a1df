"""The helpline directory as Open Referral HSDS 3.0 (https://openreferral.org/), both ways.

One HSDS service per published helpline, from its organisation, contact channels (phones,
schedules, languages), countries served (service areas) and topics (taxonomy terms in the
"Waymark topics" taxonomy). HSDS identifiers are UUIDs: ours are made from Waymark's own
ids, so they never change between exports, and a service's UUID leads back to its page.

Reading HSDS (the importer's `read_hsds`) checks each service against the HSDS schema, then
turns it into a record: channels from its phones, hours from its weekly schedules.
"""

import uuid

from django.utils import translation
from django.utils.html import strip_tags

from .models import ContactChannel
from .opening_hours import DAY_NAMES
from .validators import language_base, language_name

HSDS_VERSION = "3.0"
# Things with their own endpoint get a UUID of a fixed prefix and the hexadecimal primary
# key; their parts (schedules, languages…) get a name-based UUID in NAMESPACE.
PREFIXES = {
    "helpline": "7761796d-6172-4b00-8001",
    "organisation": "7761796d-6172-4b00-8002",
    "topic": "7761796d-6172-4b00-8003",
    "taxonomy": "7761796d-6172-4b00-8004",
}
NAMESPACE = uuid.UUID("6a1f3c2e-5b7d-4e8a-9c0f-2d4b6e8a0c1e")
TAXONOMY_NAME = "Waymark topics"
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
PHONE_TYPES = {
    ContactChannel.Kind.PHONE: "voice",
    ContactChannel.Kind.SMS: "text",
    ContactChannel.Kind.WHATSAPP: "text",
}


def action_in_english(channel):
    """The words on a channel's link (“Call 116 123”) as written, whatever language the
    page or request is in: HSDS values are the same for everyone."""
    with translation.override(None):
        return channel.action


def entity_id(kind, pk):
    return f"{PREFIXES[kind]}-{pk:012x}"


def entity_pk(kind, value):
    """The primary key in one of our UUIDs of `kind`, or None if it is not one."""
    prefix, _, number = str(value).lower().rpartition("-")
    if prefix != PREFIXES[kind] or len(number) != 12:
        return None
    try:
        return int(number, 16)
    except ValueError:
        return None


def part_id(name):
    return str(uuid.uuid5(NAMESPACE, name))


TAXONOMY_ID = entity_id("taxonomy", 1)


def text(value):
    """A value of an HSDS document as one line of text ("" for null)."""
    return " ".join(str(value).split()) if value is not None else ""


def is_empty(value):
    """Whether an HSDS field says nothing: null, "", [] or {}."""
    return value is None or value == "" or value == [] or value == {}


def text_of(html):
    return " ".join(strip_tags(html).split())


def taxonomy(request):
    return {
        "id": TAXONOMY_ID,
        "name": TAXONOMY_NAME,
        "description": "The topics Waymark's helplines, guides and campaigns share.",
        "uri": request.build_absolute_uri("/topics/"),
        "version": "1",
    }


def taxonomy_term(request, topic):
    """A topic as a taxonomy term, in the language asked for where it has been translated:
    the one place HSDS gives text a language."""
    translated = topic.in_active_language()
    return {
        "id": entity_id("topic", topic.pk),
        "code": topic.slug,
        "name": topic.local_name,
        "description": topic.local_description or topic.local_name,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "language": language_base(translation.get_language()) if translated else "en",
        "term_uri": request.build_absolute_uri(topic.get_absolute_url()),
    }


def organization(request, organisation, services=()):
    data = {
        "id": entity_id("organisation", organisation.pk),
        "name": organisation.name,
        "description": organisation.description or organisation.name,
    }
    if organisation.website:
        data["website"] = organisation.website
    if services:
        data["services"] = list(services)
    return data


def schedules(service_id, channel):
    """One weekly schedule per run of days that share hours, for each channel with hours.

    HSDS times are local; the channel's IANA zone is given in the notes because HSDS 3.0
    only has a numeric offset, which cannot follow daylight saving.
    """
    hours = channel.weekly_hours
    what = f"{channel.get_kind_display()} {channel.display_value}"
    notes = f"Times are local to {channel.timezone}."
    if hours.covers_whole_week():
        return [
            {
                "id": part_id(f"schedule:{channel.pk}:always"),
                "service_id": service_id,
                "freq": "WEEKLY",
                "byday": ",".join(DAY_CODES),
                "opens_at": "00:00",
                "closes_at": "00:00",
                "description": f"{what}: open 24 hours, every day.",
                "notes": notes,
            }
        ]
    by_times = {}
    for window in hours.windows:
        times = (window.opens.strftime("%H:%M"), window.closes.strftime("%H:%M"))
        by_times.setdefault(times, []).append(window.day)
    found = []
    for (opens, closes), days in sorted(by_times.items()):
        days = sorted(set(days))
        found.append(
            {
                "id": part_id(f"schedule:{channel.pk}:{opens}:{closes}"),
                "service_id": service_id,
                "freq": "WEEKLY",
                "byday": ",".join(DAY_CODES[day] for day in days),
                "opens_at": opens,
                "closes_at": closes,
                "description": f"{what}: {', '.join(DAY_NAMES[day] for day in days)}, "
                f"{opens} to {closes}.",
                "notes": notes,
            }
        )
    return found


def service(request, page, full=True):
    """One helpline as an HSDS service (the one-to-one fields only unless `full`)."""
    service_id = entity_id("helpline", page.pk)
    channels = list(page.channels.all())
    data = {
        "id": service_id,
        "organization_id": entity_id("organisation", page.organisation_id),
        "name": page.title,
        "description": " ".join(part for part in [page.summary, text_of(page.description)] if part),
        "url": request.build_absolute_uri(page.get_url(request)),
        "status": "temporarily closed" if page.is_temporarily_closed else "active",
        "last_modified": page.last_published_at.isoformat() if page.last_published_at else None,
    }
    emails = [channel.value for channel in channels if channel.kind == ContactChannel.Kind.EMAIL]
    if emails:
        data["email"] = emails[0]
    if page.last_verified_on:
        data["assured_date"] = page.last_verified_on.isoformat()
    costs = [
        f"{action_in_english(channel)}: {channel.cost}" for channel in channels if channel.cost
    ]
    if costs:
        data["fees_description"] = " ".join(costs)
    audiences = [audience.name for audience in page.audiences.all()]
    if audiences:
        data["eligibility_description"] = "For " + ", ".join(audiences).lower() + "."
    if page.status_note:
        data["alert"] = page.status_note
    data = {key: value for key, value in data.items() if value is not None}
    if not full:
        return data
    codes = sorted({code for channel in channels for code in channel.languages.split()})
    data.update(
        organization=organization(request, page.organisation),
        phones=[phone(service_id, channel) for channel in channels if channel.kind in PHONE_TYPES],
        schedules=[
            schedule
            for channel in channels
            if channel.has_hours
            for schedule in schedules(service_id, channel)
        ],
        languages=[
            {
                "id": part_id(f"language:{page.pk}:{code}"),
                "service_id": service_id,
                "name": language_name(code),
                "code": code,
            }
            for code in codes
        ],
        service_areas=service_areas(page, service_id),
        attributes=[
            {
                "id": part_id(f"attribute:{page.pk}:{item.tag.pk}"),
                "link_id": service_id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": entity_id("topic", item.tag.pk),
                "taxonomy_term": taxonomy_term(request, item.tag),
            }
            for item in page.tagged_items.all()
        ],
    )
    return data


def phone(service_id, channel):
    phone_id = part_id(f"channel:{channel.pk}")
    description = action_in_english(channel)
    if channel.label:
        description = f"{channel.label}: {description}"
    return {
        "id": phone_id,
        "service_id": service_id,
        "number": channel.value,
        **({"extension": int(channel.extension)} if channel.extension else {}),
        "type": PHONE_TYPES[channel.kind],
        "description": description,
        "languages": [
            {
                "id": part_id(f"language:channel:{channel.pk}:{code}"),
                "phone_id": phone_id,
                "name": language_name(code),
                "code": code,
            }
            for code in channel.languages.split()
        ],
    }


def service_areas(page, service_id):
    regions = page.regions.split()
    areas = []
    for country in page.countries.all():
        in_country = [code for code in regions if code.startswith(f"{country.code}-")]
        areas.append(
            {
                "id": part_id(f"area:{page.pk}:{country.code}"),
                "service_id": service_id,
                "name": country.name,
                "description": (
                    f"Parts of {country.name}: ISO 3166-2 {', '.join(in_country)}."
                    if in_country
                    else f"All of {country.name} (ISO 3166-1 {country.code})."
                ),
            }
        )
    return areas
