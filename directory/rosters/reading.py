"""Reading a roster (XLSX, or CSV in UTF-8, UTF-8 with BOM or Windows-1251) into rows of text, refusing the unsafe."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from directory.error_codes import Reason
from directory.rosters.mapping import known_header_count

ZIP_MAGIC = b"PK\x03\x04"
# An encrypted (password-protected) XLSX, like an old .xls, is an OLE compound file, not a zip.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "windows-1251": "cp1251"}
# A header row is looked for among the first rows: real lists often carry a title above the table.
HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class RosterProblem:
    """Something wrong with a file or a row: where (row and column as the user sees them), what, and the fix."""

    message: str
    code: str
    row: int | None = None
    column: str = ""


class RosterFileError(Exception):
    """The file cannot be read as a roster; nothing is written. `problems` name rows and columns."""

    def __init__(self, problems: list[RosterProblem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


@dataclass
class RawRoster:
    """A roster as read: its headers (with their column letters) and its non-empty rows by row number."""

    file_name: str
    sha256: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    empty_rows: list[int] = field(default_factory=list)

    def column_label(self, index: int) -> str:
        """How the user finds a column: its letter and header (C “Должность”)."""
        from openpyxl.utils import get_column_letter

        header = self.headers[index] if index < len(self.headers) else ""
        return f"{get_column_letter(index + 1)} “{header}”" if header else get_column_letter(index + 1)


def read_roster(data: bytes, file_name: str, *, encoding: str = "") -> RawRoster:
    """Read an XLSX or CSV roster; raise RosterFileError naming the row, the column and the fix."""
    limit = settings.LIAISON_ROSTER_MAX_BYTES
    if len(data) > limit:
        raise _file_error(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split the roster into smaller files.")
            % {"size": round(len(data) / 1048576, 1), "limit": round(limit / 1048576, 1)},
            Reason.FILE_TOO_LARGE,
        )
    if not data.strip():
        raise _file_error(_("The file is empty; choose the roster file."), Reason.EMPTY_FILE)
    lowered = file_name.lower()
    if lowered.endswith((".xlsm", ".xltm", ".xlsb")):
        raise _file_error(
            _("Files with macros (.xlsm) are not accepted; save the roster as .xlsx or .csv."), Reason.MACROS
        )
    if data.startswith(OLE_MAGIC):
        raise _file_error(
            _(
                "The file is password-protected or in the old .xls format; remove the password and save it as "
                ".xlsx or .csv."
            ),
            Reason.PROTECTED_FILE,
        )
    if data.startswith(ZIP_MAGIC):
        cells, empty = _read_xlsx(data)
        used = ""
    elif lowered.endswith((".xlsx", ".xls", ".ods", ".pdf", ".doc", ".docx")) or b"\x00" in data[:4096]:
        raise _file_error(
            _("The file is neither an Excel workbook (.xlsx) nor a CSV text file; save the roster as one of them."),
            Reason.WRONG_FILE_TYPE,
        )
    else:
        text, used = _decode(data, encoding)
        cells, empty = _read_csv(text)
    return _with_header(cells, empty, file_name, hashlib.sha256(data).hexdigest(), used)


def _file_error(message: str, code: str, row: int | None = None, column: str = "") -> RosterFileError:
    return RosterFileError([RosterProblem(message, code, row, column)])


def _decode(data: bytes, chosen: str) -> tuple[str, str]:
    """The text and the encoding used: the one chosen, else a BOM, else UTF-8, else the best guess of the region's."""
    if chosen:
        if chosen not in ENCODINGS:
            raise _file_error(
                _("Unknown encoding '%(name)s'; choose one of: %(choices)s.")
                % {"name": chosen, "choices": ", ".join(ENCODINGS)},
                Reason.INVALID_CHOICE,
            )
        try:
            return data.decode(ENCODINGS[chosen]), chosen
        except UnicodeDecodeError as error:
            raise _file_error(
                _("The file is not in %(name)s (byte %(at)s); choose another encoding.")
                % {"name": chosen, "at": error.start},
                Reason.WRONG_ENCODING,
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Imported here, as openpyxl below: a web process that reads no roster does not carry them (about 17 MB of its
    # memory together; bench/RESULTS.md, "A web worker's memory").
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=["cp1251", "koi8_r", "cp866"]).best()
    name = {"cp1251": "windows-1251"}.get(best.encoding if best else "", "windows-1251")
    # Windows-1251 decodes every byte; a wrong guess shows as odd letters in the preview, where the user can choose.
    return data.decode(ENCODINGS[name], errors="replace"), name


def _read_csv(text: str) -> tuple[list[tuple[int, list[str]]], list[int]]:
    # The separator most used in the first lines: Excel writes ";" where the decimal mark is a comma, as in Russian.
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count)
    rows, empty = [], []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cleaned = [cell.strip() for cell in cells]
        if any(cleaned):
            rows.append((number, cleaned))
            _check_row_count(len(rows))
        else:
            empty.append(number)
    return rows, empty


