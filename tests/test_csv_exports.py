"""No CSV export hands a spreadsheet a formula: cells that begin like one (=, +, -, @, tab,
carriage return) are written as text, and Waymark's own export imports back unchanged."""

import csv
import io
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Page, Workflow

import pytest

from resources.importing import plan_import
from resources.models import HelplinePage, ProblemReport
from resources.spreadsheets import FORMULA_STARTS, read_csv
from widgets.models import WidgetDailyCount

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example","Click")'


def listing_exports(patterns=None, prefix="/"):
    """The address of every admin listing that offers a spreadsheet export: Wagtail's own
    reports as well as Waymark's."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from listing_exports(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "results/" not in route:
            view = getattr(pattern.callback, "view_class", None)
            fields = getattr(pattern.callback, "view_initkwargs", {}).get("list_export")
            if view and issubclass(view, SpreadsheetExportMixin) and (fields or view.list_export):
                yield route + "?export=csv"


# Every CSV export in the admin, by address: the listings' and Waymark's own downloads.
EXPORTS = sorted(listing_exports()) + [
    "/admin/helplines/export/",
    "/admin/reports/widget-impact/?export=csv",
]


@pytest.fixture
def formulas(db):
    """Text that a spreadsheet would run, where outsiders and editors can put it."""
    today = timezone.localdate()
    helpline = HelplinePage.objects.get(slug="samaritans")
    ProblemReport.objects.create(helpline=helpline, kind="closed", details=FORMULA)
    page = Page.objects.get(pk=helpline.pk).specific
    page.title = FORMULA
    page.locked, page.locked_at = True, timezone.now()
    page.save_revision(log_action=True)
    page.save()
    log(page, "wagtail.lock")
    Workflow.objects.first().start(page, user=None)
    Redirect.objects.create(old_path="/old-samaritans", redirect_link=FORMULA)
    HelplinePage.objects.filter(pk=helpline.pk).update(
        title=FORMULA, review_due_on=today - timedelta(days=1)
    )
    WidgetDailyCount.objects.create(day=today, partner="@SUM(1+1)*cmd|' /C calc'!A0", event="load")


def cells(response):
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    return rows[0], [cell for row in rows[1:] for cell in row]


def test_wagtails_own_reports_are_among_the_exports():
    for report in ("site-history", "locked", "aging-pages", "workflow", "redirects"):
        assert any(report in address for address in EXPORTS), report


@pytest.mark.parametrize("address", EXPORTS)
def test_no_exported_cell_can_run_as_a_formula(admin_client, formulas, address):
    response = admin_client.get(address)
    assert response.status_code == 200 and "csv" in response["Content-Type"]
    _, values = cells(response)
    assert values
    assert not [value for value in values if value.startswith(FORMULA_STARTS)]
    formula_texts = [value for value in values if value.lstrip("'").startswith(("=", "@"))]
    assert formula_texts and all(value.startswith("'") for value in formula_texts)


def test_the_helplines_export_imports_back_unchanged(admin_client, formulas):
    exported = admin_client.get("/admin/helplines/export/").content
    assert b"'+44" in exported  # full phone numbers are written as text too
    plan = plan_import(read_csv(exported), user=None)
    assert plan.is_valid
    assert plan.count("update") == 0 and plan.count("create") == 0
