# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Year-end computation end to end: signed sheets and conduct → engine → Annual Result and the class book;
one background job per class (run inline under tests), progress published; the summer recomputation."""

from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.services import year_end
from hoso_longan.services.locks import RecordLockedError
from hoso_longan.tests.factories import create_full_class, create_record_lock, create_world

# (first name, score of every score subject, conduct of both terms)
CLASS_Y = [("An", 9, "Tốt"), ("Bình", 6, "Khá"), ("Chi", 8, "Chưa đạt"), ("Dũng", 3, "Tốt")]


class TestYearEnd(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()
		cls.y = create_full_class(cls.w, CLASS_Y, "Y")
		cls.z = create_full_class(cls.w, [("Em", 7, "Tốt")], "Z")

	def setUp(self):
		frappe.db.savepoint("year_end_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="year_end_test")

	def result(self, student):
		return frappe.get_doc("Annual Result", {"student": student, "academic_year": self.w.year})

	def test_class_results_come_from_the_engine_tt22_dieu_9_to_15(self):
		year_end.compute_class(self.y.group)
		an, binh, chi, dung = (self.result(s) for s in self.y.students)
		self.assertEqual(
			(an.learning_year, an.conduct_year, an.award, an.outcome),
			("Tốt", "Tốt", "Học sinh Xuất sắc", "promoted"),
		)
		self.assertEqual((binh.learning_year, binh.conduct_year, binh.outcome), ("Đạt", "Khá", "promoted"))
		self.assertEqual(
			(chi.learning_year, chi.conduct_year, chi.outcome), ("Tốt", "Chưa đạt", "summer_conduct")
		)
		self.assertEqual(dung.outcome, "summer_retest")
		self.assertIn("TOAN", dung.retest_subjects)
		subjects = {row.subject_code: row for row in an.subjects}
		self.assertEqual(len(subjects), 12)
		self.assertEqual((subjects["TOAN"].hk1, subjects["TOAN"].cn), ("9.0", "9.0"))
		self.assertEqual(subjects["GDTC"].cn, "Đ")
		self.assertEqual((an.school, an.student_group, an.grade), (self.w.school_a, self.y.group, 6))

	def test_class_book_lists_every_student_with_the_year_results(self):
		year_end.compute_class(self.y.group)
		book = frappe.get_doc("Class Assessment Book", {"student_group": self.y.group})
		self.assertEqual([row.student for row in book.rows], self.y.students)
		self.assertEqual([row.learning for row in book.rows], ["Tốt", "Đạt", "Tốt", "Chưa đạt"])
		self.assertEqual(book.rows[0].annual_result, self.result(self.y.students[0]).name)
		self.assertTrue(book.computed_on)
		self.assertEqual(book.docstatus, 0)

	def test_recomputing_updates_in_place(self):
		first = year_end.compute_class(self.y.group)
		self.assertEqual(year_end.compute_class(self.y.group), first)
		self.assertEqual(frappe.db.count("Annual Result", {"student_group": self.y.group}), 4)

	def test_a_signed_class_book_is_not_overwritten_but_marked_for_resigning(self):
		year_end.compute_class(self.y.group)
		name = frappe.db.get_value("Class Assessment Book", {"student_group": self.y.group})
		frappe.db.set_value("Class Assessment Book", name, "docstatus", 1)
		year_end.compute_class(self.y.group)
		self.assertEqual(frappe.db.get_value("Class Assessment Book", name, "needs_resign"), 1)

	def test_school_runs_one_job_per_class_and_publishes_progress(self):
		frappe.set_user(self.w.principal_a)
		with patch("frappe.publish_progress") as progress:
			groups = year_end.enqueue_school(self.w.school_a, self.w.year)
		self.assertIn(self.y.group, groups)
		self.assertIn(self.z.group, groups)
		self.assertEqual(progress.call_count, len(groups))
		self.assertEqual(progress.call_args_list[-1].args[0], 100)
		descriptions = [c.kwargs["description"] for c in progress.call_args_list]
		self.assertEqual(descriptions[groups.index(self.y.group)], self.y.group)
		failed = descriptions[groups.index(self.w.a1)]  # 6A1 of the small world has no signed sheet
		self.assertIn("not computed", failed)
		self.assertIn("no signed score sheet", failed)
		self.assertEqual(self.result(self.z.students[0]).learning_year, "Khá")
		self.assertEqual(self.result(self.y.students[0]).award, "Học sinh Xuất sắc")

	def test_only_the_schools_principal_or_records_admin_starts_the_computation(self):
		for user in (self.w.math_a1, self.y.homeroom, self.w.principal_b, self.w.officer1):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError, msg=user):
				year_end.enqueue_school(self.w.school_a, self.w.year)
		frappe.set_user(self.w.admin_a)
		self.assertIn(self.y.group, year_end.enqueue_school(self.w.school_a, self.w.year))

	def test_summer_conduct_recomputes_the_outcome_tt22_dieu_12(self):
		year_end.compute_class(self.y.group)
		chi = self.result(self.y.students[2])
		frappe.set_user(self.y.homeroom)
		chi.summer_conduct = "Đạt"
		chi.save()
		self.assertEqual(
			(chi.conduct_after_summer, chi.learning_after_summer, chi.outcome_after_summer),
			("Đạt", "Tốt", "promoted"),
		)
		self.assertEqual(chi.outcome, "summer_conduct")  # the June decision stays on record

	def test_summer_retests_recompute_and_survive_a_recomputation(self):
		year_end.compute_class(self.y.group)
		dung = self.result(self.y.students[3])
		for row in dung.subjects:
			if row.subject_code in dung.retest_subjects.split(", "):
				row.retest = "6"
		dung.save()
		self.assertEqual(dung.outcome_after_summer, "promoted")
		year_end.compute_class(self.y.group)
		dung = self.result(self.y.students[3])
		self.assertEqual(dung.outcome_after_summer, "promoted")
		self.assertEqual({row.retest for row in dung.subjects if row.subject_code == "TOAN"}, {"6.0"})

	def test_summer_conduct_for_a_student_who_needs_none_is_refused(self):
		year_end.compute_class(self.y.group)
		an = self.result(self.y.students[0])
		an.summer_conduct = "Tốt"
		with self.assertRaises(frappe.ValidationError):
			an.save()

	def test_a_locked_school_cannot_be_recomputed(self):
		year_end.compute_class(self.y.group)
		create_record_lock(self.w)
		with self.assertRaises(RecordLockedError):
			year_end.compute_class(self.y.group)

	def test_unsigned_sheets_are_not_used(self):
		unsigned = create_full_class(self.w, [("Giang", 9, "Tốt")], "U", sign=False)
		with self.assertRaises(frappe.ValidationError) as raised:
			year_end.compute_class(unsigned.group)
		self.assertIn("no signed score sheet", str(raised.exception))
		self.assertFalse(frappe.db.exists("Annual Result", {"student": unsigned.students[0]}))
