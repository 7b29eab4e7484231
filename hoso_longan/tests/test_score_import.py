# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Score import from Excel: a file with any problem writes nothing and names row, column and student.

Workbooks are built from the template of a real score sheet (the layout teachers use) and then spoilt.
"""

import io

import frappe
from frappe.tests.utils import FrappeTestCase
from openpyxl import Workbook, load_workbook

from hoso_longan.services.score_import import ScoreImportError, build_template, import_workbook
from hoso_longan.tests.factories import create_record_lock, create_score_sheet, create_world

FIRST_ROW = 7  # rows 1-5 name the sheet, row 6 holds the headings


def _workbook(doc, edit=None) -> bytes:
	"""The template of ``doc`` with ``edit(ws)`` applied."""
	wb = load_workbook(io.BytesIO(build_template(doc)))
	if edit:
		edit(wb.active)
	out = io.BytesIO()
	wb.save(out)
	return out.getvalue()


def _scores(ws, rows):
	"""rows: {row index from 0: [tx1, tx2, tx3, tx4, gk, ck]}"""
	for index, values in rows.items():
		for offset, value in enumerate(values):
			ws.cell(FIRST_ROW + index, 4 + offset, value)


GOOD = {0: [8, 7, 9, "6,5", 7.5, 8], 1: [5, 6, 7, 8, 6, 5.5], 2: [10, 10, 9.5, 9, 10, 9]}


class TestScoreImport(FrappeTestCase):
	tried = 0

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()
		cls.sheet = create_score_sheet(cls.w.a1, cls.w.math, "HK1", user=cls.w.math_a1).name

	@classmethod
	def tearDownClass(cls):
		print(f"\nTestScoreImport: {cls.tried} malformed files tried, each refused and nothing written")
		super().tearDownClass()

	def setUp(self):
		frappe.db.savepoint("score_import_test")
		frappe.set_user(self.w.math_a1)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"
		frappe.db.rollback(save_point="score_import_test")

	def doc(self, name=None):
		return frappe.get_doc("Score Sheet", name or self.sheet)

	def stored(self, name=None):
		return [(r.tx1, r.tx2, r.gk, r.ck) for r in self.doc(name).rows]

	def assertRefused(self, content, *expected, score_sheet=None):
		"""The import raises, every expected fragment is in the message, and the sheet is unchanged."""
		type(self).tried += 1
		before = self.stored()
		with self.assertRaises(ScoreImportError) as raised:
			import_workbook(content, score_sheet or self.sheet)
		message = "\n".join(raised.exception.problems)
		for fragment in expected:
			self.assertIn(fragment, message)
		self.assertEqual(self.stored(), before, "a refused file must write nothing")
		return raised.exception.problems

	# -- a good file ---------------------------------------------------------------------------------------

	def test_good_file_writes_every_row_and_the_engine_computes_the_averages(self):
		result = import_workbook(_workbook(self.doc(), lambda ws: _scores(ws, GOOD)), self.sheet)
		self.assertEqual(result, {"sheets": [self.sheet], "rows": 3})
		rows = self.doc().rows
		self.assertEqual((rows[0].tx4, rows[0].gk, rows[0].term_result), ("6.5", "7.5", "7.7"))  # rules.md E1
		self.assertEqual([r.ck for r in rows], ["8.0", "5.5", "9.0"])

	def test_template_lists_the_class_and_re_importing_it_changes_nothing(self):
		import_workbook(_workbook(self.doc(), lambda ws: _scores(ws, GOOD)), self.sheet)
		ws = load_workbook(io.BytesIO(build_template(self.doc()))).active
		self.assertEqual([ws.cell(r, 2).value for r in range(7, 10)], self.w.students_a1)
		self.assertEqual(
			[c.value for c in ws[6]],
			["STT", "Mã học sinh", "Họ và tên", "TX1", "TX2", "TX3", "TX4", "GK", "CK"],
		)
		before = self.stored()
		import_workbook(build_template(self.doc()), self.sheet)
		self.assertEqual(self.stored(), before)

	def test_a_workbook_naming_its_sheet_is_imported_without_choosing_the_sheet(self):
		result = import_workbook(_workbook(self.doc(), lambda ws: _scores(ws, {0: [9]})))
		self.assertEqual(result["sheets"], [self.sheet])
		self.assertEqual(self.doc().rows[0].tx1, "9.0")

	# -- malformed files: each writes nothing and names row, column and student --------------------------------

	def test_score_10_5_is_outside_0_10_in_vietnamese_as_teachers_read_it(self):
		frappe.local.lang = "vi"
		content = _workbook(self.doc(), lambda ws: _scores(ws, {0: [8, 10.5]}))
		self.assertRefused(content, "Dòng 7, cột TX2 (An ", "): điểm 10,5 ngoài khoảng 0–10")

	def test_score_7_25_has_more_than_one_decimal(self):
		content = _workbook(self.doc(), lambda ws: _scores(ws, {1: [8, 8, "7,25"]}))
		self.assertRefused(content, "Row 8, column TX3 (Bình ", "7,25 has more than one decimal")

	def test_text_in_a_score_cell(self):
		content = _workbook(self.doc(), lambda ws: _scores(ws, {2: [None, None, None, None, "tám"]}))
		self.assertRefused(content, "Row 9, column GK (Chi ", "tám is not a score")

	def test_every_problem_of_the_file_is_reported_at_once(self):
		content = _workbook(
			self.doc(), lambda ws: _scores(ws, {0: [11], 1: [None, -1], 2: [None, None, "x"]})
		)
		problems = self.assertRefused(content, "Row 7, column TX1", "Row 8, column TX2", "Row 9, column TX3")
		self.assertEqual(len(problems), 3)

	def test_wrong_heading(self):
		content = _workbook(self.doc(), lambda ws: ws.cell(6, 3, "Tên"))
		self.assertRefused(content, "Row 6, column C: the heading should be Họ và tên, found Tên")

	def test_unknown_student(self):
		content = _workbook(self.doc(), lambda ws: ws.cell(8, 2, "EDU-STU-NOBODY"))
		self.assertRefused(content, "Row 8, column Mã học sinh (Bình ", "EDU-STU-NOBODY is not in class")

	def test_student_of_another_school_is_unknown_here(self):
		content = _workbook(self.doc(), lambda ws: (ws.cell(9, 2, self.w.student_b1), ws.cell(9, 3, "Dũng")))
		self.assertRefused(content, "Row 9, column Mã học sinh (Dũng): student " + self.w.student_b1)

	def test_duplicate_student(self):
		def duplicate(ws):
			ws.cell(9, 2, ws.cell(7, 2).value)
			ws.cell(9, 3, ws.cell(7, 3).value)

		content = _workbook(self.doc(), duplicate)
		self.assertRefused(content, "Row 9, column Mã học sinh (An ", "listed twice (first in row 7)")

	def test_name_that_does_not_match_the_code_shifted_rows(self):
		content = _workbook(self.doc(), lambda ws: ws.cell(7, 3, "Bình"))
		self.assertRefused(content, "Row 7, column Họ và tên (Bình): the name does not match student")

	def test_too_many_regular_assessments(self):
		def fifth(ws):
			ws.insert_cols(8)
			ws.cell(6, 8, "TX5")
			ws.cell(7, 8, 9)

		content = _workbook(self.doc(), fifth)
		self.assertRefused(
			content, "Row 6, column H: TX5 is beyond the 4 regular assessments of this subject"
		)

	def test_missing_midterm_column(self):
		content = _workbook(self.doc(), lambda ws: ws.delete_cols(8))
		self.assertRefused(content, "Row 6: column GK is missing")

	def test_wrong_subject_class_and_term(self):
		def wrong(ws):
			ws.cell(2, 2, self.w.a2)
			ws.cell(3, 2, self.w.pe)
			ws.cell(4, 2, "HK2")

		content = _workbook(self.doc(), wrong)
		self.assertRefused(
			content,
			f"Row 2, column B: Class {self.w.a2} does not match score sheet",
			f"Row 3, column B: Subject {self.w.pe} does not match",
			"Row 4, column B: Term HK2 does not match",
		)

	def test_missing_class_row(self):
		content = _workbook(self.doc(), lambda ws: ws.delete_rows(2))
		self.assertRefused(content, "the row naming the Lớp is missing")

	def test_not_an_excel_file(self):
		self.assertRefused(b"STT;Ma hoc sinh\n1;x\n", "not an Excel workbook")

	def test_locked_sheet(self):
		content = _workbook(self.doc(), lambda ws: _scores(ws, GOOD))
		frappe.set_user("Administrator")
		create_record_lock(self.w)
		frappe.set_user(self.w.math_a1)
		self.assertRefused(content, f"Score sheet {self.sheet}: ", "Locked by", "Khóa sổ cuối năm")

	def test_signed_sheet(self):
		from frappe.model.workflow import apply_workflow

		content = _workbook(self.doc(), lambda ws: _scores(ws, GOOD))
		apply_workflow(self.doc(), "Finalise Scores")
		self.assertRefused(content, f"Score sheet {self.sheet} is signed")

	def test_one_bad_worksheet_writes_nothing_from_the_good_one(self):
		frappe.set_user("Administrator")
		other = create_score_sheet(self.w.a1, self.w.math, "HK2", user=self.w.math_a1)
		wb = Workbook()
		for index, doc in enumerate((self.doc(), other)):
			source = load_workbook(io.BytesIO(_workbook(doc, lambda ws: _scores(ws, GOOD)))).active
			ws = wb.active if index == 0 else wb.create_sheet()
			ws.title = doc.term
			for row in source.iter_rows(values_only=True):
				ws.append(row)
		wb["HK2"].cell(8, 5, 10.5)
		out = io.BytesIO()
		wb.save(out)
		frappe.set_user(self.w.math_a1)
		before_other = self.stored(other.name)
		type(self).tried += 1
		with self.assertRaises(ScoreImportError) as raised:
			import_workbook(out.getvalue())
		self.assertIn("Worksheet HK2: Row 8, column TX2 (Bình", raised.exception.problems[0])
		self.assertEqual(self.stored(other.name), before_other)
		self.assertEqual(self.doc().rows[0].tx1, "")

	def test_a_save_failing_midway_rolls_back_the_sheets_already_saved(self):
		"""Sheet of 6A2 saves first, the 6A1 sheet is locked: the 6A2 scores are rolled back too."""
		frappe.set_user("Administrator")
		other = create_score_sheet(self.w.a2, self.w.math, "HK1")
		modified = other.modified
		create_record_lock(self.w, group=self.w.a1)
		wb = Workbook()
		for index, doc in enumerate((other, self.doc())):
			scores = {0: [9]} if doc.rows else {}  # 6A2 has no students
			source = load_workbook(io.BytesIO(_workbook(doc, lambda ws, s=scores: _scores(ws, s)))).active
			ws = wb.active if index == 0 else wb.create_sheet()
			ws.title = doc.student_group
			for row in source.iter_rows(values_only=True):
				ws.append(row)
		out = io.BytesIO()
		wb.save(out)
		type(self).tried += 1
		with self.assertRaises(ScoreImportError) as raised:
			import_workbook(out.getvalue())
		self.assertIn("Locked by", raised.exception.problems[0])  # the lock in words, not its record id
		self.assertEqual(
			str(self.doc(other.name).modified), str(modified), "the 6A2 sheet saved first was rolled back"
		)

	# -- permissions ------------------------------------------------------------------------------------------

	def test_a_teacher_cannot_import_into_another_teachers_sheet(self):
		content = _workbook(self.doc(), lambda ws: _scores(ws, GOOD))
		for user in (self.w.math_a2, self.w.pe_a1, self.w.math_b1, self.w.homeroom_a1, self.w.principal_a):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError, msg=user):
				import_workbook(content, self.sheet)
			with self.assertRaises(frappe.PermissionError, msg=user):
				import_workbook(content)
		frappe.set_user("Administrator")
		self.assertEqual(self.doc().rows[0].tx1, "")

	def test_a_teacher_cannot_create_a_sheet_for_a_class_not_theirs_by_import(self):
		frappe.set_user("Administrator")
		doc = frappe.get_doc(
			{"doctype": "Score Sheet", "student_group": self.w.a2, "course": self.w.math, "term": "HK2"}
		)
		doc.regular_count, doc.mode, doc.rows = 4, "score", []
		content = _workbook(doc)
		frappe.set_user(self.w.math_a1)
		with self.assertRaises(frappe.PermissionError):
			import_workbook(content)
		self.assertFalse(frappe.db.exists("Score Sheet", {"student_group": self.w.a2, "term": "HK2"}))
