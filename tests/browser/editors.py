"""Helpers for the editor journeys: signing in, the editor's footer, and telling refused
forms from faults."""

import base64
import collections
import re
import time

from django_otp.oath import TOTP

from .editor_site import PASSWORD

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def record_refused_forms(seen):
    """Chromium logs every 400 answer as a failed load. Two kinds are how the admin works,
    not faults, and are counted so they can be told apart from real failures:
    - a form posted with mistakes comes back as a page with its errors, status 400;
    - Wagtail's autosave posts the form while it is still being filled in, and is told
      with a JSON 400 that it is not valid yet."""
    seen.refused_forms = collections.Counter()

    def on_response(response):
        request = response.request
        if response.status != 400 or request.method != "POST":
            return
        page_with_errors = request.is_navigation_request() and response.headers.get(
            "content-type", ""
        ).startswith("text/html")
        autosave = "text/html" not in request.headers.get("accept", "") and (
            response.headers.get("content-type") == "application/json"
        )
        if page_with_errors or autosave:
            seen.refused_forms[response.url] += 1

    seen.page.on("response", on_response)


def faults(seen):
    """Console errors, less the failed loads that were forms refused as they should be."""
    excused = collections.Counter(seen.refused_forms)
    left = []
    for error in seen.errors:
        url = error.rsplit("(", 1)[-1].rstrip(")")
        if "status of 400" in error and excused[url]:
            excused[url] -= 1
        else:
            left.append(error)
    return left


def log_in(page, editor_site, username):
    page.goto(f"{editor_site.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{editor_site.url}/admin/")


def sign_out(page):
    page.get_by_role("button", name=re.compile("^(Tess|Una)$")).click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/admin/login/"))


def app_code(key, steps_on=0):
    """The code an authenticator app shows for `key` now, or `steps_on` periods later."""
    totp = TOTP(base64.b32decode(key), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_on
    return f"{totp.token():06d}"


def sign_in_with_second_step(visit_page, editor_site, username, code):
    visit_page.goto(f"{editor_site.url}/admin/login/")
    visit_page.get_by_label("Username").fill(username)
    visit_page.get_by_label("Password").fill(PASSWORD)
    visit_page.get_by_role("button", name="Sign in").click()
    visit_page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    visit_page.get_by_label("Code from your authenticator app, or a backup code").fill(code)
    visit_page.get_by_role("button", name="Continue").click()


def footer_action(page, name):
    """Click an action in the editor's footer, opening its menu of more actions if needed."""
    action = page.locator("footer").get_by_role("button", name=name, exact=True)
    if not action.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    action.click()
