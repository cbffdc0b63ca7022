"""Writing an export table as CSV, XLSX or JSON: the bytes a viewer downloads."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder

from directory.exports.cells import FORMULA_STARTS, neutralise
from directory.exports.tables import ExportTable

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font


class FileFormat(StrEnum):
    """The formats a list can be downloaded in."""

    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


CONTENT_TYPES = {
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.JSON: "application/json",
}
# Excel reads a CSV file as UTF-8 (and so Cyrillic names as written) only when it starts with a byte-order mark.
UTF8_BOM = "\ufeff"
SHEET_TITLE_LENGTH = 31  # Excel's limit


def as_csv(table: ExportTable) -> bytes:
    """The table as CSV (UTF-8 with a byte-order mark), every cell that could start a formula neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in table.headers()])
    for row in table.cells():
        writer.writerow([neutralise(cell) for cell in row])
    return (UTF8_BOM + buffer.getvalue()).encode("utf-8")


def as_xlsx(table: ExportTable, title: str) -> bytes:
    """The table as an Excel workbook whose every cell is text: a value starting like a formula stays text."""
    # Imported here, not with the module: a web process that never writes a workbook does not carry openpyxl
    # (about 13 MB of its memory; bench/RESULTS.md, "A web worker's memory").
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)  # streams rows: a 5,000-row export without a cell object per value kept
    sheet = workbook.create_sheet("".join(ch for ch in title if ch not in "[]:*?/\\")[:SHEET_TITLE_LENGTH] or "Export")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, header, font=bold) for header in table.headers()])
    for row in table.cells():
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: str, font: Font | None = None) -> Cell | str:
    """A text cell; one that starts like a formula is typed as text and marked with Excel's own apostrophe
    (quotePrefix), so that neither opening nor editing it later makes it a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Control characters cannot be stored in a workbook at all (the services refuse them; old rows may not).
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if font is None and not value.startswith(FORMULA_STARTS):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def as_json(payload: dict[str, Any]) -> bytes:
    """The payload as UTF-8 JSON (names kept in their own script)."""
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")
