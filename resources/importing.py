"""Helplines in and out of spreadsheets (CSV) and Open Referral HSDS 3.0 JSON.

An import reads a file into records, checks every record against what Waymark accepts
(phone numbers for the countries served, time zones, country, language, audience and topic
codes, hours that do not overlap), compares each with the helpline it updates, and only
then, if nothing at all is wrong, applies every change in one transaction. Each helpline
is matched by its external id, so running the same file again changes nothing. New and
changed helplines are saved as drafts for review unless the import is told to publish.

The CSV has one row per contact channel; a helpline with three channels takes three rows
sharing its external id and helpline columns. Exports write the same format, so a file
can go out to a spreadsheet and back and change exactly what was edited there. The
helpline's long description is not part of the file and is never changed by an import.
"""

import csv
import difflib
import functools
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

import jsonschema
import pycountry

from .models import (
    Audience,
    ContactChannel,
    Country,
    HelplineIndexPage,
    HelplinePage,
    Organisation,
    Topic,
)
from .opening_hours import WeeklyHours, format_hours_text, known_timezones, parse_hours_text
from .permissions import manages_all_organisations, organisation_ids_for
from .spreadsheets import safe_row, unguarded_cell
from .validators import normalise_language_codes, normalise_phone, normalise_region_codes

HELPLINE_COLUMNS = [
    "external_id",
    "title",
    "organisation",
    "summary",
    "countries",
    "regions",
    "audiences",
    "topics",
    "status",
    "status_note",
    "confidentiality",
    "last_verified_on",
    "review_interval_days",
]
CHANNEL_COLUMNS = [
    "channel_kind",
    "channel_value",
    "channel_label",
    "channel_keyword",
    "channel_timezone",
    "channel_hours",
    "channel_languages",
    "channel_cost",
    "channel_notes",
]
COLUMNS = HELPLINE_COLUMNS + CHANNEL_COLUMNS
PHONE_KINDS = {"phone", "sms", "whatsapp"}
OWN_ID = re.compile(r"^waymark-(\d+)$")
MAX_ROWS = 50_000


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, missing columns, too large."""


@dataclass
class ChannelRecord:
    kind: str
    value: str
    label: str = ""
    keyword: str = ""
    timezone: str = ""
    hours: str = ""
    languages: str = ""
    cost: str = ""
    notes: str = ""


@dataclass
class HelplineRecord:
    """One helpline as a file gives it. None means the file does not say (HSDS has no place
    for some fields): the helpline keeps what it has."""

    external_id: str
    title: str | None = None
    organisation: str | None = None
    summary: str | None = None
    countries: str | None = None
    regions: str | None = None
    audiences: str | None = None
    topics: str | None = None
    status: str | None = None
    status_note: str | None = None
    confidentiality: str | None = None
    last_verified_on: str | None = None
    review_interval_days: str | None = None
    channels: list[ChannelRecord] = field(default_factory=list)
    # Where it came from, for messages: spreadsheet row numbers or HSDS item numbers.
    rows: list[int] = field(default_factory=list, compare=False)
    # Problems found while reading the file, reported with the rest.
    reading_problems: list = field(default_factory=list, compare=False)
    # False when the file gave this helpline in a shape that could not be read at all (HSDS
    # that breaks the schema): its reading problems are then the only ones worth reporting.
    readable: bool = field(default=True, compare=False)


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass
class Outcome:
    """What importing one record would do."""

    record: HelplineRecord
    action: str = "create"  # create, update or unchanged
    page: HelplinePage | None = None
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cleaned: dict = field(default_factory=dict)

    @property
    def first_row(self):
        return self.record.rows[0] if self.record.rows else 0


@dataclass
class ImportPlan:
    outcomes: list[Outcome]
    publish: bool = False

    @property
    def problems(self):
        return [problem for outcome in self.outcomes for problem in outcome.problems]

    @property
    def is_valid(self):
        return bool(self.outcomes) and not self.problems

    def count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)


# Reading files --------------------------------------------------------------------------


def read_csv(data):
    """Records from CSV bytes or text, one per external id, channels in row order."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    # newline="" lets the csv module read \r\n, \n and a lone \r (old Mac files) alike.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return records_from_rows(reader)
    except csv.Error as error:
        raise ImportFileError(
            f"Line {reader.line_num + 1} cannot be read as CSV ({error}). Cells are at most "
            f"{csv.field_size_limit() // 1024} KB; save the file again as “CSV UTF-8”."
        ) from error


