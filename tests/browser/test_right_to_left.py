"""Right-to-left readiness: the test settings add Arabic (with no translations), and its
pages mirror through `dir` and CSS logical properties alone, with no WCAG violation."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/ar/",
    "/ar/helplines/samaritans/",
    "/ar/guides/curating-your-feed/",
    "/ar/topics/",
    "/ar/search/?q=lonely",
]


def edges(page, selector):
    """The left and right edges of the first element matching `selector`."""
    box = page.locator(selector).first.bounding_box()
    return box["x"], box["x"] + box["width"]


@pytest.mark.parametrize("path", PAGES)
def test_a_right_to_left_page_is_mirrored_and_passes_axe(visit, waymark, path, tmp_path):
    seen = visit(bypass_csp=True)
    page = seen.page
    page.goto(f"{waymark}{path}")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The quick exit sits at the line's end, which is the left in a right-to-left page.
    left, right = edges(page, ".quick-exit__button")
    assert left < width / 2 and right < width / 2
    # Headings start at the right.
    left, right = edges(page, "h1")
    assert right > width / 2
    screenshot = Path(tmp_path) / (path.strip("/").replace("/", "_").replace("?", "_") + ".png")
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    assert seen.axe("body") == []


def test_a_marked_start_border_moves_to_the_right(visit, waymark):
    seen = visit()
    page = seen.page
    page.goto(f"{waymark}/ar/topics/")
    item = page.locator(".topic-grid__item").first
    style = item.evaluate(
        "(el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]"
    )
    assert style == ["4px", "0px"]
    page.goto(f"{waymark}/topics/")
    item = page.locator(".topic-grid__item").first
    style = item.evaluate(
        "(el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]"
    )
    assert style == ["0px", "4px"]
