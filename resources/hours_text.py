"""Opening hours written as text, as spreadsheets, HSDS schedules and people write them.

One grammar reads them all: "Mon-Fri 09:00-17:00; Sat 10:00-14:00", "Monday to Saturday
10am–8pm", "Daily 7pm-11pm", "Weekdays 9:00-13:00, 14:00-17:00, Sun closed", "24/7". It
accepts every kind of dash, full and short day names, Daily / Weekdays / Weekends,
12-hour times, 24:00 and several ranges a day. What it cannot read is refused with the
exact words it could not read: it never keeps part of the hours and drops the rest.

`format_hours_text` writes the one canonical form, which the grammar reads back as the
same hours.
"""

import re
from datetime import time

from .opening_hours import DAY_NAMES, MINUTES_PER_DAY, Window

ALWAYS = "24/7"
DAY_ABBREVIATIONS = [name[:3] for name in DAY_NAMES]

ALWAYS_PHRASES = {
    "24/7",
    "24/7/365",
    "24 hours",
    "24hrs",
    "24 hrs",
    "always",
    "always open",
    "open 24/7",
    "open 24 hours",
    "24 hours a day, 7 days a week",
    "24 hours, 7 days a week",
}
WHOLE_DAY_WORDS = ("24 hours", "24hrs", "24 hrs", "24h", "all day", "open 24 hours")


def _day_words():
    """Every way of writing a day or a set of days, mapped to day numbers (0 = Monday)."""
    words = {}
    for number, name in enumerate(DAY_NAMES):
        lowered = name.lower()
        for spelling in (lowered, lowered + "s", lowered[:3], lowered[:3] + "."):
            words[spelling] = [number]
    for spelling, number in {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}.items():
        words[spelling] = words[spelling + "."] = [number]
    for spelling, numbers in {
        "daily": range(7),
        "every day": range(7),
        "everyday": range(7),
        "7 days": range(7),
        "7 days a week": range(7),
        "all week": range(7),
        "weekdays": range(5),
        "weekday": range(5),
        "weekends": range(5, 7),
        "weekend": range(5, 7),
    }.items():
        words[spelling] = list(numbers)
    return words


DAY_WORDS = _day_words()

# Words that join days or times into a list, that run from one to another, and that
# merely introduce what follows ("open Monday to Friday from 9am").
LIST_WORDS = {",", "&", "and", "/", "+"}
RANGE_WORDS = {"-", "to", "until", "till", "til", "through", "thru"}
FILLER_WORDS = {"open", "from", "on", "at", "hours", ":"}
CLOSED_WORDS = {"closed"}

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
TOKEN = re.compile(
    r"""
    (?P<time>
        \d{1,2}(?:[:.h]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])
      | \d{1,2}[:.h]\d{2}
      | \d{4}(?!\d)
      | noon | midday | midnight
    )
  | (?P<phrase>"""
    + "|".join(
        re.escape(phrase)
        for phrase in sorted(
            set(ALWAYS_PHRASES) | set(WHOLE_DAY_WORDS) | {w for w in DAY_WORDS if " " in w},
            key=len,
            reverse=True,
        )
    )
    + r""")(?![a-z0-9])
  | (?P<word>[a-z]+\.?)
  | (?P<mark>[-,&/+:;|\n])
  | (?P<number>\d+)
  | (?P<bad>\S+)
    """,
    re.VERBOSE,
)
HOURS_12 = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])\.?m\.?$")
HOURS_24 = re.compile(r"^(\d{1,2})[:.h](\d{2})$|^(\d{2})(\d{2})$")
NAMED_TIMES = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
# Abbreviations that name a zone beside the hours ("9am-5pm GMT"): checked, not used.
ZONE_SUFFIX = re.compile(r"\s*\(?\b([A-Z]{2,5}|UTC[+-]\d{1,2})\)?\s*$")


class HoursTextError(ValueError):
    """The text cannot be read as opening hours; the message names the part that can't."""


