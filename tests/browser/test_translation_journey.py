"""Translating a page, done in real Chromium against gunicorn: a moderator asks for a
Spanish translation, a translator writes it in wagtail-localize's editor without being
able to publish it or touch the English, a moderator publishes it, and the public reads it
at its Spanish address while the English stays at its own."""

import re

import pytest

from .editors import footer_action

pytestmark = pytest.mark.browser

SPANISH = {
    "Taking a break from your phone": "Tomarte un descanso del teléfono",
    "Decide how long": "Decide cuánto tiempo",
}


def test_a_guide_is_translated_into_spanish_and_published(person, visitor, editor_site):
    guide = editor_site.ids["untranslated_guide"]
    before = visitor()
    before.goto(f"{editor_site.url}/es/guides/taking-breaks/")
    assert before.locator("h1").get_attribute("lang") == "en-gb"  # English until translated

    moderator = person("mo")
    moderator.goto(f"{editor_site.url}/admin/localize/submit/page/{guide}/")
    moderator.get_by_label("Español").check()
    moderator.get_by_role("button", name="Submit").click()
    moderator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    translation = moderator.url

    translator = person("tina")
    translator.goto(translation)
    translate = translator.get_by_role("button", name="Translate", exact=True)
    translate.first.wait_for()
    while translate.count():
        translate.first.click()
        source = translator.locator("li:has(textarea) > p").first.inner_text()
        translator.locator("textarea").fill(SPANISH.get(source, f"[es] {source}"))
        translator.get_by_role("button", name="Save", exact=True).click()
        translator.locator("textarea").wait_for(state="detached")
    footer = translator.locator("footer")
    assert "Publish" not in footer.inner_text()
    translator.goto(f"{editor_site.url}/admin/pages/{guide}/edit/")
    translator.get_by_text("Sorry, you do not have permission to access this area.").wait_for()

    moderator.goto(translation)
    footer_action(moderator, "Publish in Español")
    moderator.get_by_text(re.compile("published", re.I)).first.wait_for()

    public = visitor()
    public.goto(f"{editor_site.url}/es/guides/taking-breaks/")
    heading = public.locator("h1")
    assert heading.inner_text() == "Tomarte un descanso del teléfono"
    assert heading.get_attribute("lang") is None
    assert "Decide cuánto tiempo" in public.locator("main").inner_text()
    public.goto(f"{editor_site.url}/guides/taking-breaks/")
    assert public.locator("h1").inner_text() == "Taking a break from your phone"


def test_an_administrator_renames_a_topic_and_an_emergency_number_in_welsh(
    person, visitor, editor_site
):
    admin = person("admin")
    admin.goto(f"{editor_site.url}/admin/snippets/resources/topic/")
    admin.get_by_role("link", name="Belonging", exact=True).click()
    welsh = admin.locator("[id^='inline_child_translations-']:visible").filter(
        has=admin.locator("select option[selected][value='cy']")
    )
    welsh.get_by_label("Name").fill("Perthyn i rywle")
    admin.locator("footer").get_by_role("button", name="Save").click()
    admin.get_by_text(re.compile("updated", re.I)).first.wait_for()

    admin.goto(f"{editor_site.url}/admin/snippets/resources/country/")
    admin.get_by_role("link", name="Australia", exact=True).click()
    welsh = admin.locator("[id^='inline_child_label_translations-']:visible").filter(
        has=admin.locator("select option[selected][value='cy']")
    )
    welsh.locator("input[name$='-label']").fill("Heddlu, tân ac ambiwlans (Awstralia)")
    admin.locator("footer").get_by_role("button", name="Save").click()
    admin.get_by_text(re.compile("updated", re.I)).first.wait_for()

    public = visitor()
    public.goto(f"{editor_site.url}/cy/topics/belonging/?country=AU")
    assert public.locator("h1").inner_text() == "Perthyn i rywle"
    banner = public.locator(".crisis-banner").inner_text()
    assert "Heddlu, tân ac ambiwlans (Awstralia)" in banner


def test_an_administrator_describes_an_organisation_in_welsh(person, visitor, editor_site):
    admin = person("admin")
    admin.goto(f"{editor_site.url}/admin/snippets/resources/organisation/?q=Samaritans")
    admin.get_by_role("link", name="Samaritans", exact=True).click()
    organisation = re.search(r"/edit/(\d+)/", admin.url).group(1)
    admin.get_by_role("button", name="Add description").click()
    welsh = admin.locator("[id^='inline_child_translations-']:visible").last
    welsh.get_by_label("Language").select_option("cy")
    welsh.get_by_label("Description").fill("Yma i wrando, ddydd a nos.")
    admin.locator("footer").get_by_role("button", name="Save").click()
    admin.get_by_text(re.compile("updated", re.I)).first.wait_for()

    # Asked for as a partner's app asks, not opened as a page (no favicon request).
    api = visitor().request.get(f"{editor_site.url}/api/v1/organisations/{organisation}?lang=cy")
    assert api.json()["description"] == "Yma i wrando, ddydd a nos."
