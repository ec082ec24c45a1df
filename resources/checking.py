"""Checking one record of an import against what Waymark accepts: phone numbers for the
countries served, time zones, country, language, audience and topic codes, hours that do
not overlap, and who may import what; and comparing it with the helpline it would update.
resources/importing.py checks a whole file this way.
"""

import difflib
import re
from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

import pycountry

from core.languages import originals

from . import rules
from .duplicates import Duplicate
from .hours_text import HoursTextError, parse_hours_text
from .models import (
    Audience,
    ContactChannel,
    Country,
    EmergencyNumber,
    HelplineIndexPage,
    HelplinePage,
    Organisation,
    Topic,
)
from .opening_hours import (
    WeeklyHours,
    country_zones,
    known_timezones,
    zone_abbreviations,
    zone_offsets,
)
from .permissions import manages_all_organisations, organisation_ids_for
from .records import (
    OWN_ID,
    Change,
    ChannelRecord,
    HelplineRecord,
    Problem,
    canonical_record,
    differences,
    fill_from,
    record_from_page,
)
from .validators import normalise_region_codes, split_extension


@dataclass
class Outcome:
    """What importing one record would do."""

    record: HelplineRecord
    action: str = "create"  # create, update, unchanged, or skip (already listed)
    page: HelplinePage | None = None
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cleaned: dict = field(default_factory=dict)
    # What the file holds for this helpline that Waymark does not keep.
    not_kept: list[str] = field(default_factory=list)
    # For a new helpline: those already in the directory it looks like, and what was chosen
    # (resources/duplicates.py).
    duplicates: list[Duplicate] = field(default_factory=list)
    choice: str = ""

    def __post_init__(self):
        self.not_kept = list(self.record.not_kept)

    @property
    def changed_columns(self):
        return list(dict.fromkeys(change.column for change in self.changes))

    @property
    def first_row(self):
        return self.record.rows[0] if self.record.rows else 0

    @property
    def applies(self):
        """Whether importing changes anything for this helpline."""
        return self.action in ("create", "update")


def suggestion(value, choices):
    """ " Did you mean “X”?" for the closest choice, or an empty string."""
    lowered = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f" Did you mean “{lowered[close[0]]}”?" if close else ""


def split_list(value):
    return [item.strip() for item in re.split(r"[;\n]", value or "") if item.strip()]


