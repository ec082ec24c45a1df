"""Two-factor sign-in in real Chromium: setting it up, signing in with an app code and with
a backup code, and signing out from the second step."""

import re

import pytest

from .editors import app_code, sign_in_with_second_step, sign_out

pytestmark = pytest.mark.browser


def test_two_factor_set_up_then_signing_in_with_a_code_and_with_a_backup_code(person, editor_site):
    page = person("tess")
    page.goto(f"{editor_site.url}/admin/account/")
    page.get_by_role("tab", name="More actions").click()
    page.get_by_role("link", name=re.compile("^Two-factor sign-in")).click()
    key = page.locator("code").first.inner_text()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_code"
    page.wait_for_timeout(1500)  # a wrong code makes the device wait a second
    page.get_by_label("Code from your authenticator app").fill(app_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    backup_codes = page.get_by_role("list", name="Backup codes")
    backup_codes.wait_for()
    codes = backup_codes.locator("code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    page.get_by_role("link", name="I have saved my backup codes").click()
    page.wait_for_url(f"{editor_site.url}/admin/")

    sign_out(page)
    sign_in_with_second_step(page, editor_site, "tess", app_code(key, steps_on=1))
    page.wait_for_url(f"{editor_site.url}/admin/")

    sign_out(page)
    sign_in_with_second_step(page, editor_site, "tess", codes[0].upper())
    page.wait_for_url(f"{editor_site.url}/admin/")

    sign_out(page)
    sign_in_with_second_step(page, editor_site, "tess", codes[0])
    assert "That code is not right" in page.get_by_role("alert").inner_text()
    page.goto(f"{editor_site.url}/admin/pages/")
    assert "/admin/two-factor/verify/" in page.url
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/admin/login/"))
