"""Cells written to CSV files that people open in spreadsheets.

A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return can be run as a formula
by Excel, LibreOffice or Google Sheets ("CSV injection"), and some exported text (problem
reports, partners' names) comes from outside. As OWASP recommends, such a cell is written
with a leading apostrophe, which spreadsheets read as "this is text". Waymark's importer
takes the apostrophe off again, so an exported file imports unchanged.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguarded_cell(text):
    """A cell as it was before `safe_cell`."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def safe_row(values):
    return [safe_cell(value) for value in values]


def guard_wagtail_exports():
    """Every admin listing with an export (Wagtail's site history, locked and aging pages,
    workflow and redirect reports, and Waymark's snippet and report views) writes its cells
    through `SpreadsheetExportMixin.preprocess_field_value`. Wagtail writes XLSX formulas as
    text but has no setting for CSV, so that one method is wrapped here, once, at start-up."""
    wagtail_preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        value = wagtail_preprocess(self, field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
