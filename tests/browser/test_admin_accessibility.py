"""The admin as screen-reader and keyboard users meet it: axe-core on Waymark's own admin
views and forms, and on whole admin pages with only Wagtail's known violations."""

import pytest

from .editors import app_code, sign_in_with_second_step, sign_out

pytestmark = pytest.mark.browser


# Waymark's own admin views, with the part of each page that Waymark's templates draw (the
# rest is Wagtail's own, audited upstream): who looks, the address, and that part.
OWN_ADMIN_VIEWS = [
    ("sam", "/admin/", "[id^='helplines-due']"),
    ("sam", "/admin/reports/helplines-due/", "#listing-results"),
    ("nina", "/admin/helplines/{london_nightline}/verify/", "main"),
    ("mina", "/admin/helplines/import/", "main"),
    ("mina", "/admin/snippets/resources/problemreport/", "#listing-results"),
    ("admin", "/admin/reports/widget-impact/", "main"),
    ("una", "/admin/two-factor/setup/", "main"),
    ("admin", "/admin/crisis-phrases/try/", "main"),
    ("admin", "/admin/crisis-phrases/report/", "main"),
    ("admin", "/admin/reports/scheduled-jobs/", "main"),
]


def test_waymarks_own_admin_views_pass_axe(auditor, editor_site):
    violations = {}
    for username, address, own_part in OWN_ADMIN_VIEWS:
        seen = auditor(username)
        seen.page.goto(editor_site.url + address.format(**editor_site.ids))
        seen.page.locator(own_part).first.wait_for()
        violations[address] = seen.axe(own_part)
    assert violations == {address: [] for _, address, _ in OWN_ADMIN_VIEWS}


def test_waymarks_admin_forms_and_two_factor_pages_pass_axe(auditor, editor_site):
    seen = auditor("una")
    page = seen.page
    violations = {}
    page.goto(f"{editor_site.url}/admin/helplines/import/")
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("alert").wait_for()
    violations["import, no file"] = seen.axe("main")
    page.get_by_label("File").set_input_files(
        files=[{"name": "mind.csv", "mimeType": "text/csv", "buffer": b"title\nMind\n"}]
    )
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("alert").wait_for()
    violations["import, wrong columns"] = seen.axe("main")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your helplines as CSV").click()
    exported = download.value.path().read_text().splitlines()
    # Mind Infoline again under another id and name: shown as already listed (the same
    # numbers), with a choice. Named apart, so other journeys still find one Mind Infoline.
    again = [
        exported[0],
        *(
            line.replace("demo-mind-infoline,Mind Infoline,", "mind-2,Mind Infoline (copy),")
            for line in exported[1:]
        ),
    ]
    page.get_by_label("File").set_input_files(
        files=[{"name": "mind.csv", "mimeType": "text/csv", "buffer": "\n".join(again).encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Check again with these choices").wait_for()
    violations["import, already listed"] = seen.axe("main")
    row = page.get_by_role("row").filter(has_text="mind-2")
    row.get_by_label("What to do with this row").select_option(label="Import it as a new helpline")
    page.get_by_role("button", name="Check again with these choices").click()
    page.get_by_role("button", name="Import 1 helpline").click()
    page.get_by_text("Imported mind.csv: 1 created").wait_for()
    violations["import, done"] = seen.axe("main")

    page.goto(f"{editor_site.url}/admin/two-factor/setup/")
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.get_by_role("alert").wait_for()
    violations["two-factor set-up, wrong code"] = seen.axe("main")
    key = page.locator("code").first.inner_text()
    page.wait_for_timeout(1500)  # a wrong code makes the device wait a second
    page.get_by_label("Code from your authenticator app").fill(app_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.get_by_role("list", name="Backup codes").wait_for()
    violations["backup codes"] = seen.axe("main")
    page.goto(f"{editor_site.url}/admin/two-factor/setup/")
    violations["two-factor is on"] = seen.axe("main")
    sign_out(page)
    sign_in_with_second_step(page, editor_site, "una", "000000")
    page.get_by_role("alert").wait_for()
    violations["second step, wrong code"] = seen.axe("main")
    assert all(found == [] for found in violations.values()), violations


# What axe-core finds in Wagtail's own admin screens, each with its upstream issue (listed in
# docs/admin-accessibility.md). Anything else found on a whole admin page fails the test.
KNOWN_WAGTAIL_VIOLATIONS = {
    "aria-input-field-name": "wagtail/wagtail#14205: the rich text editor has no name",
    "label": "wagtail/wagtail#11089: the tag field's typing box has no label",
}
WHOLE_ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/{helplines}/",
    "/admin/pages/{mind_helpline}/edit/",
    "/admin/pages/{guide}/edit/",
    "/admin/snippets/resources/problemreport/edit/{mind_report}/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/account/",
]


def test_whole_admin_pages_have_only_the_known_wagtail_violations(auditor, editor_site):
    seen = auditor("mo")
    found = {}
    for address in WHOLE_ADMIN_PAGES:
        seen.page.goto(editor_site.url + address.format(**editor_site.ids))
        seen.page.locator("main").first.wait_for()
        found[address] = [violation.split(":")[0] for violation in seen.axe("body")]
    unknown = {
        address: ids for address, ids in found.items() if set(ids) - set(KNOWN_WAGTAIL_VIOLATIONS)
    }
    assert unknown == {}
