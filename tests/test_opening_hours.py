"""Open-now logic: time zones, overnight windows, 24/7 and daylight-saving changes."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resources.opening_hours import OpenStatus, WeeklyHours, Window, describe_status, format_time
from search.understanding import OpenHours

LONDON = ZoneInfo("Europe/London")
MONDAY, TUESDAY, SATURDAY, SUNDAY = 0, 1, 5, 6


def office_hours(zone="Europe/London"):
    return WeeklyHours(zone, tuple(Window(day, time(9), time(17)) for day in range(5)))


def at(text, zone=LONDON):
    return datetime.fromisoformat(text).replace(tzinfo=zone)


class TestOpenNow:
    def test_open_inside_office_hours_and_closed_outside(self):
        hours = office_hours()
        assert hours.is_open_at(at("2026-11-23 09:00"))  # a Monday
        assert hours.is_open_at(at("2026-11-23 16:59"))
        assert not hours.is_open_at(at("2026-11-23 17:00"))
        assert not hours.is_open_at(at("2026-11-23 08:59"))
        assert not hours.is_open_at(at("2026-11-28 12:00"))  # a Saturday

    def test_uses_the_channels_own_time_zone(self):
        hours = office_hours("America/New_York")
        # 14:00 in London is 09:00 in New York in November.
        assert hours.is_open_at(at("2026-11-23 14:00"))
        assert not hours.is_open_at(at("2026-11-23 13:59"))

    def test_overnight_window_is_open_after_midnight_on_the_next_day(self):
        hours = WeeklyHours("Europe/London", (Window(MONDAY, time(22), time(2), True),))
        assert hours.is_open_at(at("2026-11-23 23:30"))  # Monday night
        assert hours.is_open_at(at("2026-11-24 01:59"))  # early Tuesday
        assert not hours.is_open_at(at("2026-11-24 02:00"))
        assert not hours.is_open_at(at("2026-11-24 23:00"))  # Tuesday night: not open

    def test_window_closing_at_midnight_runs_to_the_end_of_the_day(self):
        hours = WeeklyHours("Europe/London", (Window(MONDAY, time(17), time(0)),))
        assert hours.is_open_at(at("2026-11-23 23:59"))
        assert not hours.is_open_at(at("2026-11-24 00:00"))

    def test_24_7_is_always_open_and_never_changes(self):
        status = WeeklyHours("Europe/London", always_open=True).status_at(at("2026-11-23 03:00"))
        assert status.is_open and status.always_open and status.changes_at is None

    def test_windows_joining_into_a_whole_week_count_as_24_7(self):
        hours = WeeklyHours(
            "Europe/London", tuple(Window(day, time(0), time(0)) for day in range(7))
        )
        assert hours.covers_whole_week()
        assert hours.status_at(at("2026-11-23 03:00")).always_open

    def test_no_windows_is_never_open(self):
        status = WeeklyHours("Europe/London").status_at(at("2026-11-23 12:00"))
        assert not status.is_open and status.changes_at is None

    def test_next_opening_skips_the_weekend(self):
        status = office_hours().status_at(at("2026-11-27 18:00"))  # Friday evening
        assert not status.is_open
        assert status.changes_at == at("2026-11-30 09:00")

    def test_closing_time_is_reported_when_open(self):
        status = office_hours().status_at(at("2026-11-23 10:00"))
        assert status.changes_at == at("2026-11-23 17:00")

    def test_naive_datetimes_are_refused(self):
        with pytest.raises(ValueError):
            office_hours().status_at(datetime(2026, 11, 23, 10))


class TestDaylightSaving:
    def test_clocks_going_forward_keep_wall_clock_hours(self):
        # UK clocks go forward at 01:00 UTC on Sunday 29 March 2026.
        hours = WeeklyHours("Europe/London", (Window(SUNDAY, time(9), time(17)),))
        assert hours.is_open_at(datetime(2026, 3, 29, 8, 0, tzinfo=UTC))  # 09:00 BST
        assert not hours.is_open_at(datetime(2026, 3, 29, 7, 59, tzinfo=UTC))

    def test_overnight_window_across_the_clocks_going_back(self):
        # UK clocks go back at 01:00 UTC on Sunday 25 October 2026: the night is an hour longer.
        hours = WeeklyHours("Europe/London", (Window(SATURDAY, time(22), time(6), True),))
        opens, closes = Window(SATURDAY, time(22), time(6), True).bounds_on(
            datetime(2026, 10, 24).date(), LONDON
        )
        assert (closes.timestamp() - opens.timestamp()) == 9 * 3600
        assert hours.is_open_at(datetime(2026, 10, 25, 5, 30, tzinfo=UTC))  # 05:30 GMT
        assert not hours.is_open_at(datetime(2026, 10, 25, 6, 0, tzinfo=UTC))

    def test_window_starting_inside_the_missing_hour_opens_when_the_clock_resumes(self):
        hours = WeeklyHours("Europe/London", (Window(SUNDAY, time(1, 30), time(4)),))
        assert hours.is_open_at(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))  # 02:30 BST
        assert not hours.is_open_at(datetime(2026, 3, 29, 0, 59, tzinfo=UTC))


class TestValidation:
    def test_inverted_window_is_explained(self):
        problems = WeeklyHours("Europe/London", (Window(MONDAY, time(17), time(9)),)).problems()
        assert len(problems) == 1
        assert "closes (9am) before it opens (5pm)" in problems[0]
        assert "closes the next day" in problems[0]

    def test_zero_length_window_is_invalid(self):
        assert WeeklyHours("Europe/London", (Window(MONDAY, time(9), time(9)),)).problems()

    def test_overlapping_windows_are_reported(self):
        hours = WeeklyHours(
            "Europe/London", (Window(MONDAY, time(9), time(13)), Window(MONDAY, time(12), time(17)))
        )
        assert any("overlaps" in problem for problem in hours.problems())

    def test_overnight_window_overlapping_the_next_morning_is_reported(self):
        hours = WeeklyHours(
            "Europe/London",
            (Window(MONDAY, time(22), time(3), True), Window(TUESDAY, time(2), time(5))),
        )
        assert any("overlaps" in problem for problem in hours.problems())

    def test_sunday_night_into_monday_wraps_around_the_week(self):
        hours = WeeklyHours(
            "Europe/London",
            (Window(SUNDAY, time(22), time(3), True), Window(MONDAY, time(2), time(5))),
        )
        assert any("overlaps" in problem for problem in hours.problems())

    def test_adjacent_windows_are_fine(self):
        hours = WeeklyHours(
            "Europe/London", (Window(MONDAY, time(9), time(13)), Window(MONDAY, time(13), time(17)))
        )
        assert hours.problems() == []

    def test_unknown_time_zone_is_reported(self):
        assert "not a time zone" in WeeklyHours("Mars/Olympus").problems()[0]


class TestWords:
    def test_times_in_plain_english(self):
        assert [format_time(time(h, m)) for h, m in [(0, 0), (9, 0), (12, 0), (17, 30)]] == [
            "midnight",
            "9am",
            "midday",
            "5:30pm",
        ]

    def test_week_is_described_in_runs_of_days(self):
        hours = WeeklyHours(
            "Europe/London",
            tuple(Window(day, time(9), time(17)) for day in range(5))
            + (Window(SATURDAY, time(10), time(14)),),
        )
        assert hours.describe() == [
            ("Monday to Friday", "9am to 5pm"),
            ("Saturday", "10am to 2pm"),
            ("Sunday", "Closed"),
        ]

    def test_overnight_window_says_next_day(self):
        hours = WeeklyHours(
            "Europe/London", tuple(Window(day, time(22), time(2), True) for day in range(7))
        )
        assert hours.describe() == [("Every day", "10pm to 2am (next day)")]

    def test_status_described_relative_to_now(self):
        now = at("2026-11-23 10:00")
        closes = OpenStatus(True, at("2026-11-23 17:00"))
        assert describe_status(closes, now) == "Open now — closes at 5pm (GMT)"
        opens = OpenStatus(False, at("2026-11-24 09:00"))
        assert describe_status(opens, now) == "Closed — opens tomorrow at 9am (GMT)"
        opens = OpenStatus(False, at("2026-11-27 09:00"))
        assert describe_status(opens, now) == "Closed — opens on Friday at 9am (GMT)"


# Property-based tests -------------------------------------------------------------------

ZONES = st.sampled_from(
    [
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kolkata",
        "UTC",
        "Pacific/Auckland",
        "America/Los_Angeles",
    ]
)
INSTANTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
MINUTE_TIMES = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@st.composite
def windows(draw):
    day = draw(st.integers(0, 6))
    opens = draw(MINUTE_TIMES)
    closes = draw(MINUTE_TIMES)
    overnight = draw(st.booleans())
    window = Window(day, opens, closes, overnight)
    if not 0 < window.length <= 24 * 60:
        window = Window(day, opens, closes, not overnight)
    return window


@st.composite
def valid_hours(draw):
    zone = draw(ZONES)
    hours = WeeklyHours(zone, tuple(draw(st.lists(windows(), max_size=6))))
    # Keep only non-overlapping sets: the admin refuses overlapping hours.
    while hours.problems():
        hours = WeeklyHours(zone, hours.windows[:-1])
    return hours


@settings(max_examples=300, deadline=None)
@given(valid_hours(), INSTANTS)
def test_status_holds_until_it_changes(hours, instant):
    status = hours.status_at(instant)
    if status.changes_at is None:
        return
    change = status.changes_at.astimezone(UTC)
    assert change > instant
    assert hours.is_open_at(change) != status.is_open
    just_before = change - timedelta(minutes=1)
    if just_before >= instant:
        assert hours.is_open_at(just_before) == status.is_open


@settings(max_examples=300, deadline=None)
@given(ZONES, INSTANTS)
def test_24_7_is_open_at_every_instant(zone, instant):
    assert WeeklyHours(zone, always_open=True).is_open_at(instant)


@settings(max_examples=300, deadline=None)
@given(valid_hours(), INSTANTS)
def test_in_utc_matches_a_minute_of_the_week_check(hours, instant):
    """With no daylight saving, open-now is plain arithmetic on the minute of the week."""
    hours = WeeklyHours("UTC", hours.windows)
    minute = instant.weekday() * 1440 + instant.hour * 60 + instant.minute
    expected = any(
        (minute - window.start_minute) % (7 * 1440) < window.length for window in hours.windows
    )
    assert hours.is_open_at(instant) == expected


@settings(max_examples=200, deadline=None)
@given(ZONES, st.integers(0, 6), MINUTE_TIMES, st.integers(1, 23 * 4), INSTANTS)
def test_splitting_an_overnight_window_at_midnight_changes_nothing(
    zone, day, opens, quarters, instant
):
    length = quarters * 15
    start = opens.hour * 60 + opens.minute
    end = start + length
    if end <= 1440:
        return
    closes = time((end - 1440) // 60, (end - 1440) % 60)
    whole = WeeklyHours(zone, (Window(day, opens, closes, True),))
    split = WeeklyHours(zone, (Window(day, opens, time(0)), Window((day + 1) % 7, time(0), closes)))
    assert whole.is_open_at(instant) == split.is_open_at(instant)


@settings(max_examples=200, deadline=None)
@given(valid_hours(), INSTANTS)
def test_open_now_does_not_depend_on_the_visitors_time_zone(hours, instant):
    elsewhere = instant.astimezone(ZoneInfo("Asia/Tokyo"))
    assert hours.is_open_at(instant) == hours.is_open_at(elsewhere)


@settings(max_examples=300, deadline=None)
@given(valid_hours(), INSTANTS)
def test_quick_open_check_agrees_with_the_full_status(hours, instant):
    assert hours.is_open_at(instant) == hours.status_at(instant).is_open


def test_equal_hours_share_a_key_whatever_the_order_of_their_windows():
    monday = Window(0, time(9), time(17))
    tuesday = Window(1, time(9), time(17))
    assert (
        WeeklyHours("Europe/London", (monday, tuesday)).key
        == WeeklyHours("Europe/London", (tuesday, monday)).key
    )
    assert WeeklyHours("Europe/London", (monday,)).key != WeeklyHours("Europe/Paris", (monday,)).key
    assert (
        WeeklyHours("Europe/London", (monday,)).key != WeeklyHours("Europe/London", (tuesday,)).key
    )
    assert WeeklyHours("Europe/London", always_open=True).key == "always"


@settings(max_examples=100, deadline=None)
@given(st.lists(valid_hours(), min_size=1, max_size=5), st.lists(INSTANTS, min_size=1, max_size=8))
def test_remembered_open_keys_match_a_fresh_check_at_every_moment(hours, instants):
    """The finder keeps which hours are open until one changes; asking at later, earlier or
    repeated moments must give what checking every set of hours afresh gives."""
    open_hours = OpenHours({h.key: h for h in hours})
    for instant in instants + [instant + timedelta(minutes=1) for instant in instants]:
        expected = {h.key for h in hours if h.is_open_at(instant)}
        assert open_hours.open_keys(instant) == expected
