"""Reading HSDS 3.0 JSON into helpline records for the importer (resources/importing.py).

A file may hold services, a page of them (Waymark's /api/v1/hsds/services), an organization
with its services, or a service at a location; other kinds of document are refused by name.
Each service is checked against the HSDS schema, then read: what HSDS says is taken; what it
has no place for (audiences, confidentiality, review intervals, chat and web channels, a
channel's label, keyword and cost) stays as the helpline has it; and everything in the file
that Waymark does not keep is listed, field by field, in the import's report.

Weekly schedules become a channel's hours (resources/hsds_schedules.py).
"""

import functools
import json
import re
from pathlib import Path

import jsonschema
import pycountry

from .hsds import TAXONOMY_NAME, entity_pk, is_empty, text
from .hsds_schedules import description_number, phone_hours, weekly_schedules
from .records import (
    MAX_ROWS,
    PHONE_CHANNEL_KINDS,
    ChannelRecord,
    HelplineRecord,
    ImportFileError,
    Problem,
    same_number,
)

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
HSDS_PHONE_KINDS = {"text": "sms", "voice": "phone", "cell": "phone", "textphone": "phone"}
STATUSES = {"active": "active", "temporarily closed": "temporarily_closed"}
ISO_IN_TEXT = re.compile(r"ISO 3166-1 ([A-Z]{2})\b")
REGIONS_IN_TEXT = re.compile(r"ISO 3166-2 ([A-Z0-9, -]+)")

# More phones or schedules than this in one service is not one helpline: refused, which also
# bounds the work of matching schedules to phones.
MOST_PARTS = 100

# What is read of each part of a service; anything else it holds is reported as not kept.
# Identifiers and links between parts are read as such.
LINKS = {"id", "service_id", "organization_id", "location_id", "service_at_location_id"}
READ = {
    "service": LINKS
    | {"name", "description", "status", "alert", "assured_date", "email", "url"}
    | {"organization", "phones", "schedules", "service_areas", "languages", "attributes"},
    "phones": LINKS | {"contact_id", "number", "extension", "type", "description", "languages"},
    "languages": LINKS | {"phone_id", "name", "code"},
    "schedules": LINKS
    | {"freq", "byday", "opens_at", "closes_at", "timezone", "wkst", "interval"}
    | {"valid_from", "valid_to", "dtstart", "until"},
    "service_areas": LINKS | {"name", "description"},
    "attributes": LINKS
    | {"link_id", "link_type", "link_entity", "taxonomy_term_id"}
    | {"taxonomy_term"},
    "organization": {"id", "name"},
}
NESTED = {"phones", "schedules", "service_areas", "languages", "attributes"}
# What Waymark's own export writes from what it keeps elsewhere: not reported when its own
# services come back.
RESTATED = {
    "service": {"fees_description", "eligibility_description", "last_modified"},
    "schedules": {"description", "notes"},
    "organization": {"description", "website"},
}


# Documents ------------------------------------------------------------------------------


def read_hsds(data, countries=""):
    """Records from an HSDS 3.0 JSON document. `countries` (ISO codes) are served by the
    services whose areas name no country."""
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFileError(f"The file is not valid JSON: {error}.") from error
    except RecursionError as error:
        raise ImportFileError(
            "The file nests lists or objects inside each other too deeply to be HSDS."
        ) from error
    if isinstance(parsed, dict) and isinstance(parsed.get("contents"), list):
        parsed = parsed["contents"]
    documents = parsed if isinstance(parsed, list) else [parsed]
    if not all(isinstance(document, dict) for document in documents):
        raise ImportFileError("Expected HSDS services: a list of objects with id and name.")
    services = [found for document in documents for found in services_in(document)]
    if len(services) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} services: split it.")
    if not services:
        raise ImportFileError("The file has no services in it.")
    return [
        hsds_reading(service, number, around, countries)
        for number, (service, around) in enumerate(services, start=1)
    ]


def document_kind(document):
    if "status" in document:
        return "service"
    if "services" in document or {"legal_status", "tax_status", "year_incorporated"} & set(
        document
    ):
        return "organization"
    if isinstance(document.get("service"), dict):
        return "service at location"
    if {"latitude", "longitude", "location_type", "addresses"} & set(document):
        return "location"
    if {"term_uri", "taxonomy", "parent_id", "code"} & set(document) and "name" in document:
        return "taxonomy term"
    return "service"


