"""Data set-up for the browser tests (``bench --site SITE execute hoso_longan.tests.e2e_fixtures.…``).

Only what an office or the installer provides before a school administrator starts: the unit tree, the
school year, the grades and subjects of the catalogue, and the administrator's account with the app's
Role Profile and a User Permission on the school. Everything the administrator does then goes through the
browser. Each call makes a new school (its code carries ``suffix``), so a run never meets an earlier one.
"""

from __future__ import annotations

import frappe

from hoso_longan.core.assessment.catalogue import subjects_for_grade
from hoso_longan.tests.factories import insert_user

YEAR = "2025-2026"


def _ensure(doctype: str, filters: dict, values: dict) -> str:
	name = frappe.db.get_value(doctype, filters)
	if name:
		return name
	return frappe.get_doc({"doctype": doctype, **filters, **values}).insert(ignore_permissions=True).name


def _catalogue() -> None:
	"""Programs of grades 6-9 and the THCS subjects (the catalogue install creates them where it exists)."""
	for grade in range(6, 10):
		if not frappe.db.exists("Program", {"hoso_grade": grade}):
			frappe.get_doc(
				{"doctype": "Program", "program_name": f"Khối {grade}", "hoso_grade": grade}
			).insert(ignore_permissions=True)
	for subject in subjects_for_grade(6):
		if not frappe.db.exists("Course", {"hoso_subject_code": subject.code}) and not frappe.db.exists(
			"Course", subject.name
		):
			frappe.get_doc(
				{"doctype": "Course", "course_name": subject.name, "hoso_subject_code": subject.code}
			).insert(ignore_permissions=True)


def _complete_setup_wizard() -> None:
	"""What the site's System Manager does first on a fresh site: Frappe's and ERPNext's setup wizard (the
	desk sends every other user to it until it is complete), for a Vietnamese education office."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	result = setup_complete(
		{
			"language": frappe.db.get_value("Language", "vi", "language_name") or "Tiếng Việt",
			"country": "Vietnam",
			"timezone": "Asia/Ho_Chi_Minh",
			"currency": "VND",
			"company_name": "Sở GD&ĐT (thử nghiệm)",
			"company_abbr": "SGD",
			"chart_of_accounts": "Standard",
			"fy_start_date": "2025-01-01",
			"fy_end_date": "2025-12-31",
			"setup_demo": 0,
		}
	)
	if (result or {}).get("status") != "ok" or not frappe.db.get_single_value(
		"System Settings", "setup_complete"
	):
		frappe.throw(f"The setup wizard did not complete: {result}")


def roster_school(suffix: str) -> dict:
	"""A THCS school under a province office, the school year 2025-2026 as current, and the school's
	records administrator (School Records Administrator profile, scoped to the school)."""
	_complete_setup_wizard()
	_ensure(
		"Academic Year",
		{"academic_year_name": YEAR},
		{"year_start_date": "2025-09-05", "year_end_date": "2026-05-31"},
	)
	if not frappe.db.get_single_value("Education Settings", "current_academic_year"):
		frappe.db.set_single_value("Education Settings", "current_academic_year", YEAR)
	_catalogue()
	province = _ensure(
		"Education Unit",
		{"unit_code": "SO-E2E"},
		{"unit_name": "Sở GD&ĐT (thử nghiệm)", "unit_type": "Province Department"},
	)
	school = _ensure(
		"Education Unit",
		{"unit_code": f"THCS-E2E-{suffix}"},
		{
			"unit_name": f"Trường THCS Nguyễn Du ({suffix})",
			"unit_type": "School",
			"school_level": "THCS",
			"parent_education_unit": province,
		},
	)
	admin = f"quantri-{suffix.lower()}@truong.test"
	if not frappe.db.exists("User", admin):
		insert_user(
			{
				"email": admin,
				"first_name": "Phạm",
				"middle_name": "Thị",
				"last_name": "Quản",
				"role_profile_name": "School Records Administrator",
			}
		)
	_ensure(
		"User Permission",
		{"user": admin, "allow": "Education Unit", "for_value": school},
		{"apply_to_all_doctypes": 1},
	)
	frappe.db.commit()
	return {"school": school, "year": YEAR, "admin": admin}


def sample_journey(password: str) -> dict:
	"""After an administrator loaded the one-school sample from the desk: the accounts the browser journey
	logs in with (a password set for each, test sites only) and the journey class (school 1, its first
	class: Toán of term II left in draft and no conduct of term II)."""
	if not frappe.conf.get("allow_tests"):
		frappe.throw("The browser journey's accounts are only given passwords on a test site (allow_tests).")
	import json

	from frappe.utils.password import update_password

	record = frappe.get_last_doc("Sample Data Load", filters={"status": "Loaded"})
	accounts = json.loads(record.accounts or "[]")
	for account in accounts:
		update_password(account["email"], password)
	school = next(account["unit"] for account in accounts if account["key"] == "principal")
	journey = frappe.get_all(
		"Student Group",
		filters={"hoso_school": school},
		pluck="name",
		order_by="name asc",
		limit=1,
	)[0]
	teachers = sorted(
		set(
			frappe.get_all(
				"Teaching Assignment",
				filters={"student_group": journey, "assignment_type": "Subject Teacher"},
				pluck="user",
			)
		)
	)
	for teacher in teachers:
		update_password(teacher, password)
	frappe.db.commit()
	return {
		"teachers": teachers,
		"accounts": accounts,
		"school": school,
		"school_name": frappe.db.get_value("Education Unit", school, "unit_name"),
		"journey": journey,
		"academic_year": record.academic_year,
	}


def sample_readers(password: str) -> dict:
	"""The readers of the consolidated reports on the site's sample province (loaded here with two schools
	when the site has none): the Sở's and each office's staff, a principal and a subject teacher of school 1,
	with ``password`` (a test site), and the schools each office holds."""
	from frappe.utils.password import update_password

	from hoso_longan.core.sample import province as P
	from hoso_longan.services import sample_data

	_complete_setup_wizard()
	status = sample_data.sample_status()
	if not status.get("loaded"):
		sample_data.load_sample(2, password=password, publish=False)
		status = sample_data.sample_status()
	plan = P.province_plan(int(status["schools"]))
	school = plan.school(1)
	readers = {
		"province": plan.province_staff.email,
		"office_a": plan.office_staff[0].email,
		"office_b": plan.office_staff[1].email if len(plan.office_staff) > 1 else None,
		"principal": school.principal.email,
		"teacher": next(p.email for p in school.teachers if p.profile == P.SUBJECT_TEACHER),
	}
	for user in filter(None, readers.values()):
		update_password(user, password)
	frappe.db.commit()
	units = {unit.code: unit for unit in plan.units}
	return {
		**readers,
		"province_name": plan.province.name,
		"offices": {
			office.code: {
				"name": office.name,
				"schools": [s.name for s in plan.school_units if s.parent == office.code],
			}
			for office in plan.offices
		},
		"school_1": units[P.school_code(1)].name,
		"office_of_school_1": units[units[P.school_code(1)].parent].name,
	}
