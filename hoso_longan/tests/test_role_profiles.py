# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Each Role Profile of the app works on its own: its users reach the Education masters their job needs, scoped
to their school, through the calls the desk makes (link search, list view, form load) — and nothing of another
school. The defect seen: "Người dùng … không có quyền truy cập doctype … Lớp" for a teacher with only the
app's profile, and migrate wiping roles an administrator added to a profile."""

from __future__ import annotations

import frappe
import frappe.desk.form.load
import frappe.desk.reportview
import frappe.desk.search
from frappe.tests.utils import FrappeTestCase

from hoso_longan.setup import install
from hoso_longan.setup import roles as R
from hoso_longan.tests.factories import create_score_sheet, create_world, insert_user


def _profile_user(email: str, profile: str, unit: str) -> str:
	"""A user given only the app's Role Profile and a User Permission on their unit, as the desk does it."""
	if not frappe.db.exists("User", email):
		insert_user({"email": email, "first_name": "Nguyễn", "last_name": "An"})
	user = frappe.get_doc("User", email)
	user.role_profile_name = profile
	user.save(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": email,
			"allow": "Education Unit",
			"for_value": unit,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	return email


def search(doctype: str, txt: str = "", **kwargs) -> list[str]:
	return [row["value"] for row in frappe.desk.search.search_link(doctype, txt, page_length=100, **kwargs)]


def list_view(doctype: str, fields: list[str], filters=None) -> list[dict]:
	"""The list view's request (frappe.desk.reportview.get with the form's arguments)."""
	frappe.local.form_dict = frappe._dict(
		doctype=doctype, fields=frappe.as_json(fields), filters=frappe.as_json(filters or []), page_length=500
	)
	result = frappe.desk.reportview.get()
	keys = result.get("keys", [])
	return [dict(zip(keys, values, strict=False)) for values in result.get("values", [])]


def load_form(doctype: str, name: str) -> frappe._dict:
	frappe.desk.form.load.getdoc(doctype, name)
	return frappe.response.docs[0]


class TestRoleProfiles(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = create_world()
		s = w.suffix.lower()
		cls.teacher = _profile_user(f"gvbm-{s}@hoso.test", "School Subject Teacher", w.school_a)
		cls.homeroom = _profile_user(f"gvcn-{s}@hoso.test", "School Homeroom Teacher", w.school_a)
		cls.principal = _profile_user(f"ht-{s}@hoso.test", "School Principal", w.school_a)
		cls.admin = _profile_user(f"qt-{s}@hoso.test", "School Records Administrator", w.school_a)
		cls.office = _profile_user(f"phong-{s}@hoso.test", "Local Education Office Staff", w.office1)
		frappe.db.set_value("Education Unit", w.school_a, "principal", cls.principal)

	def setUp(self):
		frappe.db.savepoint("profiles")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="profiles")

	def as_user(self, user):
		frappe.set_user(user)
		self.addCleanup(frappe.set_user, "Administrator")

	def test_every_staff_profile_picks_classes_subjects_years_and_students_of_its_school(self):
		w = self.w
		for user in (self.teacher, self.homeroom, self.principal, self.admin):
			with self.subTest(user=user):
				self.as_user(user)
				classes = search("Student Group")
				self.assertIn(w.a1, classes)
				self.assertNotIn(w.b1, classes)
				self.assertIn(w.math, search("Course", w.math))
				self.assertIn(w.year, search("Academic Year", w.year))
				students = search("Student")
				self.assertIn(w.students_a1[0], students)
				self.assertNotIn(w.student_b1, students)
				self.assertEqual(
					{row["name"] for row in list_view("Student", ["name", "student_name"])} & {w.student_b1},
					set(),
				)

	def test_the_school_picker_describes_a_school_in_vietnamese(self):
		"""The defect seen: the school picker (e.g. a School Seal Certificate's school) read "THCS-…, School"."""
		lang = frappe.local.lang
		frappe.local.lang = "vi"
		self.addCleanup(setattr, frappe.local, "lang", lang)
		for user in (self.principal, self.office):
			with self.subTest(user=user):
				self.as_user(user)
				results = frappe.desk.search.search_link("Education Unit", self.w.suffix, page_length=10)
				found = next(row for row in results if row["value"] == self.w.school_a)
				self.assertEqual(found["description"], f"{self.w.school_a}, Trường")
				# still only the units of the user's own scope (THCS-B-… matches the text too)
				self.assertNotIn(self.w.school_b, [row["value"] for row in results])

	def test_an_office_sees_the_classes_of_its_schools_only(self):
		self.as_user(self.office)
		classes = search("Student Group")
		self.assertIn(self.w.a1, classes)
		self.assertNotIn(self.w.b1, classes)

	def test_a_subject_teacher_opens_a_score_sheet_form_of_his_class(self):
		w = self.w
		frappe.get_doc(
			{
				"doctype": "Teaching Assignment",
				"assignment_type": "Subject Teacher",
				"student_group": w.a1,
				"course": w.pe,
				"instructor": frappe.get_doc(
					{"doctype": "Instructor", "instructor_name": "Nguyễn An", "hoso_user": self.teacher}
				)
				.insert(ignore_permissions=True)
				.name,
				"user": self.teacher,
				"is_finaliser": 0,
			}
		).insert(ignore_permissions=True)
		sheet = create_score_sheet(w.a1, w.pe, "HK1", user=w.pe_a1).name
		self.as_user(self.teacher)
		doc = load_form("Score Sheet", sheet)
		self.assertEqual(doc.student_group, w.a1)
		self.assertTrue(doc.rows)

	def test_breadcrumbs_lead_each_user_back_to_their_own_workspace(self):
		"""The defect seen: the principal's breadcrumb on a class led to the administrators' workspace."""
		from frappe.desk.doctype.workspace.workspace import Workspace

		from hoso_longan.boot import boot_session

		expected = {self.principal: "Lãnh đạo nhà trường", self.teacher: "Giáo viên"}
		for user, home in expected.items():
			with self.subTest(user=user):
				self.as_user(user)
				self.assertEqual(frappe.db.get_value("User", user, "default_workspace"), home)
				bootinfo = frappe._dict(module_wise_workspaces=Workspace.get_module_wise_workspaces())
				self.assertIn("hoso_longan.boot.boot_session", frappe.get_hooks("boot_session"))
				boot_session(bootinfo)
				for module in ("School Administration", "Student Assessment", "Student Records"):
					self.assertEqual(bootinfo.module_wise_workspaces[module][0], home, module)

	def test_the_principal_lists_the_record_book_pages_with_student_names(self):
		"""The defect seen: the principal's list of học bạ pages failed with "Không quyền hạn cho Học sinh"."""
		w = self.w
		book = frappe.get_doc(
			{
				"doctype": "Student Record Book",
				"student": w.students_a1[0],
				"school_level": "THCS",
				"school": w.school_a,
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "Student Record Book Page",
				"record_book": book.name,
				"student": w.students_a1[0],
				"academic_year": w.year,
				"student_group": w.a1,
				"school": w.school_a,
			}
		).insert(ignore_permissions=True)
		self.as_user(self.principal)
		rows = list_view("Student Record Book Page", ["name", "student", "student_group"])
		self.assertEqual([row["student"] for row in rows], [w.students_a1[0]])
		self.assertIn(w.students_a1[0], search("Student"))

	def test_a_teacher_cannot_create_or_change_the_masters(self):
		self.as_user(self.teacher)
		for doctype in ("Student", "Student Group", "Course", "Academic Year", "Instructor"):
			self.assertFalse(frappe.has_permission(doctype, "create"), doctype)
		self.assertFalse(frappe.has_permission("Student", "write", self.w.students_a1[0]))

	def test_the_records_admin_creates_students_and_classes_of_the_school(self):
		self.as_user(self.admin)
		for doctype in ("Student", "Student Group", "Instructor", "Guardian", "Academic Year"):
			self.assertTrue(frappe.has_permission(doctype, "create"), doctype)
		self.assertFalse(frappe.has_permission("Student", "read", self.w.student_b1))

	def test_migrate_merges_the_apps_roles_into_a_profile_and_keeps_what_an_administrator_added(self):
		profile = frappe.get_doc("Role Profile", "School Subject Teacher")
		profile.append("roles", {"role": "Blogger"})
		profile.set("roles", [row for row in profile.roles if row.role != R.SUBJECT_TEACHER])
		profile.save(ignore_permissions=True)
		install.create_role_profiles()
		roles = {row.role for row in frappe.get_doc("Role Profile", "School Subject Teacher").roles}
		self.assertEqual(roles, {R.SUBJECT_TEACHER, "Blogger"})

	def test_access_rules_are_widened_never_narrowed(self):
		from hoso_longan.setup.access import apply_education_access

		name = frappe.db.get_value(
			"Custom DocPerm", {"parent": "Student", "role": R.SCHOOL_ADMIN, "permlevel": 0, "if_owner": 0}
		)
		frappe.db.set_value("Custom DocPerm", name, {"delete": 1, "create": 0})
		apply_education_access()
		row = frappe.db.get_value("Custom DocPerm", name, ["delete", "create", "read"], as_dict=True)
		self.assertEqual((row.delete, row.create, row.read), (1, 1, 1))


class TestInstall(FrappeTestCase):
	def test_before_install_rebuilds_a_module_map_cached_before_the_app_was_listed(self):
		"""The defect seen: install-app synced no DocType (the cached map had no hoso_longan) and then
		failed with WrongOptionsDoctypeLinkError, leaving the app recorded as installed."""
		stale = {app: modules for app, modules in frappe.local.app_modules.items() if app != "hoso_longan"}
		frappe.cache.set_value("app_modules", stale)
		frappe.local.app_modules = stale
		install.before_install()
		self.assertIn("school_administration", frappe.local.app_modules["hoso_longan"])

	def test_a_failing_after_install_leaves_the_app_uninstalled(self):
		from unittest.mock import patch

		from frappe.installer import add_to_installed_apps

		with patch.object(install, "setup", side_effect=frappe.ValidationError("boom")):
			with self.assertRaises(frappe.ValidationError):
				install.after_install()
		try:
			self.assertNotIn("hoso_longan", frappe.get_installed_apps())
		finally:
			add_to_installed_apps("hoso_longan", rebuild_website=False)
		self.assertIn("hoso_longan", frappe.get_installed_apps())
