# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Roster import (nhập danh sách) as the school's records administrator: a user holding only the app's
role and a User Permission on school A, through the calls the desk makes (the Roster Import form's
whitelisted methods). Students, classes and guardians; teachers' accounts, scope, departments and
assignments; what the created teachers then see; refused files that write nothing.
"""

from __future__ import annotations

from unittest.mock import patch

import frappe
import frappe.desk.reportview
import frappe.desk.search
from frappe.tests.utils import FrappeTestCase
from frappe.utils.password import check_password, update_password

from hoso_longan.core.roster import read_rows
from hoso_longan.services import roster_import as service
from hoso_longan.services.roster_import import RosterImportError, import_roster
from hoso_longan.setup import roles as R
from hoso_longan.tests import roster_files as F
from hoso_longan.tests.factories import create_world


def ensure_program(grade: int, suffix: str) -> str:
	"""The grade's Program ("Khối N" of the catalogue), made for the test when the site has none."""
	name = service.program_for_grade(grade)
	if name:
		return name
	return (
		frappe.get_doc({"doctype": "Program", "program_name": f"Khối {grade} {suffix}", "hoso_grade": grade})
		.insert(ignore_permissions=True)
		.name
	)


def attach(doc, content: bytes, filename: str = "danh-sach.xlsx") -> str:
	"""Upload ``content`` as a private file of ``doc``, as the form's Attach field does."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": filename,
			"content": content,
			"is_private": 1,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "file",
		}
	).insert()
	return file.file_url


class RosterCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = create_world()
		cls.s = w.suffix
		for grade in (6, 7):
			ensure_program(grade, w.suffix)

	def setUp(self):
		frappe.db.savepoint("roster_test")
		frappe.set_user(self.w.admin_a)
		# Frappe creates a new account's Contact after the commit, but inline in tests, where ERPNext's
		# hook linking call logs to the Contact commits the test's transaction: keep that hook out.
		patcher = patch("erpnext.telephony.doctype.call_log.call_log.link_existing_conversations")
		patcher.start()
		self.addCleanup(patcher.stop)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"
		frappe.db.rollback(save_point="roster_test")

	def import_students(self, rows=None):
		content = F.xlsx(F.STUDENT_HEADINGS, rows if rows is not None else F.students(self.s))
		return import_roster(content, self.w.school_a, self.w.year, "Students")

	def import_teachers(self, rows):
		return import_roster(F.xlsx(F.TEACHER_HEADINGS, rows), self.w.school_a, self.w.year, "Teachers")

	def refused(self, call) -> list[str]:
		with self.assertRaises(RosterImportError) as raised:
			call()
		return raised.exception.problems

	def group(self, short: str):
		name = service._Classes(self.w.school_a, self.w.year).get(short).name
		return frappe.get_doc("Student Group", name)

	def student(self, code: str):
		return frappe.get_doc("Student", {"hoso_moet_id": code})


class TestStudentImport(RosterCase):
	def test_students_classes_and_guardians_are_created_for_the_school(self):
		summary = self.import_students()
		self.assertEqual(
			summary, "5 students: 5 new, 0 updated, 0 unchanged; 2 new classes, 4 new guardians."
		)
		an = self.student(f"80{self.s}02")
		self.assertEqual((an.first_name, an.middle_name, an.last_name), ("Nguyễn", "Văn", "An"))
		self.assertEqual(
			(an.student_name, an.gender, str(an.date_of_birth)), ("Nguyễn Văn An", "Male", "2013-09-05")
		)
		self.assertEqual(
			(an.hoso_school, an.hoso_ethnicity, an.hoso_place_of_birth), (self.w.school_a, "Kinh", "Tân An")
		)
		self.assertEqual(an.user, None, "a student without e-mail gets no account")
		parents = {g.relation: frappe.get_doc("Guardian", g.guardian) for g in an.guardians}
		self.assertEqual(
			{r: (g.guardian_name, g.occupation, g.mobile_number, g.hoso_school) for r, g in parents.items()},
			{
				"Father": ("Nguyễn Văn Hùng", "Nông dân", "0912000001", self.w.school_a),
				"Mother": ("Trần Thị Lan", "Giáo viên", "0912000002", self.w.school_a),
			},
		)
		bao = self.student(f"80{self.s}03")
		self.assertEqual(
			{g.relation: g.guardian for g in bao.guardians},
			{g.relation: g.guardian for g in an.guardians},
			"brothers share their parents' Guardian records",
		)

	def test_classes_of_the_school_and_year_in_the_grades_program_in_vietnamese_order(self):
		self.import_students()
		group = self.group("6A1")
		self.assertEqual(
			(group.hoso_school, group.academic_year, group.group_based_on),
			(self.w.school_a, self.w.year, "Batch"),
		)
		self.assertEqual(frappe.db.get_value("Program", group.program, "hoso_grade"), 6)
		self.assertEqual(frappe.db.get_value("Program", self.group("7A1").program, "hoso_grade"), 7)
		# Vietnamese order: by tên (An, Ánh, Bảo, Yến), roll numbers following it.
		self.assertEqual(
			[(row.group_roll_number, row.student_name) for row in group.students],
			[(1, "Nguyễn Văn An"), (2, "Lê Ngọc Ánh"), (3, "Nguyễn Văn Bảo"), (4, "Trần Thị Yến")],
		)

	def test_reimporting_the_same_file_changes_nothing(self):
		self.import_students()
		modified = {
			doctype: dict(
				frappe.get_all(
					doctype,
					filters={"hoso_school": self.w.school_a},
					fields=["name", "modified"],
					as_list=True,
				)
			)
			for doctype in ("Student", "Guardian", "Student Group")
		}
		summary = self.import_students()
		self.assertEqual(
			summary, "5 students: 0 new, 0 updated, 5 unchanged; 0 new classes, 0 new guardians."
		)
		for doctype, before in modified.items():
			after = dict(
				frappe.get_all(
					doctype,
					filters={"hoso_school": self.w.school_a},
					fields=["name", "modified"],
					as_list=True,
				)
			)
			self.assertEqual(after, before, doctype)

	def test_a_corrected_row_updates_the_student_found_by_moet_code(self):
		self.import_students()
		rows = F.students(self.s)
		rows[1][3] = "06/09/2013"
		rows[1][12] = rows[2][12] = "0912999999"  # the brothers' father has a new phone
		summary = self.import_students(rows)
		self.assertIn("0 new, 1 updated, 4 unchanged", summary)
		an = self.student(f"80{self.s}02")
		self.assertEqual(str(an.date_of_birth), "2013-09-06")
		father = next(g for g in an.guardians if g.relation == "Father")
		self.assertEqual(frappe.db.get_value("Guardian", father.guardian, "mobile_number"), "0912999999")
		self.assertEqual(len(self.group("6A1").students), 4)

	def test_a_student_with_an_email_gets_a_portal_account(self):
		frappe.db.set_single_value("Education Settings", "user_creation_skip", 0)
		rows = F.students(self.s)[:1]
		rows[0][-1] = f"yen-{self.s.lower()}@hs.test"
		self.import_students(rows)
		yen = self.student(f"80{self.s}01")
		self.assertEqual(yen.user, f"yen-{self.s.lower()}@hs.test")
		self.assertEqual(frappe.db.get_value("User", yen.user, "user_type"), "Website User")

	def test_every_problem_is_listed_in_vietnamese_and_nothing_is_written(self):
		frappe.local.lang = "vi"
		rows = F.students(self.s)
		rows[1][3] = "31/02/2013"
		rows[3][4] = "Trai"
		rows.append(F.student(6, f"80{self.s}02", "Võ Thị Hạnh", "01/02/2013", "Nữ", "6A2"))
		problems = self.refused(lambda: self.import_students(rows))
		self.assertEqual(
			problems,
			[
				"Dòng 3, cột Ngày sinh (Nguyễn Văn An): '31/02/2013' không phải ngày hợp lệ",
				"Dòng 5, cột Giới tính (Lê Ngọc Ánh): 'Trai' không phải Nam hoặc Nữ",
				f"Dòng 7, cột Mã định danh (Võ Thị Hạnh): '80{self.s}02' trùng với dòng 3",
			],
		)
		self.assertFalse(frappe.db.exists("Student", {"hoso_moet_id": ["like", f"80{self.s}%"]}))
		self.assertIsNone(service._Classes(self.w.school_a, self.w.year).get("6A1"))

	def test_database_problems_are_located_too(self):
		frappe.local.lang = "vi"
		rows = F.students(self.s)
		rows[4][8] = "10A1"  # a grade this THCS school does not teach
		problems = self.refused(lambda: self.import_students(rows))
		self.assertEqual(problems, ["Dòng 6, cột Lớp (Phạm Minh Đức): trường THCS không dạy khối 10"])

	def test_a_change_of_class_is_not_made_by_an_import(self):
		frappe.local.lang = "vi"
		self.import_students()
		rows = F.students(self.s)
		rows[0][8] = "7A1"
		problems = self.refused(lambda: self.import_students(rows))
		self.assertEqual(len(problems), 1)
		self.assertEqual(
			problems[0],
			"Dòng 2, cột Lớp (Trần Thị Yến): học sinh đang học lớp 6A1 năm học này; chuyển lớp không làm qua nhập danh sách",
		)

	def test_a_failure_while_writing_rolls_everything_back_and_names_the_row(self):
		calls = []
		original = service._StudentImport._student

		def fail_on_the_fourth(job, row, counts):
			calls.append(row.row)
			if len(calls) == 4:
				frappe.throw("simulated failure")
			return original(job, row, counts)

		with patch.object(service._StudentImport, "_student", fail_on_the_fourth):
			problems = self.refused(self.import_students)
		self.assertEqual(problems, ["Dòng 5 (Lê Ngọc Ánh): simulated failure"])
		self.assertFalse(frappe.db.exists("Student", {"hoso_moet_id": ["like", f"80{self.s}%"]}))
		self.assertFalse(frappe.db.exists("Guardian", {"hoso_school": self.w.school_a}))
		self.assertIsNone(service._Classes(self.w.school_a, self.w.year).get("6A1"))

	def test_the_form_records_the_refusal_then_the_import(self):
		doc = frappe.get_doc({"doctype": "Roster Import", "academic_year": self.w.year}).insert()
		self.assertEqual((doc.school, doc.import_type, doc.status), (self.w.school_a, "Students", "Draft"))
		rows = F.students(self.s)
		rows[1][3] = "31/02/2013"
		doc.file = attach(doc, F.xlsx(F.STUDENT_HEADINGS, rows))
		doc.save()
		result = service.run(doc.name)
		doc.reload()
		self.assertEqual((result["status"], doc.status), ("Refused", "Refused"))
		self.assertIn(
			"Dòng 3, cột Ngày sinh (Nguyễn Văn An): '31/02/2013' không phải ngày hợp lệ", doc.problems
		)
		self.assertFalse(frappe.db.exists("Student", {"hoso_moet_id": f"80{self.s}01"}))
		doc.file = attach(doc, F.xlsx(F.STUDENT_HEADINGS, F.students(self.s)), "sua.xlsx")
		doc.save()
		self.assertEqual(
			(doc.status, doc.problems), ("Draft", None), "a new file makes the import a draft again"
		)
		result = service.run(doc.name)
		doc.reload()
		self.assertEqual((doc.status, doc.problems), ("Imported", None))
		self.assertEqual(doc.summary, result["summary"])
		self.assertTrue(frappe.db.exists("Student", {"hoso_moet_id": f"80{self.s}01"}))

	def test_result_fields_cannot_be_forged_by_a_save(self):
		doc = frappe.get_doc({"doctype": "Roster Import", "academic_year": self.w.year}).insert()
		doc.status, doc.summary = "Imported", "forged"
		doc.save()
		doc.reload()
		self.assertEqual((doc.status, doc.summary), ("Draft", None))

	def test_template_download(self):
		service.download_template("Students", self.w.school_a, self.w.year)
		self.assertEqual(frappe.response["type"], "binary")
		rows = read_rows(frappe.response["filecontent"])
		self.assertEqual(rows[0][1], F.STUDENT_HEADINGS)
		self.assertEqual(rows[1][1][0], "Ví dụ")


TEACHER_RIGHTS = {
	"School Subject Teacher": {R.SUBJECT_TEACHER},
	"School Homeroom Teacher": {R.SUBJECT_TEACHER, R.HOMEROOM_TEACHER},
	"School Head of Department": {R.SUBJECT_TEACHER, R.HEAD_OF_DEPARTMENT},
}


class TestTeacherImport(RosterCase):
	def setUp(self):
		super().setUp()
		self.import_students()
		s = self.s.lower()
		self.hoa, self.binh, self.cuc = (f"{n}-{s}@truong.test" for n in ("hoa", "binh", "cuc"))
		self.phone = "09" + str(int.from_bytes(self.s.encode(), "big") % 10**8).zfill(
			8
		)  # unique to this world
		math, pe = self.w.math, self.w.pe
		self.rows = [
			F.teacher(
				1,
				"Lê Thị Hoa",
				self.hoa,
				"Giáo viên chủ nhiệm",
				"Tổ Toán",
				"6A1",
				f"{math}: 6A1, 7A1",
				self.phone,
			),
			F.teacher(2, "Trần Văn Bình", self.binh, "Tổ trưởng chuyên môn", "Tổ Toán", "", f"{math}: 6A1"),
			F.teacher(3, "Võ Thị Cúc", self.cuc, "Giáo viên bộ môn", "Tổ Thể dục", "", f"{pe}: 6A1, 7A1"),
		]
		self.rows[2][4] = "Giáo viên bộ môn"
		self.rows.append(
			F.teacher(4, "Đặng Văn Dũng", f"dung-{s}@truong.test", "Tổ trưởng", "Tổ Thể dục", "", "")
		)

	def test_accounts_with_their_role_profile_and_the_schools_scope(self):
		summary = self.import_teachers(self.rows)
		self.assertEqual(
			summary,
			"4 teachers: 4 new accounts, 0 updated, 0 unchanged; 2 new departments, 6 new teaching assignments."
			" The site has no outgoing e-mail: no welcome e-mail was sent, so a System Manager sets the new"
			" accounts' first passwords.",
		)
		frappe.set_user("Administrator")
		for email, profile in (
			(self.hoa, "School Homeroom Teacher"),
			(self.binh, "School Head of Department"),
		):
			user = frappe.get_doc("User", email)
			self.assertEqual(
				(user.role_profile_name, user.user_type, user.send_welcome_email), (profile, "System User", 0)
			)
			self.assertEqual(
				set(frappe.get_roles(email)) - {"All", "Guest", "Desk User"}, TEACHER_RIGHTS[profile]
			)
			self.assertEqual(
				frappe.get_all(
					"User Permission",
					filters={"user": email},
					fields=["allow", "for_value", "apply_to_all_doctypes"],
				),
				[{"allow": "Education Unit", "for_value": self.w.school_a, "apply_to_all_doctypes": 1}],
			)
		hoa = frappe.get_doc("User", self.hoa)
		self.assertEqual(
			(hoa.first_name, hoa.middle_name, hoa.last_name, hoa.full_name),
			("Lê", "Thị", "Hoa", "Lê Thị Hoa"),
		)
		self.assertEqual(hoa.mobile_no, self.phone)
		update_password(self.hoa, "Mat-khau-GV-2025")
		self.assertEqual(check_password(self.hoa, "Mat-khau-GV-2025"), self.hoa, "the account can log in")

	def test_frappes_hourly_limit_on_new_accounts_does_not_stop_an_import(self):
		# The hour's limit is already reached (a large school's first file did it): the import still creates
		# its four accounts, and the limit is back in force afterwards.
		conf = frappe.local.conf
		made = frappe.db.get_creation_count("User", 60)
		self.addCleanup(conf.pop, "throttle_user_limit", None)
		conf.throttle_user_limit = made
		self.assertTrue(self.import_teachers(self.rows).startswith("4 teachers: 4 new accounts"))
		self.assertEqual(conf.throttle_user_limit, made)
		frappe.set_user("Administrator")
		with self.assertRaisesRegex(frappe.ValidationError, "Throttled"):
			frappe.get_doc(
				{"doctype": "User", "email": f"extra-{self.s.lower()}@truong.test", "first_name": "X"}
			).insert()

	def test_instructors_assignments_finaliser_and_departments(self):
		self.import_teachers(self.rows)
		instructor = frappe.get_doc("Instructor", {"hoso_user": self.hoa})
		self.assertEqual(
			(instructor.instructor_name, instructor.hoso_school), ("Lê Thị Hoa", self.w.school_a)
		)
		a1 = self.group("6A1").name
		assignments = frappe.get_all(
			"Teaching Assignment",
			filters={"student_group": a1},
			fields=["user", "assignment_type", "course", "is_finaliser", "school", "academic_year"],
			order_by="creation asc",
		)
		self.assertEqual(
			{(a.user, a.assignment_type, a.course, a.is_finaliser) for a in assignments},
			{
				(self.hoa, "Homeroom Teacher", None, 0),
				(self.hoa, "Subject Teacher", self.w.math, 1),  # first teacher of 6A1 × Toán in the file
				(self.binh, "Subject Teacher", self.w.math, 0),
				(self.cuc, "Subject Teacher", self.w.pe, 1),
			},
		)
		self.assertTrue(
			all((a.school, a.academic_year) == (self.w.school_a, self.w.year) for a in assignments)
		)
		math = frappe.get_doc("Subject Department", {"school": self.w.school_a, "department_name": "Tổ Toán"})
		self.assertEqual(math.head_user, self.binh)
		self.assertEqual({m.user for m in math.members}, {self.hoa, self.binh})
		self.assertEqual([c.course for c in math.courses], [self.w.math])
		pe = frappe.get_doc(
			"Subject Department", {"school": self.w.school_a, "department_name": "Tổ Thể dục"}
		)
		self.assertEqual(pe.head_user, f"dung-{self.s.lower()}@truong.test")

	def test_reimporting_the_same_file_changes_nothing(self):
		self.import_teachers(self.rows)
		counts = {
			d: frappe.db.count(d)
			for d in ("User", "User Permission", "Instructor", "Teaching Assignment", "Subject Department")
		}
		modified = frappe.db.get_value("User", self.hoa, "modified")
		summary = self.import_teachers(self.rows)
		self.assertEqual(
			summary,
			"4 teachers: 0 new accounts, 0 updated, 4 unchanged; 0 new departments, 0 new teaching assignments.",
		)
		self.assertEqual({d: frappe.db.count(d) for d in counts}, counts)
		self.assertEqual(frappe.db.get_value("User", self.hoa, "modified"), modified)

	def test_a_later_file_adds_to_what_is_there(self):
		self.import_teachers(self.rows)
		self.rows[2][4] = "Giáo viên chủ nhiệm"
		self.rows[2][6] = "7A1"
		summary = self.import_teachers(self.rows)
		self.assertIn("0 new accounts, 1 updated, 3 unchanged", summary)
		self.assertEqual(
			frappe.db.get_value("User", self.cuc, "role_profile_name"), "School Homeroom Teacher"
		)
		self.assertTrue(
			frappe.db.exists(
				"Teaching Assignment",
				{
					"user": self.cuc,
					"assignment_type": "Homeroom Teacher",
					"student_group": self.group("7A1").name,
				},
			)
		)

	def test_several_roles_are_given_as_roles(self):
		self.rows[1][4] = "Tổ trưởng chuyên môn, Giáo viên chủ nhiệm"
		self.rows[1][6] = "7A1"
		self.import_teachers(self.rows)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("User", self.binh, "role_profile_name"), None)
		self.assertEqual(
			set(frappe.get_roles(self.binh)) - {"All", "Guest", "Desk User"},
			{R.SUBJECT_TEACHER, R.HEAD_OF_DEPARTMENT, R.HOMEROOM_TEACHER},
		)

	def test_no_system_manager_on_a_site_where_only_administrator_holds_it(self):
		"""Frappe makes a new System User a System Manager when nobody but Administrator is one (a fresh
		site): an imported teacher never becomes one, with one profile or several roles."""
		from frappe.core.doctype.user.user import User

		self.rows[1][4] = "Tổ trưởng chuyên môn, Giáo viên chủ nhiệm"
		self.rows[1][6] = "7A1"
		with patch.object(User, "get_other_system_managers", return_value=[]):
			self.import_teachers(self.rows)
		frappe.set_user("Administrator")
		for email in (self.hoa, self.binh, self.cuc):
			self.assertNotIn("System Manager", frappe.get_roles(email), email)
			self.assertEqual(frappe.db.get_value("User", email, "user_type"), "System User")

	def test_a_created_teacher_sees_his_classes_of_his_school_only(self):
		self.import_teachers(self.rows)
		a1, a71 = self.group("6A1").name, self.group("7A1").name
		frappe.set_user(self.hoa)
		found = [row["value"] for row in frappe.desk.search.search_link("Student Group", "", page_length=100)]
		self.assertIn(a1, found)
		self.assertIn(a71, found)
		self.assertNotIn(self.w.b1, found, "a class of another school")
		frappe.local.form_dict = frappe._dict(
			doctype="Student Group",
			fields=frappe.as_json(["name", "hoso_school"]),
			filters="[]",
			page_length=500,
		)
		listed = frappe.desk.reportview.get()
		names = [values[0] for values in listed["values"]]
		self.assertIn(a1, names)
		self.assertNotIn(self.w.b1, names)
		frappe.local.form_dict = frappe._dict(
			doctype="Teaching Assignment",
			fields=frappe.as_json(["student_group", "course"]),
			filters="[]",
			page_length=500,
		)
		mine = frappe.desk.reportview.get()
		self.assertIn([a1, self.w.math], [list(v) for v in mine["values"]])

	def test_problems_are_located_and_nothing_is_written(self):
		frappe.local.lang = "vi"
		self.rows[0][7] = f"Hóa học: 6A1; {self.w.math}: 6A9"
		self.rows[3][5] = "Tổ Văn"  # Dũng heads a new department, and Tổ Thể dục is left without a head
		self.rows.append(
			F.teacher(5, "Ngô Văn Em", f"em-{self.s.lower()}@truong.test", "Giáo viên bộ môn", "Tổ Sử")
		)
		before = frappe.db.count("User")
		problems = self.refused(lambda: self.import_teachers(self.rows))
		self.assertEqual(
			problems,
			[
				"Dòng 2, cột Phân công (Lê Thị Hoa): lớp 6A9 chưa có trong năm học "
				+ self.w.year
				+ " (hãy nhập danh sách học sinh trước)",
				# the install catalogue has Hóa học (THPT), so the row is told the subject is not a grade-6 one
				"Dòng 2, cột Phân công (Lê Thị Hoa): môn Hóa học không học ở khối 6",
				"Dòng 4, cột Tổ chuyên môn (Võ Thị Cúc): Tổ Thể dục là tổ mới, chưa có tổ trưởng: ghi Tổ trưởng chuyên môn ở cột Vai trò của một giáo viên trong tổ",
				"Dòng 6, cột Tổ chuyên môn (Ngô Văn Em): Tổ Sử là tổ mới, chưa có tổ trưởng: ghi Tổ trưởng chuyên môn ở cột Vai trò của một giáo viên trong tổ",
			],
		)
		self.assertEqual(frappe.db.count("User"), before)
		self.assertFalse(frappe.db.exists("User", self.hoa))

	def test_subject_by_code_and_not_taught_in_the_grade(self):
		frappe.local.lang = "vi"
		# GDTC, not TOAN: the catalogue's "Toán" is found by its name, which folds to the code.
		self.rows[0][7] = "GDTC: 6A1"
		self.rows[0][5] = ""  # no department: Hoa alone is not a department's head
		others = frappe.get_all(
			"Course", filters={"hoso_subject_code": "GDTC", "name": ["!=", self.w.pe]}, pluck="name"
		)
		self.assertTrue(others, "the install catalogue's Giáo dục thể chất has the code too")
		problems = self.refused(lambda: self.import_teachers(self.rows[:1]))
		self.assertEqual(
			problems,
			[
				f"Dòng 2, cột Phân công (Lê Thị Hoa): GDTC ứng với nhiều môn: {', '.join(sorted([*others, self.w.pe]))}; hãy ghi đủ tên môn"
			],
		)
		for other in others:  # the site's other subjects of that code (rolled back with the test)
			frappe.db.set_value("Course", other, "hoso_subject_code", None)
		self.import_teachers(self.rows[:1])
		self.assertTrue(frappe.db.exists("Teaching Assignment", {"user": self.hoa, "course": self.w.pe}))
		ktpl = frappe.get_doc(
			{"doctype": "Course", "course_name": f"KTPL {self.s}", "hoso_subject_code": "GDKTPL"}
		)
		ktpl.insert(ignore_permissions=True)
		self.rows[0][7] = f"KTPL {self.s}: 6A1"
		problems = self.refused(lambda: self.import_teachers(self.rows[:1]))
		self.assertEqual(
			problems, [f"Dòng 2, cột Phân công (Lê Thị Hoa): môn KTPL {self.s} không học ở khối 6"]
		)

	def test_another_homeroom_teacher_of_the_class(self):
		frappe.local.lang = "vi"
		self.import_teachers(self.rows)
		rows = [
			F.teacher(1, "Ngô Văn Em", f"em-{self.s.lower()}@truong.test", "Giáo viên chủ nhiệm", "", "6A1")
		]
		problems = self.refused(lambda: self.import_teachers(rows))
		self.assertEqual(
			problems,
			[f"Dòng 2, cột Chủ nhiệm lớp (Ngô Văn Em): lớp 6A1 đã có giáo viên chủ nhiệm ({self.hoa})"],
		)

	def test_two_teachers_of_the_same_name_both_get_an_instructor(self):
		rows = [
			F.teacher(1, "Nguyễn Thị Hương", f"huong1-{self.s.lower()}@truong.test", "Giáo viên bộ môn"),
			F.teacher(2, "Nguyễn Thị Hương", f"huong2-{self.s.lower()}@truong.test", "Giáo viên bộ môn"),
		]
		self.import_teachers(rows)
		self.assertEqual(
			frappe.db.count(
				"Instructor", {"instructor_name": "Nguyễn Thị Hương", "hoso_school": self.w.school_a}
			),
			2,
		)
