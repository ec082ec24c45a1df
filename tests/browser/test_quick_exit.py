"""Quick exit on Waymark's own pages: by the button and by pressing Shift three times, the
page blanks and goes to a neutral site, and Back does not return to Waymark."""

import pytest

pytestmark = pytest.mark.browser
NEUTRAL = "https://www.bbc.co.uk/weather"


def open_page(visit, waymark):
    seen = visit()
    seen.page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="weather"))
    seen.page.goto(f"{waymark}/helplines/samaritans/")
    return seen


def assert_left(seen, waymark):
    seen.page.wait_for_url(NEUTRAL)
    seen.page.go_back()
    assert not seen.page.url.startswith(waymark), "Back must not return to Waymark"


def test_the_button_leaves_at_once(visit, waymark):
    seen = open_page(visit, waymark)
    seen.page.get_by_role("link", name="Leave this site").click()
    assert_left(seen, waymark)


def test_pressing_shift_three_times_leaves(visit, waymark):
    seen = open_page(visit, waymark)
    assert seen.page.get_by_text("or press Shift 3 times").is_visible()
    for _ in range(3):
        seen.page.keyboard.press("Shift")
    assert_left(seen, waymark)


def test_other_keys_between_shifts_do_not_leave(visit, waymark):
    seen = open_page(visit, waymark)
    for key in ("Shift", "Shift", "a", "Shift"):
        seen.page.keyboard.press(key)
    seen.page.wait_for_timeout(300)
    assert seen.page.url.startswith(waymark)
