# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Break-in suite of the roster import: the import writes accounts and their scope with rights the school
administrator does not hold, so everyone else tries to use it to get in, or to get someone else in.

Counts of attempts tried and denied are printed at the end of each class.
"""

from __future__ import annotations

import frappe
import frappe.client
from frappe.tests.utils import FrappeTestCase

from hoso_longan.core.roster import TeacherRow
from hoso_longan.services import roster_import as service
from hoso_longan.services.roster_import import RosterImportError, import_roster
from hoso_longan.setup import roles as R
from hoso_longan.tests import roster_files as F
from hoso_longan.tests.factories import _create_user, create_world
from hoso_longan.tests.test_roster_import import attach, ensure_program

DENIED = (frappe.PermissionError, frappe.ValidationError, frappe.DoesNotExistError)


def _state(user: str) -> tuple:
	"""What an attacker would change on an account: its roles, profile, scope and enabled flag."""
	return (
		sorted(frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")),
		frappe.db.get_value("User", user, ["role_profile_name", "enabled", "first_name"]),
		sorted(frappe.get_all("User Permission", filters={"user": user}, pluck="for_value")),
	)


class TestRosterBreakIn(FrappeTestCase):
	tried = 0
	denied = 0

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = create_world()
		s = w.suffix.lower()
		ensure_program(6, w.suffix)
		cls.admin_b = _create_user(f"admin-b-{s}@hoso.test", [R.SCHOOL_ADMIN], w.school_b)
		cls.unscoped_admin = _create_user(f"admin-x-{s}@hoso.test", [R.SCHOOL_ADMIN])
		cls.newcomer = f"moi-{s}@truong.test"
		frappe.set_user(w.admin_a)
		cls.own_import = frappe.get_doc(
			{"doctype": "Roster Import", "academic_year": w.year, "import_type": "Teachers"}
		).insert()
		frappe.set_user("Administrator")

	@classmethod
	def tearDownClass(cls):
		print(f"\n{cls.__name__}: {cls.tried} attempts tried, {cls.denied} denied")
		super().tearDownClass()

	def setUp(self):
		frappe.db.savepoint("roster_break_in")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"
		frappe.db.rollback(save_point="roster_break_in")

	def assertDenied(self, user, attempt, errors=DENIED):
		type(self).tried += 1
		frappe.set_user(user)
		try:
			with self.assertRaises(errors) as raised:
				attempt()
		finally:
			frappe.set_user("Administrator")
		type(self).denied += 1
		return raised.exception

	def teachers_file(self, *rows) -> bytes:
		return F.xlsx(F.TEACHER_HEADINGS, list(rows))

	def newcomer_row(self, roles="Giáo viên bộ môn", email=None):
		return F.teacher(1, "Nguyễn Văn Mới", email or self.newcomer, roles)

	def import_as(self, user, content, school=None, kind="Teachers"):
		return lambda: import_roster(content, school or self.w.school_a, self.w.year, kind)

	# -- who may import ----------------------------------------------------------------------------------------

	def test_only_the_schools_own_administrator_imports(self):
		w = self.w
		content = self.teachers_file(self.newcomer_row())
		for user in (
			self.admin_b,
			self.unscoped_admin,
			w.math_a1,
			w.homeroom_a1,
			w.principal_a,
			w.officer1,
			w.province_officer,
		):
			with self.subTest(user):
				self.assertDenied(user, self.import_as(user, content), frappe.PermissionError)
		self.assertFalse(frappe.db.exists("User", self.newcomer))

	def test_nobody_else_creates_reads_or_runs_a_roster_import(self):
		w, name = self.w, self.own_import.name
		for user in (self.admin_b, self.unscoped_admin, w.math_a1, w.principal_a, w.officer1):
			with self.subTest(user):
				self.assertDenied(user, lambda: frappe.client.get("Roster Import", name))
				self.assertDenied(user, lambda: service.run(name))
				self.assertDenied(
					user,
					lambda: frappe.client.insert(
						{"doctype": "Roster Import", "school": w.school_a, "academic_year": w.year}
					),
				)
				frappe.set_user(user)
				try:
					self.assertNotIn(name, frappe.get_list("Roster Import", pluck="name"))
				except frappe.PermissionError:
					pass  # no right to list imports at all
				frappe.set_user("Administrator")

	def test_another_schools_admin_cannot_point_an_import_at_school_a(self):
		self.assertDenied(
			self.admin_b,
			lambda: frappe.client.insert(
				{"doctype": "Roster Import", "school": self.w.school_a, "academic_year": self.w.year}
			),
		)
		frappe.set_user(self.admin_b)
		own = frappe.get_doc({"doctype": "Roster Import", "academic_year": self.w.year}).insert()
		self.assertEqual(own.school, self.w.school_b)
		own.school = self.w.school_a
		self.assertDenied(self.admin_b, own.save)

	def test_a_teacher_cannot_download_a_template(self):
		self.assertDenied(
			self.w.math_a1, lambda: service.download_template("Teachers"), frappe.PermissionError
		)

	def test_the_admin_still_cannot_write_users_or_their_scope(self):
		"""The import's elevated writes did not widen the administrator's own rights."""
		w = self.w
		self.assertDenied(w.admin_a, lambda: frappe.client.set_value("User", w.math_a1, "first_name", "X"))
		self.assertDenied(
			w.admin_a,
			lambda: frappe.client.insert({"doctype": "User", "email": self.newcomer, "first_name": "Mới"}),
		)
		self.assertDenied(
			w.admin_a,
			lambda: frappe.client.insert(
				{
					"doctype": "User Permission",
					"user": w.math_a1,
					"allow": "Education Unit",
					"for_value": w.school_b,
				}
			),
		)
		self.assertDenied(
			w.admin_a,
			lambda: frappe.client.set_value("Role Profile", "School Subject Teacher", "role_profile", "x"),
		)

	# -- crafted files ----------------------------------------------------------------------------------------

	def test_a_file_giving_system_manager_or_the_principals_role_is_refused(self):
		for word in ("System Manager", "Hiệu trưởng", "Quản trị hồ sơ", "Giáo viên bộ môn, Administrator"):
			with self.subTest(word):
				error = self.assertDenied(
					self.w.admin_a,
					self.import_as(self.w.admin_a, self.teachers_file(self.newcomer_row(word))),
					RosterImportError,
				)
				self.assertIn("không được cấp qua nhập danh sách", error.problems[0])
		self.assertFalse(frappe.db.exists("User", self.newcomer))

	def test_a_row_crafted_past_the_file_reader_is_refused_before_writing(self):
		"""Defence in depth: the writer checks the allow-list again, whatever the reader returned."""
		w = self.w
		parsed = service.read_teachers([(1, F.TEACHER_HEADINGS)])
		parsed.rows = [
			TeacherRow(row=2, full_name="Kẻ Gian", email=self.newcomer, profiles=["System Manager"])
		]
		job = service._TeacherImport(w.school_a, w.year, parsed)
		frappe.set_user(w.admin_a)
		self.assertIn("System Manager", job.check()[0].describe())
		frappe.set_user("Administrator")
		self.assertDenied(w.admin_a, job.write, frappe.PermissionError)
		self.assertFalse(frappe.db.exists("User", self.newcomer))

	def test_a_role_profile_widened_in_the_database_is_not_given(self):
		profile = frappe.get_doc("Role Profile", "School Subject Teacher")
		profile.append("roles", {"role": "System Manager"})
		profile.save(ignore_permissions=True)
		error = self.assertDenied(
			self.w.admin_a,
			self.import_as(self.w.admin_a, self.teachers_file(self.newcomer_row())),
			RosterImportError,
		)
		self.assertIn("School Subject Teacher", error.problems[0])
		self.assertFalse(frappe.db.exists("User", self.newcomer))

	def test_accounts_of_other_schools_staff_and_administrators_are_never_changed(self):
		w = self.w
		frappe.local.lang = "vi"
		victims = (
			w.math_b1,
			w.principal_a,
			w.admin_a,
			self.admin_b,
			w.officer1,
			"Administrator",
			"admin@example.com",
			w.unscoped_teacher,
		)
		for victim in victims:
			with self.subTest(victim):
				before = _state(victim) if frappe.db.exists("User", victim) else None
				row = self.newcomer_row("Giáo viên chủ nhiệm", email=victim)
				error = self.assertDenied(
					w.admin_a, self.import_as(w.admin_a, self.teachers_file(row)), RosterImportError
				)
				self.assertTrue(
					"không sửa tài khoản này" in error.problems[0]
					or "không phải địa chỉ e-mail" in error.problems[0],
					error.problems,
				)
				if before:
					self.assertEqual(_state(victim), before)

	def test_a_teacher_of_the_school_who_is_also_scoped_elsewhere_is_not_changed(self):
		w = self.w
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": w.math_a2,
				"allow": "Education Unit",
				"for_value": w.school_b,
				"apply_to_all_doctypes": 1,
			}
		).insert(ignore_permissions=True)
		before = _state(w.math_a2)
		row = self.newcomer_row(email=w.math_a2)
		self.assertDenied(w.admin_a, self.import_as(w.admin_a, self.teachers_file(row)), RosterImportError)
		self.assertEqual(_state(w.math_a2), before)

	def test_a_students_file_cannot_take_over_an_account_or_another_schools_student(self):
		w = self.w
		frappe.local.lang = "vi"
		code_b = "80B" + w.suffix
		frappe.db.set_value("Student", w.student_b1, "hoso_moet_id", code_b)
		rows = [
			F.student(1, "80A" + w.suffix, "Nguyễn Văn An", "05/09/2013", "Nam", "6A1", email=w.principal_a),
			F.student(2, code_b, "Lê Văn Dũng", "05/09/2013", "Nam", "6A1"),
		]
		before = (
			frappe.db.get_value("Student", w.student_b1, ["first_name", "hoso_school"]),
			_state(w.principal_a),
		)
		error = self.assertDenied(
			w.admin_a,
			self.import_as(w.admin_a, F.xlsx(F.STUDENT_HEADINGS, rows), kind="Students"),
			RosterImportError,
		)
		self.assertEqual(
			error.problems,
			[
				f"Dòng 2, cột Email (Nguyễn Văn An): {w.principal_a} đã là e-mail của người khác",
				f"Dòng 3, cột Mã định danh (Lê Văn Dũng): mã {code_b} là của học sinh trường khác",
			],
		)
		self.assertEqual(
			(
				frappe.db.get_value("Student", w.student_b1, ["first_name", "hoso_school"]),
				_state(w.principal_a),
			),
			before,
		)

	def test_a_file_attached_elsewhere_cannot_be_imported_through_this_import(self):
		"""run() reads only the file attached to the import itself, not any file URL the caller names."""
		w = self.w
		frappe.set_user(self.admin_b)
		other = frappe.get_doc(
			{"doctype": "Roster Import", "academic_year": w.year, "import_type": "Teachers"}
		).insert()
		url = attach(other, self.teachers_file(self.newcomer_row()))
		frappe.set_user("Administrator")
		frappe.db.set_value("Roster Import", self.own_import.name, "file", url)
		self.assertDenied(w.admin_a, lambda: service.run(self.own_import.name), frappe.ValidationError)
		self.assertFalse(frappe.db.exists("User", self.newcomer))
