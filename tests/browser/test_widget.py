"""The partner widget on a partner's page, in real Chromium."""

import pytest

pytestmark = pytest.mark.browser

PARTNER_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Partner school</title></head>
<body><main><h1>Our pastoral care page</h1>
<div data-waymark-helplines><a href="{waymark}/helplines/?country=GB">Find a helpline</a></div>
<script src="{waymark}/widgets/{version}/helplines.js" data-topic="cyberbullying" data-country="GB"
        data-quick-exit="true" data-partner="test-school" async></script>
<iframe src="{waymark}/embed/v1/helplines/?topic=cyberbullying&country=GB" title="Helplines"
        width="400" height="500"></iframe>
</main></body></html>
"""


@pytest.fixture
def partner_page(waymark, partner_site):
    def page(lang="en", version="v2"):
        url, folder = partner_site
        html = PARTNER_PAGE.format(waymark=waymark, lang=lang, version=version)
        (folder / f"school-{lang}-{version}.html").write_text(html)
        return f"{url}/school-{lang}-{version}.html"

    return page


def open_widget(visit, url):
    visit.page.goto(url)
    visit.page.wait_for_selector("[data-waymark-helplines] >> css=a[data-kind]")
    return visit.page.locator("[data-waymark-helplines]")


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_widget_renders_priority_lines_with_one_tap_links(visit, partner_page, version):
    """Version 1 keeps working for partners who pinned it; version 2 is offered now."""
    seen = visit()
    widget = open_widget(seen, partner_page(version=version))
    assert widget.locator("h2").inner_text() == "Talk to someone now"
    names = widget.locator("h3").all_inner_texts()
    assert "Samaritans" in names
    hrefs = widget.locator("a[data-kind]").evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith("tel:") for href in hrefs)
    assert any(href.startswith("sms:") for href in hrefs)
    assert "Open 24/7" in widget.locator(".badge").all_inner_texts()


def test_widget_is_private_and_quiet(visit, partner_page, waymark):
    seen = visit()
    url = partner_page()
    open_widget(seen, url)
    seen.page.wait_for_load_state("networkidle")
    partner_origin = "/".join(url.split("/")[:3])
    assert seen.origins() <= {partner_origin, waymark}
    assert seen.context.cookies() == []
    assert seen.errors == []
    leaked = seen.page.evaluate(
        "() => Object.keys(window).filter(name => /waymark|helpline/i.test(name))"
    )
    assert leaked == []


def test_widget_is_accessible_and_works_by_keyboard(visit, partner_page):
    seen = visit()
    open_widget(seen, partner_page())
    assert seen.axe("[data-waymark-helplines]") == []
    for _ in range(3):
        seen.page.keyboard.press("Tab")
        focused = seen.page.evaluate(
            "() => { const a = document.activeElement; "
            "return a.shadowRoot && a.shadowRoot.activeElement ? "
            "a.shadowRoot.activeElement.tagName : a.tagName }"
        )
        if focused == "A":
            break
    assert focused == "A"


def test_widget_speaks_the_host_pages_language(visit, partner_page):
    seen = visit()
    widget = open_widget(seen, partner_page("es"))
    assert widget.locator("h2").inner_text() == "Habla con alguien ahora"


def test_taps_are_counted_for_the_partner(visit, partner_page, waymark):
    seen = visit()
    widget = open_widget(seen, partner_page())
    with seen.page.expect_request(lambda request: "/widgets/v1/events" in request.url) as sent:
        widget.locator("a[data-kind=sms]").first.dispatch_event("click")
    assert '"event":"click"' in sent.value.post_data
    assert '"partner":"test-school"' in sent.value.post_data


def test_quick_exit_inside_the_widget_leaves_the_page(visit, partner_page):
    seen = visit()
    widget = open_widget(seen, partner_page())
    seen.page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="weather"))
    widget.get_by_role("button", name="Leave this site").click()
    seen.page.wait_for_url("https://www.bbc.co.uk/weather")
    seen.page.go_back()
    assert "school" not in seen.page.url  # Back does not return to the page


def test_iframe_version_renders_and_sets_no_cookies(visit, partner_page, waymark):
    seen = visit()
    seen.page.goto(partner_page())
    frame = seen.page.frame_locator("iframe")
    assert "Samaritans" in frame.locator("h2").all_inner_texts()
    assert seen.context.cookies() == []
    assert seen.errors == []
    framed = visit(bypass_csp=True)
    framed.page.goto(f"{waymark}/embed/v1/helplines/?topic=cyberbullying&country=GB")
    assert framed.axe("section") == []


def test_configurator_redraws_as_choices_change_and_copies(visit, waymark):
    seen = visit()
    seen.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=waymark)
    seen.page.goto(f"{waymark}/widgets/")
    seen.page.wait_for_selector("[data-waymark-helplines] >> css=a[data-kind]")
    seen.page.focus("#country")
    seen.page.select_option("#country", "IE")
    seen.page.wait_for_function(
        "() => document.getElementById('snippet').value.includes('data-country=\"IE\"')"
    )
    assert seen.page.evaluate("() => document.activeElement.id") == "country"
    seen.page.wait_for_selector("[data-waymark-helplines] >> text=Samaritans Ireland")
    assert "country=IE" in seen.page.url
    seen.page.get_by_role("button", name="Copy the snippet").click()
    seen.page.wait_for_selector("[data-copy-status]:has-text('Copied.')")
    copied = seen.page.evaluate("() => navigator.clipboard.readText()")
    assert copied == seen.page.input_value("#snippet")
    assert seen.errors == []
