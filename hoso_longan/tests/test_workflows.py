# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Sign-off chains (ARCHITECTURE.md §5): the right person makes each transition; the wrong role, or the right
role of another class, department or school, cannot; intermediate states stay at docstatus 0."""

from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase

from hoso_longan.services import record_signing, year_end
from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import (
	_create_assignment,
	_create_instructor,
	_create_user,
	create_full_class,
	create_score_sheet,
	create_world,
)

DENIED = (frappe.PermissionError, frappe.ValidationError)


class WorkflowCase(FrappeTestCase):
	"""Who may take each transition. The signature gate (a transition into a signed state also needs the user's
	signature on the official PDF, services/record_signing.py) is a separate layer with its own tests; it is
	switched off here so that these tests speak only of roles, assignments and states."""

	tried = 0

	def setUp(self):
		frappe.db.savepoint("workflow_test")
		# The gate is looked up by name on every validate (frappe.get_attr), so patching the module attribute
		# switches it off for this one test only. Cleanups run last in, first out: the patch is undone first,
		# then the check that the real gate is back (it must not leak into later test modules).
		real_gate = record_signing.check_signature_gate
		self.addCleanup(self._assert_gate_restored, real_gate)
		gate = patch.object(record_signing, "check_signature_gate", lambda doc, method=None: None)
		gate.start()
		self.addCleanup(gate.stop)

	def _assert_gate_restored(self, real_gate):
		self.assertIs(frappe.get_attr(record_signing.__name__ + ".check_signature_gate"), real_gate)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="workflow_test")

	@classmethod
	def tearDownClass(cls):
		print(f"\n{cls.__name__}: {cls.tried} wrong-person transitions tried, all refused")
		super().tearDownClass()

	def refused(self, users, doctype, name, action):
		for user in users:
			type(self).tried += 1
			frappe.set_user(user)
			with self.assertRaises(DENIED, msg=f"{user} must not {action}"):
				apply_workflow(frappe.get_doc(doctype, name), action)
			frappe.set_user("Administrator")
			self.assertNotEqual(frappe.db.get_value(doctype, name, "workflow_state"), action)

	def act(self, user, doctype, name, action, state, docstatus):
		frappe.set_user(user)
		doc = apply_workflow(frappe.get_doc(doctype, name), action)
		frappe.set_user("Administrator")
		stored = frappe.db.get_value(doctype, name, ["workflow_state", "docstatus"])
		self.assertEqual((doc.workflow_state, *stored), (state, state, docstatus))
		return doc


class TestRecordChains(WorkflowCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = create_world()
		cls.full = create_full_class(w, [("An", 8, "Tốt"), ("Bình", 7, "Khá")], "W")
		cls.homeroom_a2 = _create_user(
			f"homeroom-a2-{w.suffix.lower()}@hoso.test", [R.HOMEROOM_TEACHER], w.school_a
		)
		_create_assignment(cls.homeroom_a2, _create_instructor(cls.homeroom_a2), w.a2, "Homeroom Teacher")
		cls.homeroom_b1 = _create_user(
			f"homeroom-b1-{w.suffix.lower()}@hoso.test", [R.HOMEROOM_TEACHER], w.school_b
		)
		_create_assignment(cls.homeroom_b1, _create_instructor(cls.homeroom_b1), w.b1, "Homeroom Teacher")
		year_end.compute_class(cls.full.group)

	def test_score_sheet_finaliser_finalises_principal_of_the_school_reopens(self):
		w = self.w
		name = create_score_sheet(w.a1, w.math, "HK2", user=w.math_a1).name
		self.assertEqual(frappe.db.get_value("Score Sheet", name, "docstatus"), 0)
		self.refused(
			[w.pe_a1, w.math_a2, w.math_b1, w.homeroom_a1, w.principal_a, w.admin_a],
			"Score Sheet",
			name,
			"Finalise Scores",
		)
		self.act(w.math_a1, "Score Sheet", name, "Finalise Scores", "Finalised", 1)
		self.refused(
			[w.math_a1, w.principal_b, w.admin_a, w.officer1], "Score Sheet", name, "Reopen for Correction"
		)
		self.act(w.principal_a, "Score Sheet", name, "Reopen for Correction", "Reopened", 2)

	def test_conduct_homeroom_teacher_of_that_class_finalises(self):
		w = self.w
		frappe.set_user(w.homeroom_a1)
		doc = frappe.get_doc({"doctype": "Conduct Assessment", "student_group": w.a1, "term": "HK1"}).insert()
		for row in doc.rows:
			row.level = "Tốt"
		doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(doc.docstatus, 0)
		self.refused(
			[w.math_a1, w.principal_a, self.homeroom_a2, self.homeroom_b1],
			"Conduct Assessment",
			doc.name,
			"Finalise Conduct",
		)
		self.act(w.homeroom_a1, "Conduct Assessment", doc.name, "Finalise Conduct", "Finalised", 1)
		self.refused([w.homeroom_a1, w.principal_b], "Conduct Assessment", doc.name, "Reopen for Correction")
		self.act(w.principal_a, "Conduct Assessment", doc.name, "Reopen for Correction", "Reopened", 2)

	def test_conduct_cannot_be_finalised_with_a_level_missing(self):
		frappe.set_user(self.w.homeroom_a1)
		doc = frappe.get_doc(
			{"doctype": "Conduct Assessment", "student_group": self.w.a1, "term": "HK2"}
		).insert()
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(doc, "Finalise Conduct")

	def test_class_book_homeroom_then_principal_intermediate_state_is_docstatus_0(self):
		w, name = self.w, frappe.db.get_value("Class Assessment Book", {"student_group": self.full.group})
		self.refused(
			[w.all_subjects, w.homeroom_a1, self.homeroom_b1, w.principal_a],
			"Class Assessment Book",
			name,
			"Sign as Homeroom Teacher",
		)
		self.act(
			self.full.homeroom,
			"Class Assessment Book",
			name,
			"Sign as Homeroom Teacher",
			"Homeroom Signed",
			0,
		)
		self.refused(
			[self.full.homeroom, w.principal_b, w.admin_a, w.officer1],
			"Class Assessment Book",
			name,
			"Approve",
		)
		self.act(w.principal_a, "Class Assessment Book", name, "Approve", "Approved", 1)

	def test_class_book_principal_may_return_it_to_the_homeroom_teacher(self):
		w, name = self.w, frappe.db.get_value("Class Assessment Book", {"student_group": self.full.group})
		self.act(
			self.full.homeroom,
			"Class Assessment Book",
			name,
			"Sign as Homeroom Teacher",
			"Homeroom Signed",
			0,
		)
		self.refused([w.principal_b], "Class Assessment Book", name, "Return")
		self.act(w.principal_a, "Class Assessment Book", name, "Return", "Draft", 0)

	def test_class_book_homeroom_signs_only_after_every_subject_teacher(self):
		w = self.w
		frappe.set_user(w.homeroom_a1)
		book = frappe.get_doc({"doctype": "Class Assessment Book", "student_group": w.a1}).insert()
		with self.assertRaises(frappe.ValidationError) as raised:
			apply_workflow(book, "Sign as Homeroom Teacher")
		self.assertIn("Môn Toán, học kì I: chưa chốt điểm", str(raised.exception))

	def test_record_book_page_homeroom_then_principal(self):
		w, student = self.w, self.full.students[0]
		# the year-end computation gave the student a học bạ and this year's page
		page = frappe.get_doc("Student Record Book Page", {"student": student, "academic_year": w.year})
		self.assertEqual(page.annual_result, frappe.db.get_value("Annual Result", {"student": student}))
		self.assertEqual(page.learning, "Tốt")
		doctype = "Student Record Book Page"
		self.refused(
			[w.all_subjects, w.homeroom_a1, w.principal_a], doctype, page.name, "Sign as Homeroom Teacher"
		)
		self.act(self.full.homeroom, doctype, page.name, "Sign as Homeroom Teacher", "Homeroom Signed", 0)
		self.refused([self.full.homeroom, w.principal_b, w.admin_a], doctype, page.name, "Approve")
		self.act(w.principal_a, doctype, page.name, "Approve", "Approved", 1)


class TestPlanChains(WorkflowCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = create_world()
		mail = lambda name: f"{name}-{w.suffix.lower()}@hoso.test"  # noqa: E731
		cls.head = _create_user(mail("head-math"), [R.HEAD_OF_DEPARTMENT, R.SUBJECT_TEACHER], w.school_a)
		cls.other_head = _create_user(
			mail("head-arts"), [R.HEAD_OF_DEPARTMENT, R.SUBJECT_TEACHER], w.school_a
		)
		cls.head_b = _create_user(mail("head-b"), [R.HEAD_OF_DEPARTMENT, R.SUBJECT_TEACHER], w.school_b)
		cls.dept = cls._department("Tổ Toán", w.school_a, cls.head, w.math, [w.math_a1, w.math_a2])
		cls.other_dept = cls._department("Tổ Nghệ thuật", w.school_a, cls.other_head, w.pe, [w.pe_a1])
		cls.dept_b = cls._department("Tổ Toán B", w.school_b, cls.head_b, w.math, [w.math_b1])

	@staticmethod
	def _department(name, school, head, course, members):
		return (
			frappe.get_doc(
				{
					"doctype": "Subject Department",
					"department_name": name,
					"school": school,
					"head_user": head,
					"courses": [{"course": course}],
					"members": [{"user": user} for user in members],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def _lesson_plan(self, user):
		frappe.set_user(user)
		doc = frappe.get_doc(
			{
				"doctype": "Lesson Plan",
				"lesson_title": "Phân số",
				"course": self.w.math,
				"school": self.w.school_a,
				"academic_year": self.w.year,
				"department": self.dept,
			}
		).insert()
		frappe.set_user("Administrator")
		return doc.name

	def test_lesson_plan_teacher_submits_head_of_that_department_approves(self):
		w, name = self.w, self._lesson_plan(self.w.math_a1)
		self.refused([w.math_a2, self.other_head], "Lesson Plan", name, "Submit for Approval")
		self.act(w.math_a1, "Lesson Plan", name, "Submit for Approval", "Pending Approval", 0)
		self.refused([w.math_a1, self.other_head, self.head_b, w.principal_a], "Lesson Plan", name, "Approve")
		self.act(self.head, "Lesson Plan", name, "Approve", "Approved", 1)

	def test_lesson_plan_returned_with_a_comment_goes_back_to_the_teacher(self):
		w, name = self.w, self._lesson_plan(self.w.math_a1)
		self.act(w.math_a1, "Lesson Plan", name, "Submit for Approval", "Pending Approval", 0)
		self.refused([self.other_head, w.math_a1], "Lesson Plan", name, "Return")
		self.act(self.head, "Lesson Plan", name, "Return", "Returned", 0)
		self.act(w.math_a1, "Lesson Plan", name, "Submit for Approval", "Pending Approval", 0)

	def _education_plan(self, user, level, department=None):
		frappe.set_user(user)
		doc = frappe.get_doc(
			{
				"doctype": "Education Plan",
				"plan_title": "Kế hoạch giáo dục",
				"plan_level": level,
				"school": self.w.school_a,
				"academic_year": self.w.year,
				"department": department,
			}
		).insert()
		frappe.set_user("Administrator")
		return doc.name

	def test_teacher_education_plan_author_head_then_principal(self):
		w, name = self.w, self._education_plan(self.w.math_a1, "Teacher", self.dept)
		self.refused([w.math_a2], "Education Plan", name, "Submit")
		self.act(w.math_a1, "Education Plan", name, "Submit", "Submitted", 0)
		self.refused([self.other_head, self.head_b, w.principal_a], "Education Plan", name, "Review")
		self.refused([w.principal_a], "Education Plan", name, "Approve")  # the head reviews first
		self.act(self.head, "Education Plan", name, "Review", "Department Reviewed", 0)
		self.refused([self.head, w.principal_b, w.admin_a], "Education Plan", name, "Approve")
		self.act(w.principal_a, "Education Plan", name, "Approve", "Approved", 1)

	def test_department_education_plan_head_submits_principal_approves_or_returns(self):
		w, name = self.w, self._education_plan(self.head, "Department", self.dept)
		self.act(self.head, "Education Plan", name, "Submit", "Submitted", 0)
		self.refused([w.principal_b, self.head], "Education Plan", name, "Approve")
		self.act(w.principal_a, "Education Plan", name, "Return", "Returned", 0)
		self.act(self.head, "Education Plan", name, "Submit", "Submitted", 0)
		self.act(w.principal_a, "Education Plan", name, "Approve", "Approved", 1)
