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

from django.utils import formats, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# The days in English, as imports, exports (HSDS) and the admin's hours block read and
# write them: never translated.
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# The days as the public reads them on their own: "Monday", "Monday to Friday".
WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
# The days inside a sentence ("opens on Monday at 9am"), where some languages write them
# differently: lower case in French and Spanish, mutated in Welsh ("ddydd Llun").
WEEKDAYS_IN_SENTENCE = [
    pgettext_lazy("weekday in a sentence, as in “opens on Monday at 9am”", "Monday"),
    pgettext_lazy("weekday in a sentence, as in “opens on Tuesday at 9am”", "Tuesday"),
    pgettext_lazy("weekday in a sentence, as in “opens on Wednesday at 9am”", "Wednesday"),
    pgettext_lazy("weekday in a sentence, as in “opens on Thursday at 9am”", "Thursday"),
    pgettext_lazy("weekday in a sentence, as in “opens on Friday at 9am”", "Friday"),
    pgettext_lazy("weekday in a sentence, as in “opens on Saturday at 9am”", "Saturday"),
    pgettext_lazy("weekday in a sentence, as in “opens on Sunday at 9am”", "Sunday"),
]
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
        """“9am to 5pm”, “10pm to 2am (next day)”, in the active language."""
        values = {"opens": format_time(self.opens), "closes": format_time(self.closes)}
        if self.closes_next_day and _minutes(self.closes) != 0:
            # Translators: opening hours that run past midnight, e.g. “10pm to 2am (next day)”.
            return gettext("%(opens)s to %(closes)s (next day)") % values
        # Translators: opening hours within one day, e.g. “9am to 5pm”.
        return gettext("%(opens)s to %(closes)s") % values


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
            return [(gettext("Every day"), gettext("Open 24 hours"))]
        by_day = {}
        for day in range(7):
            windows = sorted(
                (w for w in self.windows if w.day == day and w.length > 0),
                key=lambda w: w.opens,
            )
            by_day[day] = ", ".join(w.describe() for w in windows) or pgettext(
                "opening hours of a day with none", "Closed"
            )
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
    """“Monday”, “Saturday and Sunday”, “Monday to Friday”, “Every day”."""
    if first == last:
        return str(WEEKDAYS[first])
    if first == 0 and last == 6:
        return gettext("Every day")
    days = {"first": WEEKDAYS[first], "last": WEEKDAYS[last]}
    if last == first + 1:
        # Translators: two days in a row with the same opening hours, e.g. “Saturday and Sunday”.
        return gettext("%(first)s and %(last)s") % days
    # Translators: a run of days with the same opening hours, e.g. “Monday to Friday”.
    return gettext("%(first)s to %(last)s") % days


def format_time(value):
    """9am, 5:30pm, midday, midnight: how times are written in plain English (and, through
    the translations, in other languages of the 12-hour clock). Languages of the 24-hour
    clock (French, Spanish: 17:00) write the time as their locale does."""
    if "H" in get_format("TIME_FORMAT") or "G" in get_format("TIME_FORMAT"):
        return formats.time_format(value, "TIME_FORMAT")
    if value.hour == 0 and value.minute == 0:
        return pgettext("time of day", "midnight")
    if value.hour == 12 and value.minute == 0:
        return pgettext("time of day", "midday")
    values = {"hour": value.hour % 12 or 12, "minute": f"{value.minute:02d}"}
    if value.hour < 12:
        if value.minute:
            return (
                pgettext("time before midday with minutes, e.g. 9:30am", "%(hour)s:%(minute)sam")
                % values
            )
        return pgettext("time before midday on the hour, e.g. 9am", "%(hour)sam") % values
    if value.minute:
        return (
            pgettext("time after midday with minutes, e.g. 5:30pm", "%(hour)s:%(minute)spm")
            % values
        )
    return pgettext("time after midday on the hour, e.g. 5pm", "%(hour)spm") % values


def describe_status(status, now):
    """“Open 24/7”, “Open now — closes at 5pm (GMT)”, “Closed — opens tomorrow at 9am (GMT)”:
    whole sentences, each translated as one."""
    if status is None:
        return ""
    if status.always_open:
        return gettext("Open 24/7")
    if status.is_open:
        when, values = _change(status.changes_at, now)
        if when == "today":
            return gettext("Open now — closes at %(time)s (%(zone)s)") % values
        if when == "tomorrow":
            return gettext("Open now — closes tomorrow at %(time)s (%(zone)s)") % values
        return gettext("Open now — closes on %(day)s at %(time)s (%(zone)s)") % values
    if status.changes_at:
        when, values = _change(status.changes_at, now)
        if when == "today":
            return gettext("Closed — opens at %(time)s (%(zone)s)") % values
        if when == "tomorrow":
            return gettext("Closed — opens tomorrow at %(time)s (%(zone)s)") % values
        return gettext("Closed — opens on %(day)s at %(time)s (%(zone)s)") % values
    return gettext("Closed")


def _change(changes_at, now):
    """Whether `changes_at` is "today", "tomorrow" or "later" than `now` in its zone, and
    the time (“5pm”), zone (“GMT”) and day (“Monday”) to put in a sentence about it."""
    local_now = now.astimezone(changes_at.tzinfo)
    days = (changes_at.date() - local_now.date()).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else "later"
    values = {
        "time": format_time(changes_at.time()),
        "zone": changes_at.tzname(),
        "day": WEEKDAYS_IN_SENTENCE[changes_at.weekday()],
    }
    return when, values
