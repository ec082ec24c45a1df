"""The helpline directory as Open Referral HSDS 3.0 (https://openreferral.org/), both ways.

One HSDS service per published helpline, from its organisation, contact channels (phones,
schedules, languages), countries served (service areas) and topics (taxonomy terms in the
"Waymark topics" taxonomy). HSDS identifiers are UUIDs: ours are made from Waymark's own
ids, so they never change between exports, and a service's UUID leads back to its page.

Reading HSDS (the importer's `read_hsds`) checks each service against the HSDS schema, then
turns it into a record: channels from its phones, hours from its weekly schedules.
"""

import functools
import json
import re
import uuid
from pathlib import Path

from django.utils.html import strip_tags

import jsonschema
import pycountry

from .models import ContactChannel
from .opening_hours import DAY_NAMES
from .records import MAX_ROWS, ChannelRecord, HelplineRecord, ImportFileError, Problem
from .validators import language_name

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
    return {
        "id": entity_id("topic", topic.pk),
        "code": topic.slug,
        "name": topic.name,
        "description": topic.description or topic.name,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "language": "en",
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
    costs = [f"{channel.action}: {channel.cost}" for channel in channels if channel.cost]
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
    description = channel.action
    if channel.label:
        description = f"{channel.label}: {description}"
    return {
        "id": phone_id,
        "service_id": service_id,
        "number": channel.value,
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


# Reading HSDS into records --------------------------------------------------------------


def read_hsds(data):
    """Records from HSDS 3.0 JSON: a list of services, one service, or a page of them
    ({"contents": [...]}) as Waymark's own /api/v1/hsds/services returns."""
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFileError(f"The file is not valid JSON: {error}.") from error
    except RecursionError as error:
        raise ImportFileError(
            "The file nests lists or objects inside each other too deeply to be HSDS."
        ) from error
    if isinstance(parsed, dict):
        parsed = parsed.get("contents", [parsed])
    if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
        raise ImportFileError("Expected HSDS services: a list of objects with id and name.")
    if len(parsed) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} services: split it.")
    if not parsed:
        raise ImportFileError("The file has no services in it.")
    return [hsds_reading(service, number) for number, service in enumerate(parsed, start=1)]


SERVICE_SCHEMA = Path(__file__).parent / "standards" / "hsds-3.0" / "service.json"
JSON_TYPES = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


@functools.cache
def hsds_service_validator():
    """HSDS 3.0's service schema: every field's type, and the fields a service requires
    (id, name, status). Nested objects also require identifiers (a phone's id, a schedule's
    id), which link rows in a database; an import does not need them, and files written by
    hand often lack them, so those requirements are left out."""
    schema = json.loads(SERVICE_SCHEMA.read_text())
    for nested in schema["properties"].values():
        without_required(nested)
    return jsonschema.validators.validator_for(schema)(schema)


def without_required(schema):
    if isinstance(schema, dict):
        schema.pop("required", None)
        for value in schema.values():
            without_required(value)
    elif isinstance(schema, list):
        for value in schema:
            without_required(value)


def hsds_reading(service, number):
    """The record for one HSDS service, or, when the service breaks the HSDS schema (a
    field of the wrong type, a missing identifier), a record carrying only those problems."""
    try:
        errors = list(hsds_service_validator().iter_errors(service))
    except RecursionError:
        errors = None
    if errors == []:
        return hsds_record(service, number)
    service_id = service.get("id")
    record = HelplineRecord(
        external_id=service_id if isinstance(service_id, str) else f"item {number}",
        rows=[number],
        readable=False,
    )
    if errors is None:
        record.reading_problems.append(
            Problem(number, "service", "lists or objects are nested too deeply to read.")
        )
    for error in sorted(errors or [], key=lambda error: list(map(str, error.absolute_path))):
        record.reading_problems.append(hsds_schema_problem(number, error))
    return record


def hsds_schema_problem(number, error):
    """A schema error in words, named by where it is ("phones › 1 › number")."""
    where = " › ".join(
        str(part + 1) if isinstance(part, int) else part for part in error.absolute_path
    )
    if error.validator == "type":
        expected = error.validator_value
        kinds = [expected] if isinstance(expected, str) else expected
        message = "must be " + " or ".join(JSON_TYPES.get(kind, kind) for kind in kinds) + "."
    elif error.validator == "required":
        message = f"needs “{error.message.split(chr(39))[1]}”, which HSDS 3.0 requires."
    else:
        message = f"does not follow HSDS 3.0 ({error.validator}: {error.message[:120]})."
    return Problem(number, where or "service", message)


HSDS_PHONE_KINDS = {"text": "sms", "voice": "phone", "cell": "phone", "textphone": "phone"}
ZONE_IN_NOTES = re.compile(r"\b([A-Z][A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)\b")
ISO_IN_TEXT = re.compile(r"ISO 3166-1 ([A-Z]{2})\b")


def text(value):
    return " ".join(str(value).split()) if value is not None else ""


def hsds_record(service, number):
    """One HSDS service as a record. HSDS has no place for audiences, confidentiality or
    review intervals, so those stay as they are on the helpline."""
    service_id = text(service.get("id"))
    own = entity_pk("helpline", service_id)
    record = HelplineRecord(
        external_id=f"waymark-{own}" if own else service_id,
        title=text(service.get("name")),
        organisation=text((service.get("organization") or {}).get("name")),
        summary=first_sentences(text(service.get("description")), 300),
        countries=" ".join(hsds_countries(service.get("service_areas") or [])),
        status="temporarily_closed"
        if text(service.get("status")) == "temporarily closed"
        else text(service.get("status")),
        status_note=text(service.get("alert")),
        last_verified_on=text(service.get("assured_date")),
        topics="; ".join(
            text((attribute.get("taxonomy_term") or {}).get("name"))
            for attribute in service.get("attributes") or []
        ),
        rows=[number],
    )
    languages = " ".join(text(language.get("code")) for language in service.get("languages") or [])
    schedules = service.get("schedules") or []
    for phone in service.get("phones") or []:
        kind = HSDS_PHONE_KINDS.get(text(phone.get("type")), text(phone.get("type")))
        value = text(phone.get("number"))
        codes = " ".join(text(language.get("code")) for language in phone.get("languages") or [])
        zone, hours = hsds_hours(schedules, kind, value)
        record.channels.append(
            ChannelRecord(
                kind=kind,
                value=value,
                timezone=zone,
                hours=hours,
                languages=codes or languages,
                notes=text(phone.get("description")),
            )
        )
    if service.get("email"):
        record.channels.append(
            ChannelRecord(kind="email", value=text(service["email"]), languages=languages)
        )
    if service.get("url") and not own:
        record.channels.append(
            ChannelRecord(kind="web", value=text(service["url"]), languages=languages)
        )
    return record


def hsds_countries(areas):
    codes = []
    for area in areas:
        found = ISO_IN_TEXT.search(text(area.get("description")))
        if found:
            codes.append(found.group(1))
            continue
        try:
            codes.append(pycountry.countries.lookup(text(area.get("name"))).alpha_2)
        except LookupError:
            codes.append(text(area.get("name")))
    return codes


def hsds_hours(schedules, kind, value):
    """The time zone and hours text for one phone from a service's weekly schedules: those
    naming the phone in their description (as Waymark's export does), else all of them."""
    own = [s for s in schedules if names_number(text(s.get("description")), value)]
    chosen = own or schedules
    zone = ""
    parts = []
    for schedule in chosen:
        found = ZONE_IN_NOTES.search(text(schedule.get("notes")))
        zone = zone or (found.group(1) if found else "")
        days = [
            DAY_CODES.index(day)
            for day in text(schedule.get("byday")).split(",")
            if day in DAY_CODES
        ]
        opens, closes = text(schedule.get("opens_at"))[:5], text(schedule.get("closes_at"))[:5]
        if len(days) == 7 and opens == closes == "00:00":
            return zone, "24/7"
        if days and opens and closes:
            names = ",".join(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day] for day in days)
            parts.append(f"{names} {opens}-{closes}")
    return zone, "; ".join(parts)


def names_number(description, number):
    """Whether a schedule's description starts by naming this number ("Phone 0800 1111: …"),
    however each is formatted: their last seven digits (or all, if fewer) agree."""
    named = re.sub(r"\D", "", description.partition(":")[0])
    digits = re.sub(r"\D", "", number)
    if not named or not digits:
        return False
    tail = min(7, len(named), len(digits))
    return named[-tail:] == digits[-tail:]


def first_sentences(value, limit):
    """As many whole sentences of `value` as fit in `limit` characters."""
    if len(value) <= limit:
        return value
    cut = value[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > 0 else cut.rsplit(" ", 1)[0] + "…"
