"""Helplines as files give them. The CSV and HSDS readers make these records, the import
checks and applies them, and the CSV export writes them; `fill_from` completes what a file
leaves unsaid from the helpline as it is, and `differences` says, field by field, what one
record would change in another."""

import re
from dataclasses import dataclass, field, fields, replace

from .hours_text import format_hours_text
from .opening_hours import WeeklyHours
from .validators import join_extension, split_extension

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
MAX_ROWS = 50_000
# The external id an export gives a helpline that has none of its own: its page id.
OWN_ID = re.compile(r"^waymark-(\d+)$")


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, missing columns, too large."""


# The kinds of channel HSDS lists as phones ("voice" and "text"; WhatsApp numbers are
# "text" too).
PHONE_CHANNEL_KINDS = frozenset({"phone", "sms", "whatsapp"})
ALIKE = {"sms": {"sms", "whatsapp"}}


@dataclass
class ChannelRecord:
    """One contact channel as a file gives it. None: the file does not say (HSDS has no
    place for a label, keyword or cost), and an existing channel keeps what it has."""

    kind: str
    value: str
    label: str | None = ""
    keyword: str | None = ""
    timezone: str = ""
    hours: str = ""
    languages: str | None = ""
    cost: str | None = ""
    notes: str | None = ""

    def is_like(self, other):
        """Whether `other` is the same channel, however its number is written."""
        if other.kind not in ALIKE.get(self.kind, {self.kind}):
            return False
        if self.kind in PHONE_CHANNEL_KINDS:
            return same_number(self.value, other.value)
        return self.value.strip().lower() == other.value.strip().lower()

    def filled_from(self, other=None):
        """This channel with what it leaves unsaid taken from `other` (or left empty), and
        `other`'s kind (HSDS's "text" may be WhatsApp)."""
        values = {
            f.name: getattr(other, f.name) if other else ""
            for f in fields(self)
            if getattr(self, f.name) is None
        }
        return replace(self, kind=other.kind if other else self.kind, **values)


def same_number(first, second):
    """Whether two phone numbers, however formatted, are the same: their last seven digits
    (or all of them, if fewer) agree."""
    first, second = (re.sub(r"\D", "", split_extension(number)[0]) for number in (first, second))
    if not first or not second:
        return False
    tail = min(7, len(first), len(second))
    return first[-tail:] == second[-tail:]


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
    # The kinds of channel the file lists in full: a helpline's channels of these kinds that
    # the file lacks are removed; others are kept, and the file's own added. None: every
    # kind (a CSV file lists every channel).
    channel_kinds: frozenset | None = field(default=None, compare=False)
    # Taxonomy terms from other taxonomies, as (name, taxonomy): mapped to topics through
    # their names and synonyms where one fits.
    foreign_terms: list = field(default_factory=list, compare=False)
    # What the file holds that Waymark does not keep, by where it is in the file.
    not_kept: list = field(default_factory=list, compare=False)
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
                value=join_extension(channel.value, channel.extension),
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


@dataclass(frozen=True)
class Change:
    """One field an import would change, with what it holds now and what it would hold."""

    column: str
    old: str
    new: str
    # Which channel, and which of its fields, for changes to channels.
    subject: str = ""

    def __str__(self):
        where = f"{self.column} ({self.subject})" if self.subject else self.column
        return f"{where}: “{self.old}” → “{self.new}”"


def differences(current, record):
    """The changes `record` would make, field by field, for the dry-run report."""
    changed = [
        Change(column, getattr(current, column) or "", getattr(record, column) or "")
        for column in HELPLINE_COLUMNS
        if column != "external_id" and getattr(current, column) != getattr(record, column)
    ]
    return changed + channel_differences(current.channels, record.channels)


def channel_differences(current, proposed):
    """Channels added, removed or changed, each named by its kind and value."""

    def key(channel):
        return (channel.kind, split_extension(channel.value)[0])

    before = {key(channel): channel for channel in current}
    after = {key(channel): channel for channel in proposed}
    changes = []
    for found, channel in after.items():
        name = f"{channel.kind} {key(channel)[1]}"
        if found not in before:
            changes.append(Change("channels", "", "added", subject=name))
            continue
        for part in fields(ChannelRecord):
            old, new = getattr(before[found], part.name), getattr(channel, part.name)
            if old != new:
                changes.append(Change("channels", old, new, subject=f"{name}, {part.name}"))
    for found, channel in before.items():
        if found not in after:
            changes.append(
                Change("channels", "", "removed", subject=f"{channel.kind} {channel.value}")
            )
    if not changes and [key(c) for c in current] != [key(c) for c in proposed]:
        changes.append(Change("channels", "", "in a new order"))
    return changes


def fill_from(record, current):
    """`record` with everything it leaves unsaid taken from the helpline as it is
    (`current`, or nothing for a new helpline)."""
    values = {
        f.name: getattr(current, f.name) if current else None
        for f in fields(HelplineRecord)
        if getattr(record, f.name) is None
    }
    values["channels"] = merged_channels(record, current.channels if current else [])
    return replace(record, **values)


def merged_channels(record, current):
    """The channels a helpline would have: every one the file gives, in the helpline's order
    where it has them already; and, of kinds the file does not list in full (HSDS has no
    place for web chat), those the helpline has."""
    if record.channel_kinds is None:
        return record.channels or current
    given = list(record.channels)
    merged = []
    for channel in current:
        match = next((found for found in given if found.is_like(channel)), None)
        if match is not None:
            given.remove(match)
            merged.append(match.filled_from(channel))
        elif channel.kind not in record.channel_kinds:
            merged.append(channel)
    return merged + [channel.filled_from() for channel in given]


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
                value=join_extension(data["value"], data.get("extension", "")),
                hours=format_hours_text(
                    WeeklyHours(data["timezone"], tuple(data["windows"]), data["always_open"])
                ),
            )
            for data in cleaned["channels"]
        ],
    )