def services_in(document):
    """The services a document holds, each with what its container holds and Waymark does
    not keep (a service at location's location)."""
    kind = document_kind(document)
    if kind == "service":
        return [(document, [])]
    name = text(document.get("name"))
    if kind == "organization":
        services = document.get("services")
        if not isinstance(services, list) or not services:
            raise ImportFileError(
                f"This is an HSDS organization (“{name}”) with no services in it. Waymark "
                "imports services: include them in the organization's “services” list, or "
                "import its services' own file."
            )
        organization = {key: value for key, value in document.items() if key != "services"}
        return [
            ({**service, "organization": service.get("organization") or organization}, [])
            if isinstance(service, dict)
            else (service, [])
            for service in services
        ]
    if kind == "service at location":
        around = sorted(
            f"service_at_location › {key}"
            for key, value in document.items()
            if key not in LINKS | {"service"} and not is_empty(value)
        )
        return [(document["service"], around)]
    raise ImportFileError(
        f"This is an HSDS {kind}{f' (“{name}”)' if name else ''}, not a service. Waymark "
        "imports services: a list of them, one, a page of them, an organization with its "
        "services, or a service at a location."
    )


# One service ----------------------------------------------------------------------------


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


def hsds_reading(service, number, around=(), countries=""):
    """The record for one HSDS service, or, when the service breaks the HSDS schema (a
    field of the wrong type, a missing identifier), a record carrying only those problems."""
    if not isinstance(service, dict):
        record = HelplineRecord(external_id=f"item {number}", rows=[number], readable=False)
        record.reading_problems.append(Problem(number, "service", "must be an object."))
        return record
    try:
        errors = list(hsds_service_validator().iter_errors(service))
    except RecursionError:
        errors = None
    too_many = [
        part
        for part in ("phones", "schedules")
        if isinstance(service.get(part), list) and len(service[part]) > MOST_PARTS
    ]
    if errors == [] and not too_many:
        return hsds_record(service, number, list(around), countries)
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
    for part in too_many:
        record.reading_problems.append(
            Problem(number, part, f"More than {MOST_PARTS}: split this service into helplines.")
        )
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


def hsds_record(service, number, not_kept, countries=""):
    """One HSDS service as a record. Fields the service leaves out are None: the helpline
    keeps what it has. Waymark's own services (their ids lead back to a helpline) keep
    their summary, and each channel its label, keyword, cost and notes."""
    service_id = text(service.get("id"))
    own = entity_pk("helpline", service_id)
    record = HelplineRecord(
        external_id=f"waymark-{own}" if own else service_id,
        title=text(service.get("name")),
        organisation=text(service["organization"].get("name"))
        if isinstance(service.get("organization"), dict)
        else None,
        summary=None if own else first_sentences(text(service.get("description")), 300),
        status=STATUSES.get(text(service.get("status"))),
        status_note=text(service["alert"]) if "alert" in service else None,
        last_verified_on=text(service["assured_date"]) if "assured_date" in service else None,
        rows=[number],
        channel_kinds=PHONE_CHANNEL_KINDS if "phones" in service else frozenset(),
    )
    record.not_kept = not_kept + unread(service, "service", own)
    if text(service.get("status")) not in STATUSES:
        record.reading_problems.append(
            Problem(
                number,
                "status",
                f"“{text(service.get('status'))}”: Waymark lists active and temporarily "
                "closed helplines only; leave this service out of the file.",
            )
        )
    if "service_areas" in service:
        record.countries, record.regions = hsds_areas(
            service["service_areas"] or [], countries, record
        )
    elif countries and not own:
        record.countries = countries
    if "attributes" in service:
        record.topics, record.foreign_terms = hsds_terms(service["attributes"] or [])
    languages = None
    if "languages" in service:
        languages = " ".join(text(language.get("code")) for language in service["languages"] or [])
    schedules = weekly_schedules(service.get("schedules") or [], record, number)
    for position, schedule, _ in schedules:
        record.not_kept += unread(schedule, "schedules", own, f"schedules › {position} › ")
    numbers = [text(phone.get("number")) for phone in service.get("phones") or []]
    # Schedules that name their phone (as Waymark's export writes them) are that phone's
    # alone; otherwise every phone keeps the service's hours.
    by_phone = any(
        same_number(description_number(schedule), number)
        for _, schedule, _ in schedules
        for number in numbers
    )
    for position, phone in enumerate(service.get("phones") or [], start=1):
        # A phone of no stated type is a voice line.
        kind = HSDS_PHONE_KINDS.get(text(phone.get("type")) or "voice")
        value = text(phone.get("number")).strip("\"'")
        if not is_empty(phone.get("extension")):
            value = f"{value} ext. {text(phone['extension']).removesuffix('.0')}"
        if kind is None:
            record.not_kept.append(
                f"phones › {position}: a {text(phone.get('type')) or 'phone'} number "
                f"({value}), which Waymark does not list"
            )
            continue
        codes = " ".join(text(language.get("code")) for language in phone.get("languages") or [])
        zone, hours = phone_hours(schedules, value, by_phone, record, number)
        record.channels.append(
            ChannelRecord(
                kind=kind,
                value=value,
                timezone=zone,
                hours=hours,
                languages=codes or languages,
                label=None,
                keyword=None,
                cost=None,
                notes=None if own else text(phone.get("description")),
            )
        )
    # HSDS gives languages per service and per phone: an email address of Waymark's own
    # keeps its own.
    extra = {"label": None, "keyword": None, "cost": None, "notes": None}
    extra["languages"] = None if own else languages
    if service.get("email"):
        record.channels.append(ChannelRecord(kind="email", value=text(service["email"]), **extra))
    if service.get("url") and not own:
        record.channels.append(ChannelRecord(kind="web", value=text(service["url"]), **extra))
    return record


