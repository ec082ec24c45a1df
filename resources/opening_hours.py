"""Opening hours of a contact channel, and whether it is open at a given instant.

A channel's hours are a set of weekly windows in the channel's own IANA time zone. A
window belongs to the day it opens on and may run past midnight ("closes the next
day"). Every calculation compares real instants (UTC timestamps), so daylight-saving
changes, overnight windows and visitors in other time zones all come out right.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils import timezone

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


@cache
def known_timezones():
    """The IANA zone names this system has (reading them walks the zone files: once).

    "localtime" (Debian's link to the machine's own zone) and "Factory" are files in the
    zone folder but not zones anyone lives in, and browsers refuse them.
    """
    return frozenset(available_timezones() - {"localtime", "Factory"})


@cache
def country_zones():
    """ISO 3166 country code -> its IANA zones, principal zone first (tzdata's zone.tab)."""
    zones = {}
    for line in (files("tzdata") / "zoneinfo" / "zone.tab").read_text().splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.split("\t")[:3]
            zones.setdefault(code, []).append(name)
    return zones


def zone_abbreviations(name):
    """What a zone's clocks are called over a year: {"GMT", "BST"} for Europe/London."""
    zone = ZoneInfo(name)
    year = timezone.now().year
    return {datetime(year, month, 15, tzinfo=zone).tzname() for month in (1, 7)}


def zone_offsets(name):
    zone = ZoneInfo(name)
    year = timezone.now().year
    return tuple(datetime(year, month, 15, tzinfo=zone).utcoffset() for month in (1, 7))


def is_valid_timezone(name):
    if not name or name not in known_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _minutes(value):
    return value.hour * 60 + value.minute


@dataclass(frozen=True)
class Window:
    """One opening window: opens on `day` (0 = Monday) and closes the same or next day.

    A window that closes at 00:00 closes at the end of the day it opened.
    """

    day: int
    opens: time
    closes: time
    closes_next_day: bool = False

    @property
    def start_minute(self):
        """Minutes from Monday 00:00 to the opening."""
        return self.day * MINUTES_PER_DAY + _minutes(self.opens)

    @property
    def length(self):
        """Length of the window in minutes; zero or negative means the window is inverted."""
        closes = _minutes(self.closes)
        if closes == 0 or self.closes_next_day:
            closes += MINUTES_PER_DAY
        return closes - _minutes(self.opens)

    def bounds_on(self, day, zone):
        """The window's opening and closing instants when it opens on the date `day`."""
        start = datetime.combine(day, self.opens, tzinfo=zone)
        end_minute = _minutes(self.opens) + self.length
        end_day = day + timedelta(days=end_minute // MINUTES_PER_DAY)
        end_minute %= MINUTES_PER_DAY
        end = datetime.combine(end_day, time(end_minute // 60, end_minute % 60), tzinfo=zone)
        return start, end

    def describe(self):
        text = f"{format_time(self.opens)} to {format_time(self.closes)}"
        if self.closes_next_day and _minutes(self.closes) != 0:
            text += " (next day)"
        return text


@dataclass(frozen=True)
class OpenStatus:
    is_open: bool
    # When the status next changes, in the channel's time zone; None if it never does.
    changes_at: datetime | None
    always_open: bool = False


@dataclass(frozen=True)
class WeeklyHours:
    timezone: str
    windows: tuple[Window, ...] = field(default_factory=tuple)
    always_open: bool = False

    @property
    def zone(self):
        return ZoneInfo(self.timezone)

    def problems(self):
        """Plain-language descriptions of everything wrong with these hours."""
        problems = []
        if not is_valid_timezone(self.timezone):
            problems.append(
                f"“{self.timezone}” is not a time zone. Choose one such as Europe/London."
            )
        valid = []
        for window in self.windows:
            day = DAY_NAMES[window.day]
            if window.length <= 0:
                problems.append(
                    f"On {day} the window closes ({format_time(window.closes)}) before it opens "
                    f"({format_time(window.opens)}). If it runs past midnight, tick "
                    "“closes the next day”."
                )
            elif window.length > MINUTES_PER_DAY:
                problems.append(
                    f"On {day} the window from {window.describe()} is longer than 24 hours."
                )
            else:
                valid.append(window)
        ordered = sorted(valid, key=lambda w: w.start_minute)
        for index, window in enumerate(ordered):
            following = ordered[(index + 1) % len(ordered)]
            if following is window:
                break
            gap = (following.start_minute - window.start_minute) % MINUTES_PER_WEEK
            if gap < window.length:
                problems.append(
                    f"{DAY_NAMES[window.day]} {window.describe()} overlaps "
                    f"{DAY_NAMES[following.day]} {following.describe()}."
                )
        return problems

    def is_valid(self):
        return not self.problems()

    @property
    def key(self):
        """A short name that equal hours share, whatever order their windows were entered in.

        Search indexes store it instead of the hours: whether a key is open now is worked
        out once per key, not once per channel.
        """
        if self.covers_whole_week():
            return "always"
        windows = sorted(
            (w.day, w.opens.strftime("%H:%M"), w.closes.strftime("%H:%M"), w.closes_next_day)
            for w in self.windows
        )
        return hashlib.sha256(json.dumps([self.timezone, windows]).encode()).hexdigest()[:16]

    def covers_whole_week(self):
        """True when the windows join up into round-the-clock opening."""
        if self.always_open:
            return True
        spans = []
        for window in self.windows:
            if window.length > 0:
                start = window.start_minute
                end = start + window.length
                # A window running from Sunday night into Monday wraps round the week.
                spans.append((start, min(end, MINUTES_PER_WEEK)))
                if end > MINUTES_PER_WEEK:
                    spans.append((0, end - MINUTES_PER_WEEK))
        return merge_spans(spans) == [[0, MINUTES_PER_WEEK]]

    def _intervals(self, around):
        """Opening intervals as [start, end] timestamps for windows opening near `around`."""
        zone = self.zone
        local_day = around.astimezone(zone).date()
        intervals = []
        for offset in range(-2, 9):
            day = local_day + timedelta(days=offset)
            for window in self.windows:
                if window.day == day.weekday() and 0 < window.length <= MINUTES_PER_DAY:
                    start, end = window.bounds_on(day, zone)
                    if start.timestamp() < end.timestamp():
                        intervals.append((start.timestamp(), end.timestamp()))
        return merge_spans(intervals)

    def status_at(self, at):
        """Whether the channel is open at the aware datetime `at`, and when that changes."""
        if at.tzinfo is None:
            raise ValueError("status_at needs an aware datetime")
        if self.covers_whole_week():
            return OpenStatus(is_open=True, changes_at=None, always_open=True)
        moment = at.timestamp()
        for start, end in self._intervals(at):
            if start <= moment < end:
                return OpenStatus(True, datetime.fromtimestamp(end, self.zone))
            if start > moment:
                return OpenStatus(False, datetime.fromtimestamp(start, self.zone))
        return OpenStatus(False, None)

    def is_open_at(self, at):
        """Whether open at `at`; cheaper than status_at as it only looks at two days."""
        if at.tzinfo is None:
            raise ValueError("is_open_at needs an aware datetime")
        if self.always_open:
            return True
        moment = at.timestamp()
        zone = self.zone
        local_day = at.astimezone(zone).date()
        for offset in (0, -1):
            day = local_day + timedelta(days=offset)
            for window in self.windows:
                if window.day == day.weekday() and 0 < window.length <= MINUTES_PER_DAY:
                    start, end = window.bounds_on(day, zone)
                    if start.timestamp() <= moment < end.timestamp():
                        return True
        return False

    def describe(self):
        """The week in words, one line per run of days with the same hours."""
        if self.covers_whole_week():
            return [("Every day", "Open 24 hours")]
        by_day = {}
        for day in range(7):
            windows = sorted(
                (w for w in self.windows if w.day == day and w.length > 0),
                key=lambda w: w.opens,
            )
            by_day[day] = ", ".join(w.describe() for w in windows) or "Closed"
        lines = []
        day = 0
        while day < 7:
            last = day
            while last + 1 < 7 and by_day[last + 1] == by_day[day]:
                last += 1
            lines.append((_day_range(day, last), by_day[day]))
            day = last + 1
        return lines


class HasOpeningHours:
    """Open-now helpers for anything with `weekly_hours` and `has_hours` (a contact channel,
    or the finder's copy of one)."""

    def status(self, now=None):
        """Open-now status, or None when no hours are published."""
        if not self.has_hours:
            return None
        return self.weekly_hours.status_at(now or timezone.now())

    def status_text(self, now=None):
        now = now or timezone.now()
        return describe_status(self.status(now), now)

    def is_open(self, now):
        return self.has_hours and self.weekly_hours.is_open_at(now)


def merge_spans(spans):
    """Join overlapping or touching (start, end) spans into sorted [start, end] lists."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _day_range(first, last):
    if first == last:
        return DAY_NAMES[first]
    if first == 0 and last == 6:
        return "Every day"
    if last == first + 1:
        return f"{DAY_NAMES[first]} and {DAY_NAMES[last]}"
    return f"{DAY_NAMES[first]} to {DAY_NAMES[last]}"


def format_time(value):
    """9am, 5:30pm, midday, midnight: how times are written in plain English."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def describe_status(status, now):
    """“Open 24/7”, “Open now — closes at 5pm (GMT)”, “Closed — opens tomorrow at 9am (GMT)”."""
    if status is None:
        return ""
    if status.always_open:
        return "Open 24/7"
    if status.is_open:
        return f"Open now — closes {describe_change(status.changes_at, now)}"
    if status.changes_at:
        return f"Closed — opens {describe_change(status.changes_at, now)}"
    return "Closed"


def describe_change(changes_at, now):
    """“at 5pm”, “tomorrow at 9am”, “on Monday at 9am”, relative to `now` in the same zone."""
    local_now = now.astimezone(changes_at.tzinfo)
    days = (changes_at.date() - local_now.date()).days
    when = format_time(changes_at.time())
    zone = changes_at.tzname()
    if days == 0:
        return f"at {when} ({zone})"
    if days == 1:
        return f"tomorrow at {when} ({zone})"
    return f"on {DAY_NAMES[changes_at.weekday()]} at {when} ({zone})"
