"""HSDS 3.0 schedules read as a channel's weekly hours.

A schedule that is not weekly (certain weeks or days of the month, every other week, a
number of times) is refused with its reason rather than widened to every week; one that
has ended, or has not started, is left out and said so. Times are local to a zone named in
the schedule's notes (as Waymark's export writes it), else to the countries' zone that has
its numeric `timezone` offset.
"""

import re
from datetime import date, timedelta

from django.utils import timezone

from .hsds import DAY_CODES, is_empty, text
from .opening_hours import country_zones, zone_offsets
from .records import Problem, same_number

ZONE_IN_NOTES = re.compile(r"\b([A-Z][A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)\b")
DAY_ABBREVIATIONS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def weekly_schedules(schedules, record, number):
    """The schedules that give weekly hours, as (position, schedule, zone). Others are
    refused with a reason (record.reading_problems) or, when not in force today, left out
    and said so (record.not_kept)."""
    today = timezone.localdate()
    kept = []
    for position, schedule in enumerate(schedules, start=1):
        where = f"schedules › {position}"
        try:
            ends = earliest(schedule, "valid_to", "until")
            starts = latest(schedule, "valid_from", "dtstart")
        except ValueError as error:
            record.reading_problems.append(Problem(number, where, str(error)))
            continue
        if ends and ends < today:
            record.not_kept.append(f"{where}: ended on {ends.isoformat()}")
            continue
        if starts and starts > today:
            record.not_kept.append(f"{where}: starts on {starts.isoformat()}; import it then")
            continue
        if not (schedule.get("byday") or schedule.get("opens_at")):
            record.not_kept.append(f"{where}: gives no days or times")
            continue
        reason = not_weekly(schedule)
        if reason:
            record.reading_problems.append(
                Problem(
                    number,
                    where,
                    f"{reason} Waymark keeps hours that are the same every week, so this "
                    "schedule is refused rather than widened to every week.",
                )
            )
            continue
        zone = schedule_zone(schedule, record, number, where)
        kept.append((position, schedule, zone))
    return kept


def earliest(schedule, *names):
    found = [read_date(schedule, name) for name in names if schedule.get(name)]
    return min(found) if found else None


def latest(schedule, *names):
    found = [read_date(schedule, name) for name in names if schedule.get(name)]
    return max(found) if found else None


def read_date(schedule, name):
    value = text(schedule.get(name))
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{name} “{value}” is not a date such as 2026-10-31.") from None


def not_weekly(schedule):
    """Why a schedule does not say the same hours every week, or an empty string."""
    freq = text(schedule.get("freq")).upper()
    if freq and freq != "WEEKLY":
        return f"It repeats {freq.lower()}, not weekly."
    interval = schedule.get("interval")
    if interval not in (None, "", 1):
        return f"It repeats every {interval} weeks."
    for name, what in (
        ("byweekno", "in weeks {} of the year"),
        ("bymonthday", "on days {} of the month"),
        ("byyearday", "on days {} of the year"),
    ):
        if not is_empty(schedule.get(name)):
            return f"It runs only {what.format(text(schedule[name]))}."
    if not is_empty(schedule.get("count")):
        return f"It runs only {schedule['count']} times."
    days = schedule_days(schedule)
    unknown = [day for day in days if day not in DAY_CODES]
    if unknown:
        return f"byday “{', '.join(unknown)}” is not a day of the week such as MO or SA."
    if not days:
        return "It names no days (byday)."
    if not (schedule.get("opens_at") and schedule.get("closes_at")):
        return "It needs both opens_at and closes_at."
    return ""


def schedule_days(schedule):
    """The day codes of a schedule's byday ("MO,TU"), as written."""
    return [day.strip().upper() for day in text(schedule.get("byday")).split(",") if day.strip()]


def schedule_zone(schedule, record, number, where):
    """The IANA zone a schedule's times are in: one named in its notes (as Waymark's export
    writes), else the zone of the countries served with its numeric `timezone` offset, else
    a fixed offset (said in the report, as it does not follow summer time). Empty when the
    schedule says nothing: the import takes the countries' zone."""
    named = ZONE_IN_NOTES.search(text(schedule.get("notes")))
    if named:
        return named.group(1)
    offset = schedule.get("timezone")
    if offset in (None, ""):
        return ""
    if not -14 <= offset <= 14:  # NaN fails this too
        record.reading_problems.append(
            Problem(number, f"{where} › timezone", f"{offset} is not an offset from UTC in hours.")
        )
        return ""
    hours = timedelta(hours=float(offset))
    regions = (record.countries or "").split()
    candidates = [
        zone
        for code in regions
        for zone in country_zones().get(code, [])
        if hours in zone_offsets(zone)
    ]
    if len({zone_offsets(zone) for zone in candidates}) == 1:
        return candidates[0]
    if float(offset).is_integer():
        fixed = f"Etc/GMT{-int(offset):+d}" if offset else "Etc/GMT"
        record.not_kept.append(
            f"{where} › timezone: read as a fixed UTC{float(offset):+g} ({fixed}), which does "
            "not follow summer time"
        )
        return fixed
    record.reading_problems.append(
        Problem(
            number,
            f"{where} › timezone",
            f"UTC{float(offset):+g} is not the time in any country this service serves: "
            "name the zone in the schedule's notes, such as Asia/Kolkata.",
        )
    )
    return ""


def phone_hours(schedules, value, by_phone, record, number):
    """The zone and hours text of one phone: from the schedules that name its number in
    their description when they are `by_phone`, else from all of them."""
    chosen = schedules
    if by_phone:
        chosen = [kept for kept in schedules if same_number(description_number(kept[1]), value)]
    zones = {zone for _, _, zone in chosen}
    if len(zones) > 1:
        record.reading_problems.append(
            Problem(number, "schedules", f"The hours of {value} are in several zones.")
        )
    parts = []
    for _, schedule, _ in chosen:
        days = [DAY_CODES.index(day) for day in schedule_days(schedule)]
        opens, closes = text(schedule["opens_at"])[:5], text(schedule["closes_at"])[:5]
        if len(set(days)) == 7 and opens == closes == "00:00":
            return min(zones), "24/7"
        names = ",".join(DAY_ABBREVIATIONS[day] for day in days)
        parts.append(f"{names} {opens}-{closes}")
    return (min(zones) if zones else ""), "; ".join(parts)


def description_number(schedule):
    """The number a schedule's description starts by naming ("Phone 0800 1111: …")."""
    return text(schedule.get("description")).partition(":")[0]
