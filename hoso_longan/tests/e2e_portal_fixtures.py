"""Data for the browser tests of the teachers' portal (e2e/test_portal_*.py), set up by the test through
``bench --site SITE execute hoso_longan.tests.e2e_portal_fixtures.portal_world --kwargs '{"password": "…"}'``.

It builds, as an administrator would in the desk, one school of this school year with its staff on the
app's Role Profiles, scoped to the school by a User Permission, each with a demo certificate (test sites
only). Every run has its own suffix, so runs never collide on a site. What the teachers then do is done in
the browser by the tests; nothing here is asserted. Returns the names the tests need.

- 6A1 (12 students): every subject finalised for both terms and conduct finalised, except Toán HK1, which
  the Toán teacher enters in the browser; after that the tests compute the year (``compute_year``) and the
  teacher signs the class book and học bạ pages in a batch.
- 6A2 (12 students): KHTN taught by two co-teachers (one finalises); the homeroom teacher enters conduct.
- 6A3 (12 students): Toán HK1 under a Record Lock of the school (the portal shows it read-only).
- 6A4 (45 students): Toán HK1 half entered, for page-ready times on a loaded class.
- A subject department (tổ Toán – Tin) headed by a head of department who reviews the Toán teacher's plans.
"""

from __future__ import annotations

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, nowdate, random_string
from frappe.utils.password import update_password

from hoso_longan.core.assessment import COMMENT, subjects_for_grade
from hoso_longan.tests.factories import apply_record_lock, insert_user

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Gia", "Thanh", "Quốc", "Bảo")
GIVEN = (
	"An", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Khoa", "Lan", "Linh", "Mai", "Nam",
	"Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vy",
)  # fmt: skip


def _user(email: str, names: tuple[str, str, str], profile: str, school: str, password: str) -> str:
	if not frappe.db.exists("User", email):
		insert_user(
			{
				"email": email,
				"first_name": names[0],
				"middle_name": names[1],
				"last_name": names[2],
				"language": "vi",
				"role_profile_name": profile,
			}
		)
	update_password(email, password)
	if not frappe.db.exists(
		"User Permission", {"user": email, "allow": "Education Unit", "for_value": school}
	):
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": email,
				"allow": "Education Unit",
				"for_value": school,
				"apply_to_all_doctypes": 1,
			}
		).insert(ignore_permissions=True)
	return email


