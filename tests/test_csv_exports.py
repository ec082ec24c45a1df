"""No CSV export hands a spreadsheet a formula: cells that begin like one (=, +, -, @, tab,
carriage return) are written as text, and Waymark's own export imports back unchanged."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

import pytest

from resources.importing import plan_import, read_csv
from resources.models import HelplinePage, ProblemReport
from resources.spreadsheets import FORMULA_STARTS
from widgets.models import WidgetDailyCount

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example","Click")'
# Every CSV export in the admin, by address.
EXPORTS = [
    "/admin/snippets/resources/problemreport/?export=csv",
    "/admin/reports/helplines-due/?export=csv",
    "/admin/helplines/export/",
    "/admin/reports/widget-impact/?export=csv",
]


@pytest.fixture
def formulas(db):
    """Text that a spreadsheet would run, where outsiders and editors can put it."""
    today = timezone.localdate()
    helpline = HelplinePage.objects.get(slug="samaritans")
    HelplinePage.objects.filter(pk=helpline.pk).update(
        title=FORMULA, review_due_on=today - timedelta(days=1)
    )
    ProblemReport.objects.create(helpline=helpline, kind="closed", details=FORMULA)
    WidgetDailyCount.objects.create(day=today, partner="@SUM(1+1)*cmd|' /C calc'!A0", event="load")


def cells(response):
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    return rows[0], [cell for row in rows[1:] for cell in row]


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
