"""Opening hours as text: one grammar for CSV, HSDS and editors, one canonical form."""

from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resources.hours_text import HoursTextError, format_hours_text, parse_hours_text
from resources.opening_hours import DAY_NAMES, WeeklyHours, Window

MON_TO_SAT_10_TO_8 = "Mon-Sat 10:00-20:00"


def canonical(text):
    always, windows, _ = parse_hours_text(text)
    return format_hours_text(WeeklyHours("Europe/London", tuple(windows), always))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Mon–Sat 10:00-20:00", MON_TO_SAT_10_TO_8),
        ("Mon—Sat 10:00–20:00", MON_TO_SAT_10_TO_8),
        ("Monday to Saturday 10:00-20:00", MON_TO_SAT_10_TO_8),
        ("Monday - Saturday: 10am to 8pm", MON_TO_SAT_10_TO_8),
        ("Monday to Saturday, 10am – 8pm", MON_TO_SAT_10_TO_8),
        ("MONDAY-SATURDAY 10AM-8PM", MON_TO_SAT_10_TO_8),
        ("open Monday to Saturday from 10am until 8pm", MON_TO_SAT_10_TO_8),
        ("10am–8pm Mon–Sat", MON_TO_SAT_10_TO_8),
        ("Daily 19:00-23:00", "Mon-Sun 19:00-23:00"),
        ("every day 7pm-11pm", "Mon-Sun 19:00-23:00"),
        ("Weekdays 9am-5pm", "Mon-Fri 09:00-17:00"),
        ("Weekends 10.00-14.00", "Sat-Sun 10:00-14:00"),
        ("Tues, Thurs 0900-1700", "Tue,Thu 09:00-17:00"),
        ("Mon, Wed & Fri 9:30am-12:30pm", "Mon,Wed,Fri 09:30-12:30"),
        ("Mon-Fri 9am-1pm, 2pm-5pm", "Mon-Fri 09:00-13:00, 14:00-17:00"),
        (
            "Mon-Fri 9am-1pm and 2pm-5pm; Sat 10am-2pm",
            "Mon-Fri 09:00-13:00, 14:00-17:00; Sat 10:00-14:00",
        ),
        ("Mon-Fri 9am-5pm, Sat 10am-2pm, Sun closed", "Mon-Fri 09:00-17:00; Sat 10:00-14:00"),
        ("Fri 18:00-24:00", "Fri 18:00-24:00"),
        ("Fri 6pm-midnight", "Fri 18:00-24:00"),
        ("Sun 22:00-06:00", "Sun 22:00-06:00"),
        ("Sat & Sun 24 hours", "Sat-Sun 00:00-24:00"),
        ("Mon 12am-12pm", "Mon 00:00-12:00"),
        ("Daily 24 hours", "24/7"),
        ("24 hours a day, 7 days a week", "24/7"),
        ("24/7", "24/7"),
        ("", ""),
    ],
)
def test_hours_as_people_write_them_are_read_whole(written, expected):
    assert canonical(written) == expected


@pytest.mark.parametrize(
    ("written", "part"),
    [
        ("Weekdays 9-5", "“9” in “Weekdays 9-5” is not a time"),
        ("Mon-Fri 9am-5pm and bank holidays", "Could not read “bank”"),
        ("Daily", "“Daily” does not say which times"),
        ("9am-5pm", "“9am-5pm” does not say which days"),
        ("Mon-Fri 25:00-26:00", "“25:00”"),
        ("Mon 13pm-2pm", "12-hour times run 1 to 12"),
        ("Mon 24:00-02:00", "can only close a range"),
        ("Mon-Fri 9am", "should be a range"),
        ("Mon-Sat 9am-5pm; Sat closed", "Saturday is both open and closed"),
        ("Mon-Fri 09:00-17:00 JST", None),
    ],
)
def test_what_cannot_be_read_is_refused_by_name_never_narrowed(written, part):
    if part is None:
        # A zone written beside the hours is read, and handed on for checking.
        assert parse_hours_text(written)[2] == "JST"
        return
    with pytest.raises(HoursTextError) as error:
        parse_hours_text(written)
    assert part in str(error.value)


def day_spans():
    """Up to two ranges within one day, on the quarter hour, not overlapping."""
    quarter = st.integers(0, 96)
    return (
        st.lists(quarter, max_size=4, unique=True)
        .map(sorted)
        .map(
            lambda points: [
                (points[i], points[i + 1]) for i in range(0, len(points) - 1, 2) if points[i] < 96
            ]
        )
    )


def clock(quarters):
    return time(quarters // 4 % 24, quarters % 4 * 15)


@st.composite
def weekly_hours(draw):
    windows = []
    for day in range(7):
        for opens, closes in draw(day_spans()):
            windows.append(Window(day, clock(opens), clock(closes)))
    return WeeklyHours("Europe/London", tuple(windows))


@settings(max_examples=500, deadline=None)
@given(weekly_hours())
def test_reading_what_was_written_gives_the_same_hours(hours):
    text = format_hours_text(hours)
    always, windows, _ = parse_hours_text(text)
    again = WeeklyHours("Europe/London", tuple(windows), always)
    assert again.covers_whole_week() == hours.covers_whole_week()
    if not hours.covers_whole_week():
        assert again.key == hours.key
    assert format_hours_text(again) == text


def written_time(draw, quarters):
    value = clock(quarters)
    if quarters == 96:
        return draw(st.sampled_from(["24:00", "midnight"]))
    if draw(st.booleans()):
        separator = draw(st.sampled_from([":", "."]))
        return f"{value.hour:02d}{separator}{value.minute:02d}"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    suffixes = ["am", " am", "AM", "a.m."] if value.hour < 12 else ["pm", " pm", "PM", "p.m."]
    return f"{hour}{minutes}{draw(st.sampled_from(suffixes))}"


@settings(max_examples=1000, deadline=None)
@given(st.data())
def test_any_way_of_writing_days_dashes_and_times_means_the_same(data):
    first = data.draw(st.integers(0, 6))
    last = data.draw(st.integers(first, 6))
    opens = data.draw(st.integers(0, 94))
    closes = data.draw(st.integers(opens + 1, 96))
    day_name = data.draw(st.sampled_from([lambda d: DAY_NAMES[d], lambda d: DAY_NAMES[d][:3]]))
    dash = data.draw(st.sampled_from(["-", "–", "—", " - ", " to ", " until "]))
    day_dash = data.draw(st.sampled_from(["-", "–", " to ", " - "]))
    days = day_name(first) if first == last else f"{day_name(first)}{day_dash}{day_name(last)}"
    times = f"{written_time(data.draw, opens)}{dash}{written_time(data.draw, closes)}"
    text = data.draw(st.sampled_from([f"{days} {times}", f"{days}: {times}", f"{times} {days}"]))

    always, windows, _ = parse_hours_text(text)

    found = {(w.day, w.opens, w.closes) for w in windows}
    if always:  # every day, all day
        found = {(day, time(0), time(0)) for day in range(7)}
    assert found == {(day, clock(opens), clock(closes)) for day in range(first, last + 1)}


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_with_a_reason(text):
    try:
        parse_hours_text(text)
    except HoursTextError as error:
        assert str(error)