def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list[str]]], list[int]]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise _file_error(
            _("The workbook is damaged; open it in Excel and save it again."), Reason.CORRUPT_FILE
        ) from None
    if "xl/workbook.xml" not in names:
        raise _file_error(
            _("The file is neither an Excel workbook (.xlsx) nor a CSV text file; save the roster as one of them."),
            Reason.WRONG_FILE_TYPE,
        )
    if any(name.endswith("vbaProject.bin") for name in names):
        raise _file_error(
            _("Files with macros (.xlsm) are not accepted; save the roster as .xlsx or .csv."), Reason.MACROS
        )
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _file_error(
            _("The workbook is damaged; open it in Excel and save it again."), Reason.CORRUPT_FILE
        ) from None
    sheet = workbook.worksheets[0]
    problems = [
        RosterProblem(
            _("Cells %(range)s are merged; unmerge them and write the value in each row.") % {"range": merged.coord},
            Reason.MERGED_CELLS,
            merged.min_row,
            get_column_letter(merged.min_col),
        )
        for merged in sheet.merged_cells.ranges
    ][:MAX_PROBLEMS]
    rows, empty = [], []
    for cells in sheet.iter_rows():
        number = (cells[0].row or 0) if cells else 0
        values = []
        for cell in cells:
            if cell.data_type == "f" and len(problems) < MAX_PROBLEMS:
                problems.append(
                    RosterProblem(
                        _("Cell %(cell)s holds a formula; replace it with its value (Paste Special → Values).")
                        % {"cell": cell.coordinate},
                        Reason.FORMULA,
                        number,
                        get_column_letter(cell.column or 1),
                    )
                )
            values.append(_cell_text(cell.value))
        if any(values):
            rows.append((number, values))
            _check_row_count(len(rows))
        elif number:
            empty.append(number)
    if problems:
        raise RosterFileError(problems)
    return rows, empty


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_row_count(count: int) -> None:
    # The header row is one of them; the cap counts the people.
    cap = settings.LIAISON_ROSTER_MAX_ROWS
    if count > cap + 1:
        raise _file_error(
            _("The roster has more than %(cap)s rows; split it into files of at most %(cap)s rows.") % {"cap": cap},
            Reason.TOO_MANY_ROWS,
            count,
        )


def _with_header(
    cells: list[tuple[int, list[str]]], empty: list[int], file_name: str, sha256: str, encoding: str
) -> RawRoster:
    if not cells:
        raise _file_error(_("The file has no rows; fill in the roster with a header row."), Reason.EMPTY_FILE)
    header_at = 0
    for index, (_number, values) in enumerate(cells[:HEADER_SEARCH_ROWS]):
        if known_header_count(values) >= 2:
            header_at = index
            break
    headers = cells[header_at][1]
    width = len(headers)
    rows = [(number, (values + [""] * width)[: max(width, len(values))]) for number, values in cells[header_at + 1 :]]
    return RawRoster(file_name, sha256, headers, rows, encoding, empty)