class Checker:
    """Checks records against the database; holds lookups shared by every record."""

    def __init__(self, user=None, create_organisations=False, new_countries=None):
        self.user = user
        self.create_organisations = create_organisations
        # Countries the import may add, with their emergency numbers (read_new_countries).
        self.new_countries = new_countries or {}
        self.organisations = {o.name.lower(): o for o in Organisation.objects.all()}
        self.countries = {c.code: c for c in Country.objects.all()}
        self.audiences = {}
        for audience in Audience.objects.all():
            self.audiences[audience.slug] = self.audiences[audience.name.lower()] = audience
        self.topics, self.synonyms = {}, {}
        for topic in Topic.objects.all():
            self.topics[topic.slug] = self.topics[topic.name.lower()] = topic
            for synonym in topic.synonym_list:
                self.synonyms.setdefault(synonym.lower(), topic)
        self.zones = known_timezones()
        self.index = originals(HelplineIndexPage.objects.all()).first()
        self.by_external_id = dict(
            originals(HelplinePage.objects.exclude(external_id="")).values_list("external_id", "pk")
        )
        self.pages = {}
        self.allowed = None
        if user is not None and not manages_all_organisations(user):
            self.allowed = organisation_ids_for(user)

    def page_id(self, external_id):
        pk = self.by_external_id.get(external_id)
        own = OWN_ID.match(external_id)
        return int(own.group(1)) if pk is None and own else pk

    def load_pages(self, records):
        """Read every helpline the records name in a few queries; a helpline with a draft
        is read from its latest revision, as an editor would see it."""
        pks = {self.page_id(record.external_id) for record in records} - {None}
        found = HelplinePage.objects.filter(pk__in=pks).prefetch_related(
            "channels", "countries", "audiences", "topics"
        )
        self.pages = {
            page.pk: page.get_latest_revision_as_object() if page.has_unpublished_changes else page
            for page in found.select_related("organisation")
        }

    def find_page(self, external_id):
        return self.pages.get(self.page_id(external_id))

    def check(self, record, page=None):
        """What importing `record` would do: to the helpline of its external id, or to
        `page` when the person importing links it to one."""
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
        page = page or self.find_page(record.external_id)
        outcome.page = page
        record = fill_from(record, record_from_page(page) if page else None)
        outcome.record = record
        if self.index is None:
            problem("external_id", "There is no helpline directory page to import into.")
        cleaned = outcome.cleaned
        cleaned["title"] = record.title or ""
        cleaned["summary"] = record.summary or ""
        for name, missing in (
            ("title", "Enter the helpline's name."),
            ("summary", "Enter a one or two sentence summary."),
        ):
            limit = HelplinePage._meta.get_field(name).max_length
            if not cleaned[name]:
                problem(name, missing)
            elif len(cleaned[name]) > limit:
                problem(name, f"Keep this to {limit} characters (it has {len(cleaned[name])}).")
        organisation = self.organisations.get((record.organisation or "").lower())
        if organisation is None and self.create_organisations and record.organisation:
            organisation = self.new_organisation(record.organisation, problem)
        if organisation is None and not record.organisation:
            problem("organisation", "Name the organisation that runs this helpline.")
        elif organisation is None:
            names = [o.name for o in self.organisations.values() if o.pk]
            problem(
                "organisation",
                f"No organisation is called “{record.organisation}”."
                + suggestion(record.organisation, names),
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
        for name, taxonomy in record.foreign_terms:
            topic = self.topics.get(name.lower()) or self.synonyms.get(name.lower())
            if topic is None:
                where = f" ({taxonomy})" if taxonomy else ""
                outcome.not_kept.append(
                    f"attributes: the term “{name}”{where}, which no topic is called: add it to "
                    "a topic's synonyms to map it"
                )
            elif topic not in cleaned["topics"]:
                cleaned["topics"].append(topic)
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

    def new_organisation(self, name, problem):
        """An organisation the import will add, shared by every row that names it; None if
        this user may not add one or the name does not fit."""
        name = " ".join(name.split())
        limit = Organisation._meta.get_field("name").max_length
        if self.allowed is not None:
            problem(
                "organisation",
                f"There is no “{name}” yet, and only those who manage every organisation "
                "may add one: ask a moderator.",
            )
            return None
        if len(name) > limit:
            problem("organisation", f"Keep organisation names to {limit} characters.")
            return None
        organisation = Organisation(name=name)
        self.organisations[name.lower()] = organisation
        return organisation

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
            elif iso.alpha_2 in self.new_countries:
                found.append(self.new_country(iso, problem))
            else:
                problem(
                    "countries",
                    f"Waymark does not list {iso.name} ({iso.alpha_2}) yet: an administrator can "
                    "add it under Directory → Countries, or add it with this import by giving "
                    f"its emergency number ({iso.alpha_2}=…).",
                )
        if not found and not value:
            problem("countries", "Enter the countries served, as ISO codes such as GB IE.")
        return found

    def new_country(self, iso, problem):
        """A country the import will add with the emergency numbers given for it, shared by
        every row that names it."""
        if self.user is not None and not self.user.has_perm("resources.add_country"):
            problem("countries", "Only administrators can add countries.")
        country = Country(code=iso.alpha_2, name=getattr(iso, "common_name", iso.name))
        country.emergency_numbers = [
            EmergencyNumber(number=number) for number in self.new_countries[iso.alpha_2]
        ]
        self.countries[iso.alpha_2] = country
        return country

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
        """A whole number of days, within the limits the helpline's own field sets."""
        field = HelplinePage._meta.get_field("review_interval_days")
        if not value:
            return field.get_default()
        limits = {type(v).__name__: v.limit_value for v in field.validators}
        low, high = limits["MinValueValidator"], limits["MaxValueValidator"]
        if not value.isdigit() or not low <= int(value) <= high:
            problem("review_interval_days", f"Give a number of days from {low} to {high}.")
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

    def channel_zone(self, given, abbreviation, regions, has_hours, problem):
        """The channel's IANA zone: the one given, else the zone of the countries served
        that goes by the abbreviation written beside the hours ("9am-5pm JST"), else the
        countries' own zone. A choice between zones with different clocks is refused."""
        if given:
            if given not in self.zones:
                problem(
                    "channel_timezone",
                    f"“{given}” is not a time zone." + suggestion(given, self.zones),
                )
            elif abbreviation and abbreviation not in zone_abbreviations(given):
                problem(
                    "channel_hours",
                    f"The hours say “{abbreviation}”, but {given} goes by "
                    f"{' and '.join(sorted(zone_abbreviations(given)))}.",
                )
            return given
        candidates = [zone for code in regions for zone in country_zones().get(code, [])]
        if abbreviation:
            candidates = [zone for zone in candidates if abbreviation in zone_abbreviations(zone)]
            if not candidates:
                problem(
                    "channel_hours",
                    f"“{abbreviation}” is not the time in any country this helpline serves: "
                    "give channel_timezone, such as Europe/London.",
                )
                return "Europe/London"
        if not candidates:
            return "Europe/London"
        if has_hours and len({zone_offsets(zone) for zone in candidates}) > 1:
            problem(
                "channel_timezone",
                f"The countries served keep several times ({', '.join(candidates[:3])}…): "
                "say which one the hours are in.",
            )
        return candidates[0]

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
        else:
            number, data["extension"] = split_extension(channel.value)
            if data["extension"] and channel.kind != ContactChannel.Kind.PHONE:
                problem("channel_value", "Only phone lines have extensions: give the number alone.")
            try:
                data["value"] = rules.channel_value(channel.kind, number, regions)
            except ValidationError as error:
                problem("channel_value", f"“{channel.value}”: " + " ".join(error.messages))
        try:
            always, windows, abbreviation = parse_hours_text(channel.hours)
        except HoursTextError as error:
            problem("channel_hours", str(error))
            always, windows, abbreviation = False, [], ""
        zone = self.channel_zone(
            channel.timezone, abbreviation, regions, always or windows, problem
        )
        data["timezone"] = zone
        try:
            data["languages"] = rules.channel_languages(channel.languages)
        except ValidationError as error:
            problem(
                "channel_languages", " ".join(error.messages) + language_hint(channel.languages)
            )
        if zone in self.zones:
            for message in WeeklyHours(zone, tuple(windows), always).problems():
                problem("channel_hours", message)
        data["always_open"], data["windows"] = always, windows
        for name in ("label", "keyword", "cost"):
            limit = ContactChannel._meta.get_field(name).max_length
            if len(data[name]) > limit:
                problem(f"channel_{name}", f"Keep this under {limit} characters.")
        return data


EMERGENCY_NUMBER = re.compile(r"\d{2,6}")


def read_new_countries(text):
    """The countries an import may add, each with its emergency numbers, from text such as
    "CA=911 NZ=111" (several numbers: "GB=999,112"). Raises ValueError naming the problem:
    an emergency number is shown to people in danger, so every one is given by a person."""
    found = {}
    for entry in text.replace(";", " ").split():
        code, _, numbers = entry.partition("=")
        code = code.upper()
        if pycountry.countries.get(alpha_2=code) is None:
            raise ValueError(f"“{code}” is not an ISO 3166-1 two-letter country code, such as CA.")
        if not numbers:
            raise ValueError(f"Give {code}'s emergency number after “=”, such as {code}=911.")
        for number in numbers.split(","):
            if not EMERGENCY_NUMBER.fullmatch(number):
                raise ValueError(
                    f"“{number}” is not an emergency number: 2 to 6 digits, such as {code}=911."
                )
        found[code] = numbers.split(",")
    listed = sorted(Country.objects.filter(code__in=found).values_list("code", flat=True))
    if listed:
        raise ValueError(
            f"{', '.join(listed)} listed already: change emergency numbers under Directory → "
            "Countries."
        )
    return found


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