def records_from_rows(reader):
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(
            "The file is missing these columns: " + ", ".join(missing) + ". Export the "
            "helplines to get a file with every column."
        )
    records, helpline_rows = {}, {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows: split it.")
        if None in row:
            raise ImportFileError(f"Row {number} has more cells than there are columns.")
        row = {column: clean_cell(row[column]) for column in COLUMNS}
        if not any(row.values()):
            continue
        helpline = {column: row[column] for column in HELPLINE_COLUMNS}
        key = helpline["external_id"] or f"row {number}"
        record = records.get(key)
        if record is None:
            record = records[key] = HelplineRecord(**helpline)
            helpline_rows[key] = (number, helpline)
        elif helpline != helpline_rows[key][1]:
            first, first_values = helpline_rows[key]
            differing = [c for c in HELPLINE_COLUMNS if helpline[c] != first_values[c]]
            record.rows.append(number)
            record.reading_problems.append(
                Problem(
                    number,
                    differing[0],
                    f"every row of one helpline must agree, and this differs from row {first}.",
                )
            )
            continue
        record.rows.append(number)
        if any(row[column] for column in CHANNEL_COLUMNS):
            record.channels.append(
                ChannelRecord(
                    *(row[column] for column in CHANNEL_COLUMNS),
                )
            )
    if not records:
        raise ImportFileError("The file has no helplines in it.")
    return list(records.values())


def clean_cell(value):
    value = unguarded_cell(value or "")
    return "".join(
        char for char in value if unicodedata.category(char) != "Cc" or char == "\n"
    ).strip()


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


HSDS_SERVICE_SCHEMA = Path(__file__).parent / "standards" / "hsds-3.0" / "service.json"
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
    schema = json.loads(HSDS_SERVICE_SCHEMA.read_text())
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
HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ISO_IN_TEXT = re.compile(r"ISO 3166-1 ([A-Z]{2})\b")


def text(value):
    return " ".join(str(value).split()) if value is not None else ""


def hsds_record(service, number):
    """One HSDS service as a record. HSDS has no place for audiences, confidentiality or
    review intervals, so those stay as they are on the helpline."""
    from api.hsds import entity_pk

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
            HSDS_DAYS.index(day)
            for day in text(schedule.get("byday")).split(",")
            if day in HSDS_DAYS
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


# Writing files --------------------------------------------------------------------------


def record_from_page(page):
    """A helpline as the CSV shows it (from its latest revision, drafts included)."""
    external_id = page.external_id or f"waymark-{page.pk}"
    return HelplineRecord(
        external_id=external_id,
        title=page.title,
        organisation=page.organisation.name if page.organisation_id else "",
        summary=page.summary,
        countries=" ".join(sorted(country.code for country in page.countries.all())),
        regions=page.regions,
        audiences="; ".join(sorted(audience.slug for audience in page.audiences.all())),
        topics="; ".join(sorted(topic.name for topic in page.topics.all())),
        status=page.status,
        status_note=page.status_note,
        confidentiality=page.confidentiality,
        last_verified_on=page.last_verified_on.isoformat() if page.last_verified_on else "",
        review_interval_days=str(page.review_interval_days),
        channels=[
            ChannelRecord(
                kind=channel.kind,
                value=channel.value,
                label=channel.label,
                keyword=channel.keyword,
                timezone=channel.timezone,
                hours=format_hours_text(channel.weekly_hours),
                languages=channel.languages,
                cost=channel.cost,
                notes=channel.notes,
            )
            for channel in page.channels.all()
        ],
    )


def export_csv(pages, out):
    """Write `pages` (helplines, in their latest revisions) to the text stream `out`."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for page in pages:
        record = record_from_page(page)
        helpline = [getattr(record, column) for column in HELPLINE_COLUMNS]
        for channel in record.channels or [ChannelRecord("", "")]:
            channel_cells = [getattr(channel, f.name) for f in fields(ChannelRecord)]
            writer.writerow(safe_row(helpline + channel_cells))


def latest_helplines(queryset=None):
    """Every helpline as editors last saved it: the latest revision, drafts included."""
    queryset = queryset if queryset is not None else HelplinePage.objects.all()
    for page in queryset.select_related("latest_revision").order_by("path"):
        yield page.get_latest_revision_as_object()


# Checking -------------------------------------------------------------------------------


def suggestion(value, choices):
    """ " Did you mean “X”?" for the closest choice, or an empty string."""
    lowered = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f" Did you mean “{lowered[close[0]]}”?" if close else ""


def split_list(value):
    return [item.strip() for item in re.split(r"[;\n]", value or "") if item.strip()]


class Checker:
    """Checks records against the database; holds lookups shared by every record."""

    def __init__(self, user=None):
        self.user = user
        self.organisations = {o.name.lower(): o for o in Organisation.objects.all()}
        self.countries = {c.code: c for c in Country.objects.all()}
        self.audiences = {}
        for audience in Audience.objects.all():
            self.audiences[audience.slug] = self.audiences[audience.name.lower()] = audience
        self.topics = {}
        for topic in Topic.objects.all():
            self.topics[topic.slug] = self.topics[topic.name.lower()] = topic
        self.zones = known_timezones()
        self.index = HelplineIndexPage.objects.first()
        self.by_external_id = dict(
            HelplinePage.objects.exclude(external_id="").values_list("external_id", "pk")
        )
        self.allowed = None
        if user is not None and not manages_all_organisations(user):
            self.allowed = organisation_ids_for(user)

    def find_page(self, external_id):
        pk = self.by_external_id.get(external_id)
        own = OWN_ID.match(external_id)
        if pk is None and own:
            pk = int(own.group(1))
        if pk is None:
            return None
        page = HelplinePage.objects.filter(pk=pk).first()
        return page.get_latest_revision_as_object() if page else None

    def check(self, record):
        outcome = Outcome(record)
        row = record.rows[0] if record.rows else 0
        outcome.problems += record.reading_problems
        if not record.readable:
            return outcome

        def problem(column, message, at=row):
            outcome.problems.append(Problem(at, column, message))

        if not record.external_id:
            problem(
                "external_id",
                "Give every helpline an external id (any text unique to it), so that importing "
                "the file again updates it instead of adding a copy.",
            )
            return outcome
        page = self.find_page(record.external_id)
        if page is not None:
            outcome.page = page
            record = fill_from(record, record_from_page(page))
            outcome.record = record
        if self.index is None:
            problem("external_id", "There is no helpline directory page to import into.")
        cleaned = outcome.cleaned
        cleaned["title"] = record.title or ""
        if not cleaned["title"]:
            problem("title", "Enter the helpline's name.")
        elif len(cleaned["title"]) > 255:
            problem("title", "Keep the name under 255 characters.")
        cleaned["summary"] = record.summary or ""
        if not cleaned["summary"]:
            problem("summary", "Enter a one or two sentence summary.")
        elif len(cleaned["summary"]) > 300:
            problem(
                "summary", f"Keep the summary to 300 characters (it has {len(cleaned['summary'])})."
            )
        organisation = self.organisations.get((record.organisation or "").lower())
        if organisation is None:
            names = [o.name for o in self.organisations.values()]
            problem(
                "organisation",
                f"No organisation is called “{record.organisation}”."
                + suggestion(record.organisation or "", names),
            )
        elif self.allowed is not None and organisation.pk not in self.allowed:
            problem("organisation", "You can only import helplines for your own organisations.")
        elif (
            page is not None
            and self.allowed is not None
            and (page.organisation_id not in self.allowed)
        ):
            problem("external_id", "This helpline belongs to another organisation.")
        cleaned["organisation"] = organisation
        cleaned["countries"] = self.check_countries(record.countries, problem)
        try:
            cleaned["regions"] = normalise_region_codes(record.regions or "")
        except ValidationError as error:
            problem("regions", " ".join(error.messages))
        cleaned["audiences"] = self.lookup_all(
            record.audiences, self.audiences, "audiences", "audience", problem
        )
        cleaned["topics"] = self.lookup_all(record.topics, self.topics, "topics", "topic", problem)
        status = record.status or HelplinePage.Status.ACTIVE
        if status not in HelplinePage.Status.values:
            problem("status", f"Use one of: {', '.join(HelplinePage.Status.values)}.")
        cleaned["status"] = status
        cleaned["status_note"] = record.status_note or ""
        cleaned["confidentiality"] = record.confidentiality or ""
        cleaned["last_verified_on"] = self.check_date(record.last_verified_on, problem)
        cleaned["review_interval_days"] = self.check_interval(record.review_interval_days, problem)
        cleaned["channels"] = self.check_channels(record, cleaned["countries"], problem)
        if page is not None:
            outcome.action = "update"
            if not outcome.problems:
                outcome.changes = differences(
                    record_from_page(page), canonical_record(record.external_id, cleaned)
                )
                outcome.action = "update" if outcome.changes else "unchanged"
        return outcome

    def check_countries(self, value, problem):
        found = []
        for code in country_entries(value):
            country = self.countries.get(code.upper())
            if country:
                found.append(country)
                continue
            try:
                iso = pycountry.countries.lookup(code)
            except LookupError:
                problem("countries", f"“{code}” is not an ISO 3166-1 country code, such as GB.")
                continue
            if iso.alpha_2 in self.countries and iso.alpha_2 != code:
                problem("countries", f"“{code}”: use the two-letter code {iso.alpha_2}.")
            else:
                problem(
                    "countries",
                    f"Waymark does not list {iso.name} ({iso.alpha_2}) yet: an administrator can "
                    "add it under Directory → Countries.",
                )
        if not found and not value:
            problem("countries", "Enter the countries served, as ISO codes such as GB IE.")
        return found

    def lookup_all(self, value, known, column, noun, problem):
        found = []
        for item in split_list(value):
            match = known.get(item.lower()) or known.get(item)
            if match is None:
                names = sorted({thing.name for thing in known.values()})
                problem(column, f"There is no {noun} “{item}”." + suggestion(item, names))
            elif match not in found:
                found.append(match)
        return found

    def check_date(self, value, problem):
        if not value:
            return None
        try:
            checked = date.fromisoformat(value)
        except ValueError:
            problem("last_verified_on", f"“{value}” is not a date: write it as 2026-10-31.")
            return None
        if checked > timezone.localdate():
            problem("last_verified_on", "The last check cannot be in the future.")
        return checked

    def check_interval(self, value, problem):
        if not value:
            return HelplinePage._meta.get_field("review_interval_days").get_default()
        if not value.isdigit() or not 7 <= int(value) <= 730:
            problem("review_interval_days", "Give a number of days from 7 to 730.")
            return None
        return int(value)

    def check_channels(self, record, countries, problem):
        if not record.channels:
            problem("channel_kind", "Add at least one way to get in touch.")
        regions = [country.code for country in countries]
        channels = []
        for position, channel in enumerate(record.channels):
            row = record.rows[position] if position < len(record.rows) else record.rows[-1]
            channels.append(self.check_channel(channel, regions, problem, row))
        return channels

    def check_channel(self, channel, regions, report, row):
        def problem(column, message):
            report(column, message, row)

        data = {f.name: getattr(channel, f.name) for f in fields(ChannelRecord)}
        if channel.kind not in ContactChannel.Kind.values:
            problem(
                "channel_kind",
                f"“{channel.kind}” is not a kind of channel: use one of "
                f"{', '.join(ContactChannel.Kind.values)}."
                + suggestion(channel.kind, ContactChannel.Kind.values),
            )
        elif channel.kind in PHONE_KINDS:
            try:
                data["value"] = normalise_phone(channel.value, regions)
            except ValidationError as error:
                problem("channel_value", " ".join(error.messages))
        elif channel.kind in ("chat", "web"):
            try:
                URLValidator(schemes=["https", "http"])(channel.value)
            except ValidationError:
                problem(
                    "channel_value",
                    f"“{channel.value}” is not a web address starting with https://.",
                )
        else:
            try:
                EmailValidator()(channel.value)
            except ValidationError:
                problem("channel_value", f"“{channel.value}” is not an email address.")
        zone = channel.timezone or "Europe/London"
        if zone not in self.zones:
            problem(
                "channel_timezone",
                f"“{channel.timezone}” is not a time zone." + suggestion(zone, self.zones),
            )
        data["timezone"] = zone
        try:
            data["languages"] = normalise_language_codes(channel.languages)
        except ValidationError as error:
            problem(
                "channel_languages", " ".join(error.messages) + language_hint(channel.languages)
            )
        if not channel.languages:
            problem("channel_languages", "Enter at least one language code, such as en.")
        try:
            always, windows = parse_hours_text(channel.hours)
        except ValueError as error:
            problem("channel_hours", str(error))
            always, windows = False, []
        if zone in self.zones:
            for message in WeeklyHours(zone, tuple(windows), always).problems():
                problem("channel_hours", message)
        data["always_open"], data["windows"] = always, windows
        for name, limit in (("label", 100), ("keyword", 30), ("cost", 200)):
            if len(data[name]) > limit:
                problem(f"channel_{name}", f"Keep this under {limit} characters.")
        return data


def country_entries(value):
    """ "GB IE", "GB, IE" or "United Kingdom; Ireland": codes split on spaces, names kept."""
    entries = []
    for part in re.split(r"[,;]", value or ""):
        words = part.split()
        if all(len(word) == 2 for word in words):
            entries += words
        elif words:
            entries.append(" ".join(words))
    return entries


def language_hint(value):
    for word in re.split(r"[\s,;]+", value or ""):
        if len(word) > 2:
            try:
                return f" For {word}, use {pycountry.languages.lookup(word).alpha_2}."
            except (LookupError, AttributeError):
                continue
    return ""


def fill_from(record, current):
    """`record` with everything it leaves unsaid taken from the helpline as it is."""
    values = {
        f.name: getattr(current, f.name)
        for f in fields(HelplineRecord)
        if getattr(record, f.name) is None
    }
    if not record.channels:
        values["channels"] = current.channels
    return replace(record, **values)


def canonical_record(external_id, cleaned):
    """The record a valid import would leave, written as exports write it."""
    return HelplineRecord(
        external_id=external_id,
        title=cleaned["title"],
        organisation=cleaned["organisation"].name,
        summary=cleaned["summary"],
        countries=" ".join(sorted(country.code for country in cleaned["countries"])),
        regions=cleaned["regions"],
        audiences="; ".join(sorted(audience.slug for audience in cleaned["audiences"])),
        topics="; ".join(sorted(topic.name for topic in cleaned["topics"])),
        status=cleaned["status"],
        status_note=cleaned["status_note"],
        confidentiality=cleaned["confidentiality"],
        last_verified_on=(
            cleaned["last_verified_on"].isoformat() if cleaned["last_verified_on"] else ""
        ),
        review_interval_days=str(cleaned["review_interval_days"]),
        channels=[
            replace(
                ChannelRecord(**{f.name: data[f.name] for f in fields(ChannelRecord)}),
                hours=format_hours_text(
                    WeeklyHours(data["timezone"], tuple(data["windows"]), data["always_open"])
                ),
            )
            for data in cleaned["channels"]
        ],
    )


def differences(current, record):
    """Names of the columns `record` would change, for the dry-run report."""
    changed = [
        column
        for column in HELPLINE_COLUMNS
        if column != "external_id" and getattr(current, column) != getattr(record, column)
    ]
    if current.channels != record.channels:
        changed.append("channels")
    return changed


def plan_import(records, user=None, publish=False):
    checker = Checker(user)
    outcomes = [checker.check(record) for record in records]
    seen = {}
    for outcome in outcomes:
        key = outcome.page.pk if outcome.page else outcome.record.external_id
        if key in seen:
            outcome.problems.append(
                Problem(outcome.first_row, "external_id", f"the same helpline as row {seen[key]}")
            )
        seen.setdefault(key, outcome.first_row)
    return ImportPlan(outcomes, publish)


# Applying -------------------------------------------------------------------------------


def apply_plan(plan, user=None, progress=None):
    """Apply every change, or nothing: refuses a plan with problems and rolls back on any
    error. `progress(done, total)` is called after each helpline."""
    if not plan.is_valid:
        raise ValueError("This import has problems to fix first.")
    index = HelplineIndexPage.objects.first()
    total = len(plan.outcomes)
    with transaction.atomic():
        for done, outcome in enumerate(plan.outcomes, start=1):
            if outcome.action != "unchanged":
                save_helpline(outcome, index, user, plan.publish)
            if progress:
                progress(done, total)


def save_helpline(outcome, index, user, publish):
    cleaned = outcome.cleaned
    page = outcome.page
    creating = page is None
    if creating:
        page = HelplinePage(slug=unique_slug(index, cleaned["title"]), live=False)
    if not OWN_ID.match(outcome.record.external_id):
        page.external_id = outcome.record.external_id
    for name in (
        "title",
        "summary",
        "regions",
        "status",
        "status_note",
        "confidentiality",
        "last_verified_on",
        "review_interval_days",
    ):
        setattr(page, name, cleaned[name])
    page.organisation = cleaned["organisation"]
    page.countries = cleaned["countries"]
    page.audiences = cleaned["audiences"]
    page.channels = [build_channel(data, order) for order, data in enumerate(cleaned["channels"])]
    page.topics.set(cleaned["topics"])
    if creating:
        page.has_unpublished_changes = True
        index.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)


def build_channel(data, order):
    return ContactChannel(
        sort_order=order,
        kind=data["kind"],
        value=data["value"],
        label=data["label"],
        keyword=data["keyword"],
        timezone=data["timezone"],
        open_24_7=data["always_open"],
        hours=hours_blocks(data["windows"]),
        languages=data["languages"],
        cost=data["cost"],
        notes=data["notes"],
    )


def hours_blocks(windows):
    """Opening-hours StreamField data: one block per set of days sharing the same times."""
    by_times = {}
    for window in windows:
        key = (window.opens, window.closes, window.closes_next_day)
        by_times.setdefault(key, []).append(str(window.day))
    return [
        {
            "type": "window",
            "value": {"days": days, "opens": opens, "closes": closes, "closes_next_day": overnight},
        }
        for (opens, closes, overnight), days in by_times.items()
    ]


def unique_slug(index, title):
    base = slugify(title)[:200] or "helpline"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