def parse_hours_text(text):
    """Read opening hours written as text.

    Returns (always_open, windows, zone_abbreviation). An empty text means no set hours.
    A range that closes at or before it opens runs into the next day; 24:00 and midnight
    as a closing time are the end of the day. Raises HoursTextError for anything that
    cannot be read whole.
    """
    text = (text or "").strip()
    zone = ""
    found = ZONE_SUFFIX.search(text)
    if found and found.group(1).lower() not in {*DAY_WORDS, "am", "pm"}:
        zone, text = found.group(1), text[: found.start()]
    text = re.sub(rf"[{DASHES}]", "-", text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text).strip()
    if not text:
        if zone:
            raise HoursTextError(f"“{zone}” is a time zone, but no hours come before it.")
        return False, [], ""
    if text.lower().rstrip(".") in ALWAYS_PHRASES:
        return True, [], zone
    groups = [group.strip() for group in re.split(r"[;|\n]", text) if group.strip()]
    windows, closed = [], {}
    for group in groups:
        for days, spans in _read_group(group):
            if spans is None:
                closed.update(dict.fromkeys(days, group))
                continue
            windows += [_window(day, opens, closes) for day in days for opens, closes in spans]
    for window in windows:
        if window.day in closed:
            raise HoursTextError(
                f"{DAY_NAMES[window.day]} is both open and closed (“{closed[window.day]}”)."
            )
    windows = sorted(set(windows), key=lambda w: (w.day, w.opens))
    if [(w.day, w.length) for w in windows] == [(day, MINUTES_PER_DAY) for day in range(7)]:
        return True, [], zone
    return False, windows, zone


def _tokens(group):
    tokens = []
    for match in TOKEN.finditer(group.lower()):
        kind = match.lastgroup
        value = match.group(kind).strip()
        if kind == "word" and value in DAY_WORDS or kind == "phrase" and value in DAY_WORDS:
            kind = "day"
        elif kind == "phrase":
            kind = "whole_day"
        elif kind == "word" and value in RANGE_WORDS:
            kind = "range"
        elif kind == "word" and value in LIST_WORDS:
            kind = "list"
        elif kind == "word" and value in CLOSED_WORDS:
            kind = "closed"
        elif kind == "word" and value in FILLER_WORDS:
            continue
        elif kind == "mark":
            kind = {"-": "range", ":": None}.get(value, "list")
            if kind is None:
                continue
        elif kind == "number":
            raise HoursTextError(
                f"“{value}” in “{group}” is not a time: write 09:00 or 9am, 17:30 or 5:30pm."
            )
        elif kind in ("word", "bad"):
            raise HoursTextError(f"Could not read “{value}” in “{group}”.")
        tokens.append((kind, value))
    return tokens


def _read_group(group):
    """[(days, spans)] for one group such as "Mon-Fri 9am-5pm, Sat 10am-2pm"; spans is
    None for days written as closed."""
    tokens = _tokens(group)
    result = []
    position = 0
    while position < len(tokens):
        days, position = _read_days(tokens, position, group)
        if days and _kinds(tokens, position) == ("list", "time"):
            position += 1  # "Monday to Friday, 9am-5pm"
        spans, position = _read_spans(tokens, position, group)
        if not days:
            # Times first, then the days they apply to: "9am-5pm Mon-Fri", "closed Sundays".
            days, position = _read_days(tokens, position, group)
        if not days:
            raise HoursTextError(f"“{group}” does not say which days: add Mon-Fri, Daily…")
        if spans == []:
            raise HoursTextError(f"“{group}” does not say which times: add 09:00-17:00, 9am-5pm…")
        result.append((days, spans))
        if position < len(tokens) and tokens[position][0] == "list":
            position += 1
    return result


def _kinds(tokens, position):
    """The kinds of the two tokens from `position`."""
    return tuple(kind for kind, _ in tokens[position : position + 2])


