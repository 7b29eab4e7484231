# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase

from hoso_longan.services import link_check
from hoso_longan.services.audit import AuditTrailError
from hoso_longan.student_assessment.doctype.score_sheet_row.score_sheet_row import ScoreSheetRow
from hoso_longan.tests.factories import create_score_sheet, create_world

# Data comes from factories; Education's JSON test records are not wanted (and not valid on this site).
test_ignore = ["Academic Year", "Student Group", "Course", "Student", "Instructor", "Education Unit", "User"]


class TestScoreSheet(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()

	def setUp(self):
		frappe.db.savepoint("score_sheet_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="score_sheet_test")

	def test_new_sheet_lists_the_class_and_takes_tt22_rules_from_the_catalogue(self):
		sheet = create_score_sheet(self.w.a1, self.w.math, "HK1", user=self.w.math_a1)
		self.assertEqual([r.student for r in sheet.rows], self.w.students_a1)
		self.assertEqual((sheet.subject_code, sheet.mode, sheet.regular_count), ("TOAN", "score", 4))
		self.assertEqual(sheet.teacher_user, self.w.math_a1)
		self.assertEqual(sheet.school, self.w.school_a)

	def test_term_average_is_computed_by_the_engine_rules_md_e1(self):
		"""E1: TX 8; 7; 9; 6,5 · GK 7,5 · CK 8,0 → 7,7."""
		scores = {0: {"tx1": "8", "tx2": "7", "tx3": "9", "tx4": "6,5", "gk": "7,5", "ck": "8"}}
		sheet = create_score_sheet(self.w.a1, self.w.math, "HK2", scores, user=self.w.math_a1)
		self.assertEqual(sheet.rows[0].term_result, "7.7")
		self.assertEqual(sheet.rows[0].tx4, "6.5")
		self.assertEqual(sheet.rows[1].term_result, "")  # components missing: no average yet

	def test_comment_subject_term_result(self):
		scores = {
			0: {"tx1": "Đ", "tx2": "đạt", "gk": "Đ", "ck": "Đ"},
			1: {"tx1": "Đ", "tx2": "CĐ", "gk": "Đ", "ck": "Đ"},
		}
		sheet = create_score_sheet(self.w.a1, self.w.pe, "HK1", scores, user=self.w.pe_a1)
		self.assertEqual([r.term_result for r in sheet.rows[:2]], ["Đ", "CĐ"])

	def test_invalid_scores_are_reported_with_row_column_and_student_name(self):
		sheet = create_score_sheet(self.w.a1, self.w.math, "HK1", user=self.w.math_a1)
		sheet.rows[1].tx1 = "7,25"
		sheet.rows[2].gk = "11"
		sheet.rows[0].tx5 = "8"
		frappe.set_user(self.w.math_a1)
		with self.assertRaises(frappe.ValidationError) as raised:
			sheet.save()
		message = str(raised.exception)
		self.assertIn("Bình", message)
		self.assertIn("TX1", message)
		self.assertIn("Chi", message)
		self.assertIn("only 4 regular assessments", message)

	def test_finaliser_finalises_and_an_amendment_needs_a_reason(self):
		sheet = create_score_sheet(self.w.a2, self.w.math, "HK1", user=self.w.math_a2)
		frappe.set_user(self.w.math_a2)
		signed = apply_workflow(sheet, "Finalise Scores")
		self.assertEqual((signed.docstatus, signed.workflow_state), (1, "Finalised"))
		self.assertEqual(frappe.db.get_value("Score Sheet", signed.name, "docstatus"), 1, "signed in db")
		frappe.set_user(self.w.principal_a)
		cancelled = apply_workflow(frappe.get_doc("Score Sheet", signed.name), "Reopen for Correction")
		self.assertEqual(cancelled.docstatus, 2)
		frappe.set_user(self.w.math_a2)

		def amendment(reason=None):
			doc = frappe.copy_doc(cancelled)
			doc.update(
				{
					"amended_from": cancelled.name,
					"docstatus": 0,
					"workflow_state": "Draft",
					"change_reason": reason,
				}
			)
			return doc

		with self.assertRaises(AuditTrailError):
			amendment().insert()
		amendment = amendment("Nhập nhầm điểm").insert()
		self.assertEqual(amendment.docstatus, 0)

	def test_second_save_of_a_stale_copy_is_a_conflict_and_nothing_is_lost(self):
		sheet = create_score_sheet(self.w.a1, self.w.pe, "HK2", user=self.w.pe_a1)
		frappe.set_user(self.w.pe_a1)
		first = frappe.get_doc("Score Sheet", sheet.name)
		second = frappe.get_doc("Score Sheet", sheet.name)
		first.rows[0].tx1 = "Đ"
		first.save()
		second.rows[1].tx1 = "CĐ"
		with self.assertRaises(frappe.TimestampMismatchError):
			second.save()
		stored = frappe.get_doc("Score Sheet", sheet.name)
		self.assertEqual((stored.rows[0].tx1, stored.rows[1].tx1), ("Đ", ""))

	def test_change_history_cannot_be_edited_or_deleted(self):
		sheet = create_score_sheet(self.w.a1, self.w.math, "HK1", {0: {"tx1": "5"}}, user=self.w.math_a1)
		version = frappe.get_last_doc(
			"Version", filters={"ref_doctype": "Score Sheet", "docname": sheet.name}
		)
		version.data = "{}"
		with self.assertRaises(AuditTrailError):
			version.save(ignore_permissions=True)
		with self.assertRaises(AuditTrailError):
			version.delete(ignore_permissions=True)


class TestSaveChecks(FrappeTestCase):
	"""The save's shortcuts answer what Frappe's own checks answer (services/link_check.py, the rows
	checked again only when changed) and rows follow their sheet's docstatus."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()

	def setUp(self):
		frappe.db.savepoint("save_checks_test")
		frappe.local.lang = "vi"

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"
		frappe.db.rollback(save_point="save_checks_test")

	def frappe_and_ours(self, doc):
		"""Frappe's ``get_invalid_links`` and ours on two copies of ``doc``, with the copies' values after."""
		theirs, ours = frappe.copy_doc(doc), frappe.copy_doc(doc)
		for copy in (theirs, ours):
			copy.name, copy.docstatus = doc.name, doc.docstatus
		frappe.db.value_cache = {}
		expected = theirs.get_invalid_links()
		got = link_check.invalid_links(ours)
		return expected, got, theirs.as_dict(), ours.as_dict()

	def test_the_sheets_links_are_judged_as_frappe_judges_them(self):
		sheet = create_score_sheet(self.w.a1, self.w.math, "HK1", user=self.w.math_a1)
		cases = {
			"all found": {},
			"unknown subject": {"course": "KHONG-CO-MON"},
			"school and class typed in another case": {
				"school": self.w.school_a.lower(),
				"student_group": self.w.a1.swapcase(),
			},
			"unknown finaliser and year": {
				"teacher_user": "khong-co@example.com",
				"academic_year": "1900-1901",
			},
		}
		for case, values in cases.items():
			with self.subTest(case):
				doc = frappe.get_doc("Score Sheet", sheet.name)
				doc.update(values)
				doc.subject_code = None  # fetched through the subject's link
				expected, got, theirs, ours = self.frappe_and_ours(doc)
				if case == "unknown subject":  # Frappe's method forgets a missing link that fetches values
					self.assertEqual(expected, ([], []))
					expected = ([("course", "KHONG-CO-MON", "Môn học: KHONG-CO-MON")], [])
				self.assertEqual(got, expected)
				for field in ("course", "school", "student_group", "teacher_user", "subject_code"):
					self.assertEqual(ours[field], theirs[field], field)
				self.assertEqual(bool(got[0]), case.startswith("unknown"), got)

	def test_a_sheet_with_an_unknown_link_is_not_saved(self):
		sheet = create_score_sheet(self.w.a1, self.w.math, "HK1", user=self.w.math_a1)
		frappe.set_user(self.w.math_a1)
		doc = frappe.get_doc("Score Sheet", sheet.name)
		doc.teacher_user = "khong-co@example.com"
		doc.rows[0].tx1 = "7"
		with self.assertRaises(frappe.LinkValidationError) as raised:
			doc.save()
		self.assertIn("khong-co@example.com", str(raised.exception))
		self.assertEqual(frappe.db.get_value("Score Sheet Row", doc.rows[0].name, "tx1") or "", "")

	def test_only_changed_rows_are_checked_again_and_written(self):
		sheet = create_score_sheet(self.w.a1, self.w.math, "HK1", user=self.w.math_a1)
		frappe.set_user(self.w.math_a1)
		doc = frappe.get_doc("Score Sheet", sheet.name)
		doc.rows[1].tx1 = "6,5"
		checked, written = [], []
		length, update = ScoreSheetRow._validate_length, ScoreSheetRow.db_update

		def check(row):
			checked.append(row.student)
			return length(row)

		def write(row):
			written.append(row.student)
			return update(row)

		with (
			patch.object(ScoreSheetRow, "_validate_length", check),
			patch.object(ScoreSheetRow, "db_update", write),
		):
			doc.save()
		self.assertEqual(checked, [doc.rows[1].student])
		self.assertIn(doc.rows[1].student, written)
		self.assertEqual(frappe.db.get_value("Score Sheet Row", doc.rows[1].name, "tx1"), "6.5")

	def test_rows_take_the_sheets_docstatus_when_it_is_finalised_and_reopened(self):
		sheet = create_score_sheet(self.w.a1, self.w.math, "HK2", {0: {"tx1": "8"}}, user=self.w.math_a1)
		frappe.set_user(self.w.math_a1)
		finalised = apply_workflow(frappe.get_doc("Score Sheet", sheet.name), "Finalise Scores")
		rows = frappe.get_all("Score Sheet Row", filters={"parent": sheet.name}, pluck="docstatus")
		self.assertEqual((finalised.docstatus, set(rows)), (1, {1}))
		frappe.set_user(self.w.principal_a)
		apply_workflow(frappe.get_doc("Score Sheet", sheet.name), "Reopen for Correction")
		rows = frappe.get_all("Score Sheet Row", filters={"parent": sheet.name}, pluck="docstatus")
		self.assertEqual(set(rows), {2})