def _instructor(user: str, school: str) -> str:
	name = frappe.db.get_value("Instructor", {"hoso_user": user})
	if name:
		return name
	suffix = user.split("@")[0].rsplit(".", 1)[-1].upper()  # Education may name instructors by full name
	return (
		frappe.get_doc(
			{
				"doctype": "Instructor",
				"instructor_name": f"{frappe.db.get_value('User', user, 'full_name')} ({suffix})",
				"hoso_user": user,
				"hoso_school": school,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def _assign(user, school, group, kind, course=None, finaliser=1) -> None:
	frappe.get_doc(
		{
			"doctype": "Teaching Assignment",
			"assignment_type": kind,
			"student_group": group,
			"course": course,
			"instructor": _instructor(user, school),
			"user": user,
			"is_finaliser": finaliser,
		}
	).insert(ignore_permissions=True)


def _class(name: str, school: str, year: str, program: str, size: int, offset: int) -> tuple[str, list[str]]:
	students = []
	for i in range(size):
		k = i + offset
		students.append(
			frappe.get_doc(
				{
					"doctype": "Student",
					"first_name": FAMILY[k % len(FAMILY)],
					# k and k + 24 would repeat a name: shift the tên đệm (a class of 45 has no twins)
					"middle_name": MIDDLE[(k // 3 + k // 24) % len(MIDDLE)],
					"last_name": GIVEN[(k * 7) % len(GIVEN)],
					"gender": "Male" if k % 2 else "Female",
					"date_of_birth": f"2014-0{1 + k % 9}-1{k % 10}",
					"hoso_school": school,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	group = frappe.get_doc(
		{
			"doctype": "Student Group",
			"student_group_name": name,
			"group_based_on": "Batch",
			"academic_year": year,
			"program": program,
			"hoso_school": school,
			"students": [{"student": s, "active": 1} for s in students],
		}
	).insert(ignore_permissions=True)
	ordered = [row.student for row in sorted(group.students, key=lambda r: r.group_roll_number)]
	return group.name, ordered


def _score(subject, index: int) -> str:
	if subject.mode == COMMENT:
		return "Đ"
	return str(5 + (index * 3 + len(subject.code)) % 50 / 10)


def _sheet(group, course, term, students, subject, user, finalise=True, fill=1.0) -> str:
	frappe.set_user(user)
	try:
		count = subject.regular_count
		rows = []
		for i, student in enumerate(students):
			value = _score(subject, i) if i < len(students) * fill else ""
			rows.append(
				{
					"student": student,
					**{f"tx{k}": value for k in range(1, count + 1)},
					"gk": value,
					"ck": value,
				}
			)
		doc = frappe.get_doc(
			{"doctype": "Score Sheet", "student_group": group, "course": course, "term": term, "rows": rows}
		).insert()
		if finalise:
			apply_workflow(doc, "Finalise Scores")
		return doc.name
	finally:
		frappe.set_user("Administrator")


def _conduct(group, term, students, user) -> None:
	frappe.set_user(user)
	try:
		doc = frappe.get_doc(
			{
				"doctype": "Conduct Assessment",
				"student_group": group,
				"term": term,
				"rows": [{"student": s, "level": "Tốt" if i % 3 else "Khá"} for i, s in enumerate(students)],
			}
		).insert()
		apply_workflow(doc, "Finalise Conduct")
	finally:
		frappe.set_user("Administrator")


def portal_world(password: str) -> dict:
	from hoso_longan.services.demo_certificates import issue_for_site

	frappe.set_user("Administrator")
	frappe.db.set_single_value("Education Settings", "user_creation_skip", 1)
	s = random_string(4).upper()
	today = getdate(nowdate())
	start = getdate(f"{today.year if today.month >= 8 else today.year - 1}-09-05")
	year = f"{start.year}-{start.year + 1} ({s})"
	frappe.get_doc(
		{
			"doctype": "Academic Year",
			"academic_year_name": year,
			"year_start_date": start,
			"year_end_date": add_days(getdate(f"{start.year + 1}-05-31"), 0),
		}
	).insert(ignore_permissions=True)
	for gender in ("Male", "Female"):
		if not frappe.db.exists("Gender", gender):
			frappe.get_doc({"doctype": "Gender", "gender": gender}).insert(ignore_permissions=True)
	program = "Lớp 6"
	if not frappe.db.exists("Program", program):
		frappe.get_doc({"doctype": "Program", "program_name": program, "hoso_grade": 6}).insert(
			ignore_permissions=True
		)
	courses = {}
	for subject in subjects_for_grade(6):
		name = f"{subject.name} 6"
		if not frappe.db.exists("Course", name):
			frappe.get_doc(
				{"doctype": "Course", "course_name": name, "hoso_subject_code": subject.code}
			).insert(ignore_permissions=True)
		courses[subject.code] = name
	province = frappe.get_doc(
		{
			"doctype": "Education Unit",
			"unit_name": f"Sở GD&ĐT ({s})",
			"unit_code": f"SO-{s}",
			"unit_type": "Province Department",
		}
	).insert(ignore_permissions=True)
	school = frappe.get_doc(
		{
			"doctype": "Education Unit",
			"unit_name": f"Trường THCS Lê Quý Đôn ({s})",
			"unit_code": f"THCS-{s}",
			"unit_type": "School",
			"school_level": "THCS",
			"parent_education_unit": province.name,
		}
	).insert(ignore_permissions=True)
	mail = lambda who: f"{who}.{s.lower()}@e2e.test"  # noqa: E731
	p = password
	u = frappe._dict(
		principal=_user(mail("hieutruong"), ("Võ", "Thanh", "Tùng"), "School Principal", school.name, p),
		admin=_user(mail("quantri"), ("Lý", "Thu", "Hà"), "School Records Administrator", school.name, p),
		math=_user(mail("gv.toan"), ("Trần", "Thị", "Hoa"), "School Subject Teacher", school.name, p),
		math_b=_user(mail("gv.toan2"), ("Đoàn", "Văn", "Khải"), "School Subject Teacher", school.name, p),
		others=_user(mail("gv.khac"), ("Lê", "Văn", "Bảy"), "School Subject Teacher", school.name, p),
		khtn_a=_user(mail("gv.khtn1"), ("Phạm", "Minh", "Châu"), "School Subject Teacher", school.name, p),
		khtn_b=_user(mail("gv.khtn2"), ("Ngô", "Thị", "Diệu"), "School Subject Teacher", school.name, p),
		homeroom1=_user(mail("gvcn.6a1"), ("Đinh", "Văn", "Lực"), "School Homeroom Teacher", school.name, p),
		homeroom2=_user(mail("gvcn.6a2"), ("Mai", "Thị", "Nga"), "School Homeroom Teacher", school.name, p),
		head=_user(mail("totruong"), ("Bùi", "Quang", "Huy"), "School Head of Department", school.name, p),
		newcomer=_user(mail("gv.moi"), ("Hồ", "Ngọc", "Ánh"), "School Subject Teacher", school.name, p),
	)
	school.db_set("principal", u.principal)
	groups = {}
	for index, (label, size) in enumerate((("6A1", 12), ("6A2", 12), ("6A3", 12), ("6A4", 45))):
		groups[label] = _class(f"{label} ({s})", school.name, year, program, size, offset=index * 12)
	g1, st1 = groups["6A1"]
	g2, st2 = groups["6A2"]
	g3, st3 = groups["6A3"]
	g4, st4 = groups["6A4"]
	sch = school.name
	for subject in subjects_for_grade(6):
		course = courses[subject.code]
		_assign(u.math if subject.code == "TOAN" else u.others, sch, g1, "Subject Teacher", course)
		if subject.code == "KHTN":
			_assign(u.khtn_a, sch, g2, "Subject Teacher", course, finaliser=1)
			_assign(u.khtn_b, sch, g2, "Subject Teacher", course, finaliser=0)
	_assign(u.math, sch, g2, "Subject Teacher", courses["TOAN"])
	_assign(u.math_b, sch, g3, "Subject Teacher", courses["TOAN"])
	_assign(u.math, sch, g4, "Subject Teacher", courses["TOAN"])
	_assign(u.homeroom1, sch, g1, "Homeroom Teacher")
	_assign(u.homeroom2, sch, g2, "Homeroom Teacher")
	frappe.get_doc(
		{
			"doctype": "Subject Department",
			"department_name": f"Tổ Toán – Tin ({s})",
			"school": sch,
			"head_user": u.head,
			"courses": [{"course": courses[c]} for c in ("TOAN", "TIN")],
			"members": [{"user": u.math}, {"user": u.math_b}],
		}
	).insert(ignore_permissions=True)
	# 6A1: everything finalised except Toán HK1 (entered in the browser).
	for subject in subjects_for_grade(6):
		teacher = u.math if subject.code == "TOAN" else u.others
		for term in ("HK1", "HK2"):
			if (subject.code, term) != ("TOAN", "HK1"):
				_sheet(g1, courses[subject.code], term, st1, subject, teacher)
	for term in ("HK1", "HK2"):
		_conduct(g1, term, st1, u.homeroom1)
	toan = next(sub for sub in subjects_for_grade(6) if sub.code == "TOAN")
	_sheet(g3, courses["TOAN"], "HK1", st3, toan, u.math_b, finalise=False, fill=0.5)
	_sheet(g4, courses["TOAN"], "HK1", st4, toan, u.math, finalise=False, fill=0.5)
	# The lock of 6A3's Toán HK1, decided by the principal and applied by the school's admin (workflow).
	lock = apply_record_lock(
		{
			"school": sch,
			"academic_year": year,
			"applies_to": "Score Sheet",
			"student_group": g3,
			"term": "HK1",
			"decision_no": f"QĐ-{s}/KS",
			"reason": "Khóa sổ điểm học kì I để kiểm tra",
		},
		admin=u.admin,
		principal=u.principal,
	)
	issue_for_site(
		[u.math, u.math_b, u.head, u.homeroom1, u.homeroom2, u.khtn_a, u.khtn_b, u.others, u.principal]
	)
	frappe.db.commit()
	return {
		"suffix": s,
		"year": year,
		"school": sch,
		"users": dict(u),
		"classes": {label: {"group": g, "students": st} for label, (g, st) in groups.items()},
		"courses": courses,
		"newcomer_p12": _provider_p12(u.newcomer),  # registered by the newcomer in the browser
		"lock": lock,
		"lock_decision": frappe.db.get_value("Record Lock", lock, "decision_no"),
		"school_name": frappe.db.get_value("Education Unit", sch, "unit_name"),
	}


def _provider_p12(user: str) -> str:
	"""The .p12 a certificate provider would give ``user`` (the demo PKI's, test sites only), written to a
	file for the browser to upload; nothing is registered."""
	import tempfile
	from pathlib import Path

	from hoso_longan.core.signing.demo_issue import issue_demo_certificate
	from hoso_longan.services.demo_certificates import _pki, _school_name, _title
	from hoso_longan.services.names import full_name

	issued = issue_demo_certificate(
		_pki(), full_name(user), user, _title(set(frappe.get_roles(user))), _school_name(user)
	)
	path = Path(tempfile.gettempdir()) / f"hoso-e2e-{frappe.scrub(user)}.p12"
	path.write_bytes(issued.p12)
	return str(path)


def compute_year(student_group: str) -> dict:
	"""The year-end computation of a class, as the principal starts it in the desk (data set-up)."""
	from hoso_longan.services.year_end import compute_class

	names = compute_class(student_group)
	frappe.db.commit()
	return {"annual_results": len(names)}
