"""Keyboard-only use with a visible focus, and pages that reflow at 200% zoom and on a
320 px screen (WCAG 2.2 success criteria 2.1.1, 2.4.7 and 1.4.10)."""

import re

import pytest

from .test_public_pages import PAGES

pytestmark = pytest.mark.browser

SCREENS = {
    # 1280 px of window at 200% zoom is 640 CSS pixels; at 400%, 320 (the reflow test).
    "200% zoom": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
    "320 px wide": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
}
# Swagger UI's console is a wide tool of its own with its own focus styles; not held to
# these checks (the API reference page is).
REFLOWED = [path for path in PAGES if path != "/api/v1/console"]

FOCUSED = """() => {
    let element = document.activeElement;
    // Focus inside a widget's shadow root or a same-origin frame is shown in there.
    while (element && (element.shadowRoot?.activeElement || element.contentDocument)) {
        element = element.shadowRoot?.activeElement || element.contentDocument.activeElement;
    }
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const box = element.getBoundingClientRect();
    return {
        name: element.tagName + " " + (element.textContent || "").trim().slice(0, 40),
        visible: outlined || style.boxShadow !== "none",
        onScreen: box.width > 0 && box.height > 0,
    };
}"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", REFLOWED)
def test_page_reflows_without_horizontal_scrolling(visit, waymark, path, screen):
    seen = visit(**SCREENS[screen])
    seen.page.goto(f"{waymark}{path}")
    seen.page.wait_for_load_state("networkidle")
    # Data tables may scroll inside their own region (WCAG 1.4.10 allows it); nothing else may.
    overflow = seen.page.evaluate(
        """() => {
            const scrolled = element => {
                for (let parent = element.parentElement; parent; parent = parent.parentElement) {
                    const { overflowX } = getComputedStyle(parent);
                    if (overflowX === "auto" || overflowX === "scroll") return true;
                }
                return false;
            };
            return [...document.querySelectorAll("body *")]
                .filter(element => element.getBoundingClientRect().right > innerWidth + 1)
                .filter(element => !element.closest(".visually-hidden, .skip-link, [hidden]"))
                .filter(element => !scrolled(element))
                .map(element => element.tagName + "." + element.className).slice(0, 5);
        }"""
    )
    assert overflow == []
    assert seen.page.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize("path", REFLOWED)
def test_every_keyboard_stop_shows_where_focus_is(visit, waymark, path):
    seen = visit()
    seen.page.goto(f"{waymark}{path}")
    seen.page.wait_for_load_state("networkidle")
    stops = []
    for _ in range(40):
        seen.page.keyboard.press("Tab")
        focused = seen.page.evaluate(FOCUSED)
        if focused is None:
            break
        stops.append(focused)
    assert stops, "nothing on the page takes keyboard focus"
    hidden = [stop["name"] for stop in stops if not (stop["visible"] and stop["onScreen"])]
    assert hidden == []


def test_skip_link_comes_first_and_moves_focus_to_the_content(visit, waymark):
    seen = visit()
    seen.page.goto(f"{waymark}/helplines/")
    seen.page.keyboard.press("Tab")
    assert seen.page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert seen.page.locator(".skip-link").is_visible()
    seen.page.keyboard.press("Enter")
    assert seen.page.evaluate("document.activeElement.id") == "main"


def test_find_and_open_a_helpline_by_keyboard_alone(visit, waymark):
    seen = visit()
    page = seen.page
    page.goto(waymark)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "hero-search-q":
            break
    page.keyboard.type("someone to talk to tonight")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=someone"))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.result__title')"):
            break
    title = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.locator(".channel__action").count() >= 1
    assert seen.errors == []