def _read_days(tokens, position, group):
    days = []
    while position < len(tokens) and tokens[position][0] == "day":
        first = DAY_WORDS[tokens[position][1]]
        position += 1
        if len(first) == 1 and _kinds(tokens, position) == ("range", "day"):
            last = DAY_WORDS[tokens[position + 1][1]]
            if len(last) != 1:
                raise HoursTextError(
                    f"“{tokens[position + 1][1]}” ends a range of days in “{group}”."
                )
            day = first[0]
            first = [day]
            while day != last[0]:
                day = (day + 1) % 7
                first.append(day)
            position += 2
        days += [day for day in first if day not in days]
        if _kinds(tokens, position) == ("list", "day"):
            position += 1
    return days, position


def _read_spans(tokens, position, group):
    if position < len(tokens) and tokens[position][0] == "closed":
        return None, position + 1
    if position < len(tokens) and tokens[position][0] == "whole_day":
        return [(time(0, 0), time(0, 0))], position + 1
    spans = []
    while position < len(tokens) and tokens[position][0] == "time":
        if _kinds(tokens, position + 1) != ("range", "time"):
            raise HoursTextError(
                f"“{tokens[position][1]}” in “{group}” should be a range, such as 09:00-17:00."
            )
        opens = _time(tokens[position][1], group, closing=False)
        closes = _time(tokens[position + 2][1], group, closing=True)
        spans.append((opens, closes))
        position += 3
        if _kinds(tokens, position) == ("list", "time"):
            position += 1
    return spans, position


def _time(text, group, closing):
    if text in NAMED_TIMES:
        return time(*NAMED_TIMES[text])
    hour = minute = None
    twelve = HOURS_12.match(text)
    if twelve:
        hour, minute = int(twelve.group(1)), int(twelve.group(2) or 0)
        if not 1 <= hour <= 12:
            raise HoursTextError(f"“{text}” in “{group}” is not a time: 12-hour times run 1 to 12.")
        hour = hour % 12 + (12 if twelve.group(3) == "p" else 0)
    else:
        found = HOURS_24.match(text)
        if found:
            hour = int(found.group(1) or found.group(3))
            minute = int(found.group(2) or found.group(4))
    if hour is None or minute > 59 or hour > 24 or (hour == 24 and minute):
        raise HoursTextError(
            f"“{text}” in “{group}” is not a time: use 09:00, 17:30, 9am or 5:30pm."
        )
    if hour == 24:
        if not closing:
            raise HoursTextError(f"“{text}” in “{group}” can only close a range.")
        hour = 0
    return time(hour, minute)


def _window(day, opens, closes):
    minutes_open = opens.hour * 60 + opens.minute
    minutes_closed = closes.hour * 60 + closes.minute
    overnight = minutes_closed != 0 and minutes_closed <= minutes_open
    return Window(day, opens, closes, overnight)


def format_hours_text(hours):
    """The canonical text for WeeklyHours: days that share all their ranges are grouped,
    "Mon-Fri 09:00-13:00, 14:00-17:00; Sat 10:00-14:00"; a range closing at midnight
    ends at 24:00; round the clock is "24/7"."""
    if hours.always_open:
        return ALWAYS
    by_day = {}
    for window in sorted(hours.windows, key=lambda w: (w.day, w.opens)):
        by_day.setdefault(window.day, []).append(_format_span(window))
    by_spans = {}
    for day, spans in sorted(by_day.items()):
        by_spans.setdefault(tuple(spans), []).append(day)
    return "; ".join(
        f"{_format_days(days)} {', '.join(spans)}"
        for spans, days in sorted(by_spans.items(), key=lambda item: item[1][0])
    )


def _format_span(window):
    closes = window.closes.strftime("%H:%M")
    if closes == "00:00":
        closes = "24:00"
    return f"{window.opens.strftime('%H:%M')}-{closes}"


def _format_days(days):
    """[0, 1, 2, 4] -> "Mon-Wed,Fri"."""
    runs = []
    for day in days:
        if runs and day == runs[-1][1] + 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return ",".join(
        DAY_ABBREVIATIONS[first]
        if first == last
        else f"{DAY_ABBREVIATIONS[first]}-{DAY_ABBREVIATIONS[last]}"
        for first, last in runs
    )
