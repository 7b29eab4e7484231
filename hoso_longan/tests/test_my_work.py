# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Việc chờ tôi xử lý (services/my_work.py, report "My Pending Work"), read by each user through the call the
report view makes: a teacher sees the score sheets they still have to finalise, a homeroom teacher the class's
conduct, a principal the lock that waits for their decision, the records administrator the approved lock to
apply; nobody sees another's work or another school's, and a reader the report is not for is refused.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.desk import query_report
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase

from hoso_longan.tests.factories import create_score_sheet, create_world

REPORT = "My Pending Work"


def pending(user: str) -> dict:
	frappe.set_user(user)
	try:
		return query_report.run(REPORT, filters=json.dumps({}), are_default_filters=False)
	finally:
		frappe.set_user("Administrator")


def rows(user: str) -> list[tuple]:
	"""(what to do, document type, document, class, number, link) of each line the user sees."""
	return sorted(
		(row["action"], row["doctype"], row["document"], row["student_group"], row["count"], row["route"])
		for row in pending(user)["result"]
	)


def lock(w, steps: tuple[tuple[str, str], ...]) -> str:
	"""A Record Lock of school A taken through ``steps`` of (user, action) of its workflow."""
	frappe.set_user(w.admin_a)
	doc = frappe.get_doc(
		{"doctype": "Record Lock", "school": w.school_a, "academic_year": w.year, "reason": "Khóa sổ"}
	).insert()
	for user, action in steps:
		frappe.set_user(user)
		doc = apply_workflow(doc, action)
	frappe.set_user("Administrator")
	return doc.name


class TestMyPendingWork(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		w = cls.w = create_world()
		cls.sheet_a1 = create_score_sheet(w.a1, w.math, user=w.math_a1).name
		cls.sheet_pe = create_score_sheet(w.a1, w.pe, user=w.pe_a1).name
		cls.sheet_b1 = create_score_sheet(w.b1, w.math, user=w.math_b1).name
		frappe.set_user(w.homeroom_a1)
		cls.conduct = frappe.get_doc({"doctype": "Conduct Assessment", "student_group": w.a1, "term": "HK1"})
		cls.conduct = cls.conduct.insert().name
		cls.awaiting = lock(w, ((w.admin_a, "Request Decision"),))
		cls.approved = lock(w, ((w.admin_a, "Request Decision"), (w.principal_a, "Approve")))
		frappe.set_user("Administrator")

	def test_each_teacher_sees_only_their_own_sheets_to_finalise(self):
		w = self.w
		finalise = _("Finalise the scores")
		self.assertEqual(
			rows(w.math_a1),
			[(finalise, "Score Sheet", self.sheet_a1, w.a1, 1, f"/app/score-sheet/{self.sheet_a1}")],
		)
		self.assertEqual(
			rows(w.pe_a1),
			[(finalise, "Score Sheet", self.sheet_pe, w.a1, 1, f"/app/score-sheet/{self.sheet_pe}")],
		)
		self.assertEqual(
			rows(w.math_b1),
			[(finalise, "Score Sheet", self.sheet_b1, w.b1, 1, f"/app/score-sheet/{self.sheet_b1}")],
		)

	def test_the_homeroom_teacher_sees_the_class_conduct(self):
		w = self.w
		self.assertIn(
			(
				_("Finalise the conduct"),
				"Conduct Assessment",
				self.conduct,
				w.a1,
				1,
				f"/app/conduct-assessment/{self.conduct}",
			),
			rows(w.homeroom_a1),
		)

	def test_the_principal_decides_the_lock_and_the_administrator_applies_it(self):
		w = self.w
		self.assertEqual(
			rows(w.principal_a),
			[
				(
					_("Decide the lock"),
					"Record Lock",
					self.awaiting,
					None,
					1,
					f"/app/record-lock/{self.awaiting}",
				)
			],
		)
		self.assertEqual(
			rows(w.admin_a),
			[
				(
					_("Apply the lock"),
					"Record Lock",
					self.approved,
					None,
					1,
					f"/app/record-lock/{self.approved}",
				)
			],
		)

	def test_another_school_sees_nothing_and_says_so(self):
		result = pending(self.w.principal_b)
		self.assertEqual(result["result"], [])
		self.assertEqual(result["message"], _("Nothing waits for you."))

	def test_a_reader_the_report_is_not_for_is_refused(self):
		with self.assertRaises(frappe.PermissionError):
			pending(self.w.officer1)
