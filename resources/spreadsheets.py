"""Helplines in and out of CSV files, and cells that spreadsheets cannot run.

The CSV has one row per contact channel; a helpline with three channels takes three rows
sharing its external id and helpline columns. Exports write the same format, so a file can
go out to a spreadsheet and back and change exactly what was edited there.

Cells written to CSV files that people open in spreadsheets:

A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return can be run as a formula
by Excel, LibreOffice or Google Sheets ("CSV injection"), and some exported text (problem
reports, partners' names) comes from outside. As OWASP recommends, such a cell is written
with a leading apostrophe, which spreadsheets read as "this is text". Waymark's importer
takes the apostrophe off again, so an exported file imports unchanged.
"""

import csv
import io
import unicodedata
from dataclasses import fields

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from core.languages import originals

from .models import HelplinePage
from .records import (
    CHANNEL_COLUMNS,
    COLUMNS,
    HELPLINE_COLUMNS,
    MAX_ROWS,
    ChannelRecord,
    HelplineRecord,
    ImportFileError,
    Problem,
    record_from_page,
)

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


def read_csv(data):
    """Records from CSV bytes or text, one per external id, channels in row order."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    # newline="" lets the csv module read \r\n, \n and a lone \r (old Mac files) alike.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return records_from_rows(reader)
    except csv.Error as error:
        raise ImportFileError(
            f"Line {reader.line_num + 1} cannot be read as CSV ({error}). Cells are at most "
            f"{csv.field_size_limit() // 1024} KB; save the file again as “CSV UTF-8”."
        ) from error


def records_from_rows(reader):
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(
            "The file is missing these columns: " + ", ".join(missing) + ". Export the "
            "helplines to get a file with every column."
        )
    # Columns Waymark does not read: what they hold is reported as not kept.
    extra = [column for column in reader.fieldnames if column not in COLUMNS]
    records, helpline_rows = {}, {}
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows: split it.")
        if None in raw:
            raise ImportFileError(f"Row {number} has more cells than there are columns.")
        row = {column: clean_cell(raw[column]) for column in COLUMNS}
        unread = [
            f"row {number} › {column or 'a column with no name'}"
            for column in extra
            if clean_cell(raw[column])
        ]
        if not any(row.values()):
            continue
        helpline = {column: row[column] for column in HELPLINE_COLUMNS}
        key = helpline["external_id"] or f"row {number}"
        record = records.get(key)
        if record is None:
            record = records[key] = HelplineRecord(**helpline)
            helpline_rows[key] = (number, helpline)
        elif helpline != helpline_rows[key][1]:
            first, first_values = helpline_rows[key]
            differing = [c for c in HELPLINE_COLUMNS if helpline[c] != first_values[c]]
            record.rows.append(number)
            record.reading_problems.append(
                Problem(
                    number,
                    differing[0],
                    f"every row of one helpline must agree, and this differs from row {first}.",
                )
            )
            continue
        record.rows.append(number)
        record.not_kept += unread
        if any(row[column] for column in CHANNEL_COLUMNS):
            record.channels.append(
                ChannelRecord(
                    *(row[column] for column in CHANNEL_COLUMNS),
                )
            )
    if not records:
        raise ImportFileError("The file has no helplines in it.")
    return list(records.values())


def clean_cell(value):
    value = unguarded_cell(value or "")
    return "".join(
        char for char in value if unicodedata.category(char) != "Cc" or char == "\n"
    ).strip()


def export_csv(pages, out):
    """Write `pages` (helplines, in their latest revisions) to the text stream `out`."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for page in pages:
        record = record_from_page(page)
        helpline = [getattr(record, column) for column in HELPLINE_COLUMNS]
        for channel in record.channels or [ChannelRecord("", "")]:
            channel_cells = [getattr(channel, f.name) for f in fields(ChannelRecord)]
            writer.writerow(safe_row(helpline + channel_cells))


def latest_helplines(queryset=None):
    """Every helpline as editors last saved it: the latest revision, drafts included."""
    queryset = queryset if queryset is not None else originals(HelplinePage.objects.all())
    for page in queryset.select_related("latest_revision").order_by("path"):
        yield page.get_latest_revision_as_object()
