"""The portal page /hoc_ba: a student or guardian sees their own học bạ pages and nobody else's."""

import frappe
from frappe.tests.utils import FrappeTestCase

from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import _create_user, create_world
from hoso_longan.www.hoc_ba import get_context


def _page(w, student: str, signed: bool = True) -> str:
	"""A học bạ page; ``signed`` stands for a page through its whole chain (docstatus 1)."""
	book = frappe.get_doc(
		{"doctype": "Student Record Book", "student": student, "school_level": "THCS", "school": w.school_a}
	).insert(ignore_permissions=True)
	name = (
		frappe.get_doc(
			{
				"doctype": "Student Record Book Page",
				"record_book": book.name,
				"student": student,
				"academic_year": w.year,
				"student_group": w.a1,
				"school": w.school_a,
				"learning": "Tốt",
				"conduct": "Tốt",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	if signed:
		frappe.db.set_value("Student Record Book Page", name, "docstatus", 1)
	return name


class TestPortalHocBa(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = create_world()  # one world for the class: Frappe throttles user creation per hour
		cls.own, cls.other = cls.w.students_a1[0], cls.w.students_a1[1]
		cls.own_page, cls.other_page = _page(cls.w, cls.own), _page(cls.w, cls.other)

	def setUp(self):
		self.addCleanup(frappe.set_user, "Administrator")

	def context_as(self, user: str) -> frappe._dict:
		frappe.set_user(user)
		return get_context(frappe._dict())

	def test_a_student_sees_only_their_own_pages(self):
		user = _create_user(f"hs-{self.w.suffix.lower()}@hoso.test", [R.STUDENT])
		frappe.db.set_value("Student", self.own, "user", user)
		context = self.context_as(user)
		self.assertEqual([page.name for page in context.pages], [self.own_page])
		self.assertFalse(
			frappe.has_permission("Student Record Book Page", "read", self.other_page, user=user)
		)

	def test_a_guardian_sees_their_ward_only(self):
		user = _create_user(f"ph-{self.w.suffix.lower()}@hoso.test", [R.GUARDIAN])
		guardian = frappe.get_doc(
			{"doctype": "Guardian", "guardian_name": f"Phụ huynh {self.w.suffix}", "user": user}
		).insert(ignore_permissions=True)
		student = frappe.get_doc("Student", self.other)
		student.append("guardians", {"guardian": guardian.name, "relation": "Mother"})
		student.save(ignore_permissions=True)
		context = self.context_as(user)
		self.assertEqual([page.name for page in context.pages], [self.other_page])

	def test_an_unsigned_draft_is_not_offered(self):
		user = _create_user(f"hs2-{self.w.suffix.lower()}@hoso.test", [R.STUDENT])
		student = self.w.students_a1[2]
		frappe.db.set_value("Student", student, "user", user)
		draft = _page(self.w, student, signed=False)
		self.assertEqual(self.context_as(user).pages, [])
		self.assertFalse(frappe.has_permission("Student Record Book Page", "read", draft, user=user))

	def test_a_student_lists_no_other_student_through_the_api(self):
		import frappe.client

		user = _create_user(f"hs3-{self.w.suffix.lower()}@hoso.test", [R.STUDENT])
		frappe.db.set_value("Student", self.own, "user", user)
		frappe.set_user(user)
		self.assertEqual([s.name for s in frappe.get_list("Student")], [self.own])
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("Student", self.other)

	def test_a_student_account_is_a_website_user(self):
		user = _create_user(f"hs4-{self.w.suffix.lower()}@hoso.test", [R.STUDENT])
		self.assertEqual(frappe.db.get_value("User", user, "user_type"), "Website User")

	def test_a_guest_is_sent_away(self):
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			get_context(frappe._dict())
