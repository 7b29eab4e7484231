"""Score import from Excel in the layout teachers use (sổ điểm: one worksheet per class × subject × term).

Layout of a worksheet (the template of :func:`build_template` has exactly this shape)::

	row 1   BẢNG ĐIỂM
	row 2   Lớp      | <class>            the rows naming class, subject and term come before the headings
	row 3   Môn      | <subject>
	row 4   Học kỳ   | HK1 / HK2
	row 5   Năm học  | <academic year>   (informative)
	row 6   STT | Mã học sinh | Họ và tên | TX1 … TXn | GK | CK
	row 7…  one row per student

Every cell is checked before anything is written; a problem names the row, the column and the student
("Dòng 7, cột TX2 (Nguyễn Văn An): điểm 10,5 ngoài khoảng 0–10"). A file with any problem writes nothing:
the whole import is one transaction, rolled back to its savepoint on the first failed save. Scores are judged by
the assessment engine (``parse_score``); this module only reads cells and locates problems. Writes go through
``Document.save`` as the user, so permissions, locks and the audit trail apply as in the form.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import frappe
from frappe import _

from hoso_longan.core.assessment import COMMENT
from hoso_longan.core.assessment.levels import nfc
from hoso_longan.services import assignments
from hoso_longan.services import score_sheet as sheet_service
from hoso_longan.services.locks import RecordLockedError

# Fixed headings of the official layout (the file is Vietnamese whatever the user's language).
STT, CODE, NAME = "STT", "Mã học sinh", "Họ và tên"
CLASS_LABEL, SUBJECT_LABEL, TERM_LABEL, YEAR_LABEL = "Lớp", "Môn", "Học kỳ", "Năm học"
TITLE = "BẢNG ĐIỂM"
HEADING_SCAN_ROWS = 20
TERM_ALIASES = {"HK1": "HK1", "HKI": "HK1", "I": "HK1", "1": "HK1", "HK2": "HK2", "HKII": "HK2", "II": "HK2"}
TERM_ALIASES["2"] = "HK2"
_TX = re.compile(r"^TX(\d+)$")


class ScoreImportError(frappe.ValidationError):
	"""The file was refused; ``problems`` lists every problem found (nothing was written)."""

	problems: list[str]


@dataclass
class _Worksheet:
	title: str
	doc: object = None
	heading_row: int = 0
	columns: dict[str, int] = field(default_factory=dict)  # field (tx1…, gk, ck) → column index (1-based)
	rows: dict[str, dict] = field(default_factory=dict)  # student → {field: normalised value}


def _key(value) -> str:
	return nfc(str(value or "")).strip().rstrip(":").strip().casefold()


_display = sheet_service.display


def _column(index: int) -> str:
	from openpyxl.utils import get_column_letter

	return get_column_letter(index)


# ------------------------------------------------------------------------------------------------------------
# reading


def _find_heading_row(ws) -> int | None:
	for row in range(1, min(ws.max_row, HEADING_SCAN_ROWS) + 1):
		if _key(ws.cell(row, 1).value) == _key(STT):
			return row
	return None


def _labels(ws, heading_row: int) -> dict[str, tuple[int, object]]:
	"""Values of the rows above the headings, by label: {"lớp": (row, value), …}."""
	found = {}
	for row in range(1, heading_row):
		label = _key(ws.cell(row, 1).value)
		if label:
			found[label] = (row, ws.cell(row, 2).value)
	return found


def _target(ws, labels, given, problems, where) -> object | None:
	"""The Score Sheet the worksheet is for: the one given, or the one its class/subject/term name."""
	wanted = {}
	for label, fieldname in ((CLASS_LABEL, "student_group"), (SUBJECT_LABEL, "course"), (TERM_LABEL, "term")):
		row, value = labels.get(_key(label), (None, None))
		if row is None or value in (None, ""):
			problems.append(where(_("the row naming the {0} is missing above the headings").format(label)))
			continue
		value = nfc(str(value)).strip()
		if fieldname == "term":
			value = TERM_ALIASES.get(value.upper().replace(" ", "").replace("HỌCKỲ", ""), value)
		wanted[fieldname] = (row, value)
	if len(wanted) < 3:
		return None
	if given:
		doc = given
		for fieldname, (row, value) in wanted.items():
			if doc.get(fieldname) != value:
				problems.append(
					where(
						_("Row {0}, column B: {1} {2} does not match score sheet {3} ({4})").format(
							row, _(doc.meta.get_label(fieldname)), value, doc.name, doc.get(fieldname)
						)
					)
				)
		return doc
	values = {fieldname: value for fieldname, (row, value) in wanted.items()}
	for fieldname, doctype in (("student_group", "Student Group"), ("course", "Course")):
		if not frappe.db.exists(doctype, values[fieldname]):
			row = wanted[fieldname][0]
			problems.append(
				where(
					_("Row {0}, column B: {1} {2} does not exist").format(row, _(doctype), values[fieldname])
				)
			)
	if values["term"] not in ("HK1", "HK2"):
		problems.append(
			where(
				_("Row {0}, column B: term {1} is not HK1 or HK2").format(wanted["term"][0], values["term"])
			)
		)
	if problems:
		return None
	name = frappe.db.get_value("Score Sheet", {**values, "docstatus": ["<", 2]})
	if name:
		return frappe.get_doc("Score Sheet", name)
	doc = frappe.new_doc("Score Sheet")
	doc.update(values)
	try:
		sheet_service.set_subject_rules(doc)
		sheet_service.fill_students(doc)
	except frappe.ValidationError as error:
		problems.append(where(str(error)))
		return None
	return doc


def _read_headings(ws, sheet: _Worksheet, problems, where) -> None:
	doc, row = sheet.doc, sheet.heading_row
	for index, expected in ((1, STT), (2, CODE), (3, NAME)):
		found = ws.cell(row, index).value
		if _key(found) != _key(expected):
			problems.append(
				where(
					_("Row {0}, column {1}: the heading should be {2}, found {3}").format(
						row, _column(index), expected, _display(found) if found not in (None, "") else "∅"
					)
				)
			)
	for index in range(4, ws.max_column + 1):
		heading = _key(ws.cell(row, index).value).upper()
		if not heading:
			continue
		match = _TX.match(heading)
		if match:
			number = int(match.group(1))
			if not 1 <= number <= doc.regular_count:
				problems.append(
					where(
						_(
							"Row {0}, column {1}: {2} is beyond the {3} regular assessments of this subject"
						).format(row, _column(index), heading, doc.regular_count)
					)
				)
				continue
			fieldname = f"tx{number}"
		elif heading in ("GK", "CK"):
			fieldname = heading.lower()
		else:
			problems.append(
				where(_("Row {0}, column {1}: unknown heading {2}").format(row, _column(index), heading))
			)
			continue
		if fieldname in sheet.columns:
			problems.append(
				where(
					_("Row {0}, column {1}: heading {2} appears twice").format(row, _column(index), heading)
				)
			)
		sheet.columns[fieldname] = index
	for required in ("GK", "CK"):
		if required.lower() not in sheet.columns:
			problems.append(where(_("Row {0}: column {1} is missing").format(row, required)))


_cell_problem = sheet_service.cell_problem


def _read_students(ws, sheet: _Worksheet, problems, where) -> None:
	doc = sheet.doc
	members = {s.student: s.student_name for s in assignments.class_students(doc.student_group)}
	first_row: dict[str, int] = {}
	for row in range(sheet.heading_row + 1, ws.max_row + 1):
		code_cell, name_cell = ws.cell(row, 2).value, ws.cell(row, 3).value
		values = {fieldname: ws.cell(row, index).value for fieldname, index in sheet.columns.items()}
		if all(v in (None, "") for v in (ws.cell(row, 1).value, code_cell, name_cell, *values.values())):
			continue
		code = str(code_cell or "").strip()
		name = nfc(str(name_cell or "")).strip()
		who = name or code or "?"
		if not code:
			problems.append(
				where(_("Row {0}, column {1} ({2}): student code missing").format(row, CODE, who))
			)
			continue
		if code not in members:
			problems.append(
				where(
					_("Row {0}, column {1} ({2}): student {3} is not in class {4}").format(
						row, CODE, who, code, doc.student_group
					)
				)
			)
			continue
		if code in first_row:
			problems.append(
				where(
					_("Row {0}, column {1} ({2}): student {3} is listed twice (first in row {4})").format(
						row, CODE, who, code, first_row[code]
					)
				)
			)
			continue
		first_row[code] = row
		if name and _key(name) != _key(members[code]):
			problems.append(
				where(
					_("Row {0}, column {1} ({2}): the name does not match student {3} ({4})").format(
						row, NAME, who, code, members[code]
					)
				)
			)
		cells = {}
		for fieldname, value in values.items():
			problem = _cell_problem(value, doc.mode)
			if problem:
				heading = fieldname.upper()
				problems.append(where(_("Row {0}, column {1} ({2}): {3}").format(row, heading, who, problem)))
			else:
				cells[fieldname] = sheet_service.normalise_cell(value, doc.mode)
		sheet.rows[code] = cells


def read_workbook(content: bytes, score_sheet=None) -> tuple[list[_Worksheet], list[str]]:
	"""Parse and check every worksheet; returns the worksheets and the problems (nothing is written)."""
	from openpyxl import load_workbook

	problems: list[str] = []
	try:
		workbook = load_workbook(io.BytesIO(content), data_only=True, read_only=False)
	except Exception:
		return [], [_("The file is not an Excel workbook (.xlsx).")]
	worksheets = [ws for ws in workbook.worksheets if ws.max_row > 1 or ws.cell(1, 1).value]
	if score_sheet is not None and len(worksheets) > 1:
		return [], [
			_("The file has {0} worksheets; import one worksheet into a score sheet.").format(len(worksheets))
		]
	sheets, several = [], len(worksheets) > 1
	for ws in worksheets:

		def where(message, title=ws.title, several=several):
			return _("Worksheet {0}: {1}").format(title, message) if several else message

		sheet = _Worksheet(ws.title)
		sheet.heading_row = _find_heading_row(ws) or 0
		if not sheet.heading_row:
			problems.append(
				where(
					_("Column A: no heading row ({0}, {1}, {2}, TX…, GK, CK) in the first {3} rows").format(
						STT, CODE, NAME, HEADING_SCAN_ROWS
					)
				)
			)
			continue
		before = len(problems)
		sheet.doc = _target(ws, _labels(ws, sheet.heading_row), score_sheet, problems, where)
		if sheet.doc is None or len(problems) > before:
			continue
		_read_headings(ws, sheet, problems, where)
		if len(problems) > before:
			continue
		_read_students(ws, sheet, problems, where)
		sheets.append(sheet)
	if not worksheets:
		problems.append(_("The workbook is empty."))
	return sheets, problems


# ------------------------------------------------------------------------------------------------------------
# writing


def _refuse(problems: list[str]):
	error = ScoreImportError("<br>".join(frappe.utils.escape_html(p) for p in problems))
	error.problems = problems
	frappe.msgprint(
		"<br>".join(frappe.utils.escape_html(p) for p in problems[:50]),
		title=_("Score Import Refused: nothing was written"),
		indicator="red",
	)
	raise error


def import_workbook(content: bytes, score_sheet: str | None = None) -> dict:
	"""Import a workbook as the session user; all or nothing. Returns {"sheets": [names], "rows": n}."""
	given = frappe.get_doc("Score Sheet", score_sheet) if score_sheet else None
	if given:
		given.check_permission("write")
	sheets, problems = read_workbook(content, given)
	if problems:
		_refuse(problems)
	for sheet in sheets:
		if sheet.doc.docstatus != 0:
			problems.append(
				_("Score sheet {0} is signed; it can be changed only after an unlock.").format(sheet.doc.name)
			)
		else:
			sheet.doc.check_permission("write" if sheet.doc.name else "create")
	if problems:
		_refuse(problems)

	frappe.db.savepoint("hoso_score_import")
	written = 0
	try:
		for sheet in sheets:
			rows = {row.student: row for row in sheet.doc.rows}
			for student, cells in sheet.rows.items():
				rows[student].update(cells)
				written += 1
			sheet.doc.save()
	except (RecordLockedError, sheet_service.ScoreSheetError, frappe.ValidationError) as error:
		frappe.db.rollback(save_point="hoso_score_import")
		frappe.clear_last_message()
		_refuse([_("Score sheet {0}: {1}").format(sheet.doc.name or sheet.title, _strip_html(str(error)))])
	except Exception:
		frappe.db.rollback(save_point="hoso_score_import")
		raise
	return {"sheets": [sheet.doc.name for sheet in sheets], "rows": written}


def _strip_html(text: str) -> str:
	return re.sub(r"<br\s*/?>", "; ", text)


@frappe.whitelist(methods=["POST"])
def import_file(file_url: str, score_sheet: str | None = None) -> dict:
	"""Desk action: import an uploaded .xlsx (a File) into ``score_sheet`` or the sheets its worksheets name."""
	file_doc = frappe.get_doc("File", {"file_url": file_url})
	file_doc.check_permission("read")
	return import_workbook(file_doc.get_content(), score_sheet)


# ------------------------------------------------------------------------------------------------------------
# template


def build_template(doc) -> bytes:
	"""The layout above for one score sheet, with the class list and the scores entered so far."""
	from openpyxl import Workbook
	from openpyxl.styles import Font

	workbook = Workbook()
	ws = workbook.active
	ws.title = re.sub(r"[\[\]:*?/\\]", " ", f"{doc.student_group} {doc.subject_code or ''} {doc.term}")[:31]
	ws.append([TITLE])
	ws["A1"].font = Font(bold=True)
	ws.append([CLASS_LABEL, doc.student_group])
	ws.append([SUBJECT_LABEL, doc.course])
	ws.append([TERM_LABEL, doc.term])
	ws.append([YEAR_LABEL, doc.academic_year])
	regular = [f"TX{i}" for i in range(1, (doc.regular_count or 0) + 1)]
	ws.append([STT, CODE, NAME, *regular, "GK", "CK"])
	for cell in ws[ws.max_row]:
		cell.font = Font(bold=True)
	fields = [f"tx{i}" for i in range(1, len(regular) + 1)] + ["gk", "ck"]
	for number, row in enumerate(doc.rows, start=1):
		values = [_template_value(row.get(f), doc.mode) for f in fields]
		ws.append([number, row.student, row.student_name, *values])
	ws.column_dimensions["B"].width = 22
	ws.column_dimensions["C"].width = 30
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def _template_value(value, mode: str):
	if value in (None, ""):
		return None
	return value if mode == COMMENT else float(value)


@frappe.whitelist()
def download_template(score_sheet: str) -> None:
	"""Desk action: the .xlsx template of a score sheet (class list filled in)."""
	doc = frappe.get_doc("Score Sheet", score_sheet)
	doc.check_permission("read")
	frappe.response["filename"] = f"{doc.name}.xlsx"
	frappe.response["filecontent"] = build_template(doc)
	frappe.response["type"] = "binary"
