"""Cells written to CSV files that people open in spreadsheets.

A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return can be run as a formula
by Excel, LibreOffice or Google Sheets ("CSV injection"), and some exported text (problem
reports, partners' names) comes from outside. As OWASP recommends, such a cell is written
with a leading apostrophe, which spreadsheets read as "this is text". Waymark's importer
takes the apostrophe off again, so an exported file imports unchanged.
"""

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


class SafeSpreadsheetExport:
    """For Wagtail views with `list_export`: their CSV cells go through `safe_cell` (Wagtail
    already writes XLSX formulas as text)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value
