# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Break-in suite: every role tries what it must not do, through the desk API (frappe.client.*, the same
functions REST /api/method calls) and the document API that REST /api/resource uses; locks on every write path.

Counts of attempts tried and denied are printed at the end of each class.
"""

import frappe
import frappe.client
from frappe.model.rename_doc import rename_doc
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase

from hoso_longan.services.locks import RecordLockedError
from hoso_longan.tests.factories import (
	create_inspection_window,
	create_record_lock,
	create_score_sheet,
	create_world,
)

DENIED = (frappe.PermissionError, frappe.ValidationError, frappe.DoesNotExistError)


class BreakInCase(FrappeTestCase):
	tried = 0
	denied = 0

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()
		cls.sheet = create_score_sheet(cls.w.a1, cls.w.math, "HK1", user=cls.w.math_a1).name

	@classmethod
	def tearDownClass(cls):
		print(f"\n{cls.__name__}: {cls.tried} attempts tried, {cls.denied} denied")
		super().tearDownClass()

	def setUp(self):
		frappe.db.savepoint("break_in")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="break_in")

	def assertDenied(self, user, attempt, errors=DENIED):
		type(self).tried += 1
		frappe.set_user(user)
		try:
			with self.assertRaises(errors):
				attempt()
		finally:
			frappe.set_user("Administrator")
		type(self).denied += 1


class TestBreakInScoreSheet(BreakInCase):
	def test_other_teachers_cannot_read_or_write_the_sheet(self):
		w, name = self.w, self.sheet
		for user in (w.math_a2, w.pe_a1, w.math_b1, w.unscoped_teacher, w.principal_b):
			self.assertDenied(user, lambda: frappe.client.get("Score Sheet", name))
			self.assertDenied(user, lambda: frappe.client.set_value("Score Sheet", name, "chuyen_de", 1))
			self.assertDenied(user, lambda: frappe.get_doc("Score Sheet", name).save())
			self.assertDenied(user, lambda: frappe.client.delete("Score Sheet", name))

	def test_lists_show_only_assigned_sheets(self):
		w = self.w
		for user in (
			w.math_a2,
			w.pe_a1,
			w.math_b1,
			w.unscoped_teacher,
			w.principal_b,
			w.officer1.replace("officer1", "x"),
		):
			type(self).tried += 1
			if frappe.db.exists("User", user):
				frappe.set_user(user)
				self.assertNotIn(self.sheet, frappe.get_list("Score Sheet", pluck="name"))
				frappe.set_user("Administrator")
			type(self).denied += 1

	def test_scoped_staff_see_the_sheet_and_others_do_not(self):
		for user in (
			self.w.principal_a,
			self.w.admin_a,
			self.w.officer1,
			self.w.province_officer,
			self.w.homeroom_a1,
		):
			frappe.set_user(user)
			self.assertIn(self.sheet, frappe.get_list("Score Sheet", pluck="name"), user)
		frappe.set_user("Administrator")

	def test_no_one_creates_a_sheet_for_a_class_or_subject_not_theirs(self):
		w = self.w
		for user, group, course in (
			(w.math_a1, w.a2, w.math),
			(w.math_a1, w.a1, w.pe),
			(w.math_b1, w.a1, w.math),
			(w.homeroom_a1, w.a1, w.math),
			(w.principal_a, w.a1, w.pe),
		):
			self.assertDenied(
				user,
				lambda g=group, c=course: frappe.client.insert(
					{"doctype": "Score Sheet", "student_group": g, "course": c, "term": "HK2"}
				),
			)

	def test_only_the_finaliser_signs_and_only_the_schools_principal_cancels(self):
		w = self.w
		for user in (w.math_a2, w.homeroom_a1, w.principal_a, w.math_b1):
			self.assertDenied(
				user, lambda: apply_workflow(frappe.get_doc("Score Sheet", self.sheet), "Finalise Scores")
			)
			self.assertDenied(user, lambda: frappe.get_doc("Score Sheet", self.sheet).submit())
		frappe.set_user(w.math_a1)
		apply_workflow(frappe.get_doc("Score Sheet", self.sheet), "Finalise Scores")
		for user in (w.principal_b, w.math_a1, w.admin_a):
			self.assertDenied(user, lambda: frappe.get_doc("Score Sheet", self.sheet).cancel())

	def test_teacher_cannot_forge_the_finaliser_to_sign(self):
		def forge():
			doc = frappe.get_doc("Score Sheet", self.sheet)
			doc.teacher_user = self.w.math_a2
			doc.workflow_state = "Finalised"
			doc.docstatus = 1
			doc.save()

		self.assertDenied(self.w.math_a2, forge)


class TestLocksOnEveryWritePath(BreakInCase):
	def _paths(self, name):
		w = self.w

		def amend():
			doc = frappe.copy_doc(frappe.get_doc("Score Sheet", name))
			doc.amended_from = name
			doc.change_reason = "x"
			doc.insert()

		return {
			"form save": lambda: frappe.get_doc("Score Sheet", name).save(),
			"REST PUT (frappe.client.save)": lambda: frappe.client.save(
				frappe.get_doc("Score Sheet", name).as_dict()
			),
			"set_value": lambda: frappe.client.set_value("Score Sheet", name, "chuyen_de", 0),
			"child set_value": lambda: frappe.client.set_value(
				"Score Sheet Row", frappe.get_doc("Score Sheet", name).rows[0].name, "tx1", "9"
			),
			"REST POST (insert)": lambda: frappe.client.insert(
				{"doctype": "Score Sheet", "student_group": w.a1, "course": w.math, "term": "HK2"}
			),
			"Data Import (insert in import)": lambda: _in_import(
				lambda: frappe.get_doc(
					{"doctype": "Score Sheet", "student_group": w.a1, "course": w.math, "term": "HK2"}
				).insert()
			),
			"bulk edit": lambda: _raise_if_failed(
				frappe.client.bulk_update(
					frappe.as_json([{"doctype": "Score Sheet", "docname": name, "chuyen_de": 0}])
				)
			),
			"REST DELETE": lambda: frappe.client.delete("Score Sheet", name),
			"rename": lambda: rename_doc("Score Sheet", name, name + "-X", force=True),
			"submit": lambda: frappe.get_doc("Score Sheet", name).submit(),
			"amend": amend,
		}

	def test_record_lock_blocks_every_write_path(self):
		create_record_lock(self.w)
		for label, attempt in self._paths(self.sheet).items():
			with self.subTest(label):
				self.assertDenied(self.w.math_a1, attempt, (RecordLockedError, frappe.ValidationError))
		print(f"\nwrite paths tried under a Record Lock: {len(self._paths(self.sheet))}")

	def test_inspection_window_blocks_writes_in_schools_below_the_unit(self):
		create_inspection_window(self.w.office1, self.w.officer1)
		for label, attempt in self._paths(self.sheet).items():
			with self.subTest(label):
				self.assertDenied(self.w.math_a1, attempt, (RecordLockedError, frappe.ValidationError))

	def test_lock_on_another_class_does_not_block(self):
		create_record_lock(self.w, group=self.w.a2)
		frappe.set_user(self.w.math_a1)
		frappe.get_doc("Score Sheet", self.sheet).save()

	def test_unlock_goes_through_the_principal_with_a_reason(self):
		lock = create_record_lock(self.w)
		frappe.set_user(self.w.admin_a)
		doc = frappe.get_doc("Record Lock", lock)
		doc.unlock_reason = "Sửa điểm nhập nhầm"
		doc.save()
		doc = apply_workflow(doc, "Request Unlock")
		self.assertDenied(
			self.w.admin_a, lambda: apply_workflow(frappe.get_doc("Record Lock", lock), "Unlock")
		)
		self.assertDenied(
			self.w.principal_b, lambda: apply_workflow(frappe.get_doc("Record Lock", lock), "Unlock")
		)
		frappe.set_user(self.w.principal_a)
		apply_workflow(frappe.get_doc("Record Lock", lock), "Unlock")
		frappe.set_user(self.w.math_a1)
		frappe.get_doc("Score Sheet", self.sheet).save()


def _in_import(attempt):
	frappe.flags.in_import = True
	try:
		attempt()
	finally:
		frappe.flags.in_import = False


def _raise_if_failed(result):
	"""frappe.client.bulk_update reports failures instead of raising; a failure is a refusal."""
	if result.get("failed_docs"):
		raise frappe.ValidationError(result["failed_docs"])