def unread(data, part, own, where=""):
    """The fields of `data` (a part of a service) that hold something Waymark does not keep,
    named by where they are ("phones › 1 › extension")."""
    found = []
    for key, value in data.items():
        if is_empty(value) or (own and key in RESTATED.get(part, ())):
            continue
        place = f"{where}{key}"
        if key not in READ[part]:
            found.append(place)
        elif key == "schedules":
            continue  # reported by weekly_schedules, for the schedules it keeps
        elif key in NESTED and isinstance(value, list) and part in ("service", "phones"):
            for position, item in enumerate(value, start=1):
                if isinstance(item, dict):
                    found += unread(item, key, own, f"{place} › {position} › ")
        elif key == "organization" and isinstance(value, dict):
            found += unread(value, key, own, f"{place} › ")
    return found


def hsds_areas(areas, countries, record):
    """The ISO codes of the countries and regions the service areas name, each as a space-
    separated string. An area names them by code in its description ("ISO 3166-1 GB", "ISO
    3166-2 GB-SCT, GB-WLS", as Waymark's export writes), or by the name of a country or of a
    region with no namesake ("Scotland", "California"). Areas that name neither (a city, a
    county) are reported; if none names a country, the service serves the `countries` given
    with the import, or it is refused until they are given."""
    codes, regions, others = [], [], []
    for position, area in enumerate(areas, start=1):
        description = text(area.get("description"))
        name = text(area.get("name")) or description
        listed = REGIONS_IN_TEXT.search(description)
        found = ISO_IN_TEXT.search(description)
        if listed:
            named = re.findall(r"[A-Z]{2}-[A-Z0-9]{1,3}", listed.group(1))
            regions += named
            codes += [code[:2] for code in named]
        elif found:
            codes.append(found.group(1))
        elif country := find_country(name):
            codes.append(country)
        elif region := region_named(name):
            regions.append(region)
            codes.append(region[:2])
        else:
            others.append((position, name))
    regions = " ".join(dict.fromkeys(regions))
    if codes or not others or countries:
        for position, name in others:
            record.not_kept.append(f"service_areas › {position}: “{name[:80]}”, not a country")
        return " ".join(dict.fromkeys(codes)) or countries, regions
    position, name = others[0]
    record.reading_problems.append(
        Problem(
            record.rows[0],
            f"service_areas › {position}",
            f"“{name[:80]}” is not a country, and no area names one: give the countries "
            "this service serves with the import.",
        )
    )
    return "", regions


def find_country(name):
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


@functools.cache
def region_names():
    """ISO 3166-2 regions by each of the names pycountry gives them ("Wales [Cymru GB-CYM]"
    is Wales and Cymru); names that several regions share are left out."""
    found = {}
    for region in pycountry.subdivisions:
        for part in region.name.split(";"):
            main, _, other = part.partition("[")
            names = [main, re.sub(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b|\]", "", other)]
            for name in filter(None, (name.strip().casefold() for name in names)):
                found.setdefault(name, set()).add(region.code)
    return {name: codes.pop() for name, codes in found.items() if len(codes) == 1}


def region_named(name):
    return region_names().get(name.casefold())


def hsds_terms(attributes):
    """Names of the Waymark topics among the service's taxonomy terms, and the terms of
    other taxonomies as (name, taxonomy): the import maps those through topic names and
    synonyms, and reports the rest as not kept."""
    ours, others = [], []
    for attribute in attributes:
        term = attribute.get("taxonomy_term") or {}
        name = text(term.get("name"))
        if not name:
            continue
        taxonomy = text(term.get("taxonomy") or (term.get("taxonomy_detail") or {}).get("name"))
        if taxonomy == TAXONOMY_NAME:
            ours.append(name)
        else:
            others.append((name, taxonomy))
    return "; ".join(ours), others


def first_sentences(value, limit):
    """As many whole sentences of `value` as fit in `limit` characters."""
    if len(value) <= limit:
        return value
    cut = value[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > 0 else cut.rsplit(" ", 1)[0] + "…"
