# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""The consolidated reports, number cards and charts on a loaded sample province (three schools: office P01
holds schools 1 and 3, office P02 school 2), read by the sample's own accounts through the calls the desk
makes (``frappe.desk.query_report.run``, its Excel/CSV export, the cards' and charts' methods).

Scoping: the Sở sees every school, an office only its own, a principal only their school, a teacher none.
Correctness: the reports' totals equal what is computed here independently: the sample's plan (classes,
students, sheet and conduct states, stages) and the TT22 engine run again on the sheets as stored (the
per-class reading of ``tests.year_end_reference``), never the reports' own SQL.
"""

from __future__ import annotations

import json
from collections import Counter

import frappe
from frappe.desk import query_report
from frappe.tests.utils import FrappeTestCase

from hoso_longan.core.assessment import assess_students
from hoso_longan.core.reports.charts import chart_label
from hoso_longan.core.sample import province as P
from hoso_longan.school_reports import dashboard
from hoso_longan.school_reports.dashboard_chart_source.digitisation_by_unit import (
	digitisation_by_unit as progress_chart,
)
from hoso_longan.school_reports.dashboard_chart_source.maths_score_distribution import (
	maths_score_distribution as maths_chart,
)
from hoso_longan.school_reports.dashboard_chart_source.year_learning_results import (
	year_learning_results as learning_chart,
)
from hoso_longan.services import sample_data
from hoso_longan.tests import year_end_reference

SCHOOLS = 3
REPORTS = {
	"Digitisation Progress": [{}, {"show": "Waiting"}, {"term": "HK1"}],
	"Learning and Conduct Results": [{}, {"period": "HK1"}, {"by": "gender"}, {"by": "ethnicity"}],
	"Score Distribution": [{}],
	"Score Changes": [{}, {"show": "By Teacher"}],
	"Data Completeness": [{}, {"show": "Subjects"}, {"show": "Certificates"}],
	"Locks and Inspections": [{"include_closed": 1}],
}
CARDS = (
	dashboard.schools,
	dashboard.students,
	dashboard.sheets_finalised,
	dashboard.class_books_signed,
	dashboard.record_pages_signed,
	dashboard.overdue,
	dashboard.students_missing_particulars,
	dashboard.locks_and_inspections,
	dashboard.waiting_for_me,
)
CHARTS = (progress_chart.get, learning_chart.get, maths_chart.get)


def run_report(name: str, filters: dict | None = None) -> dict:
	"""The call the report view makes."""
	return query_report.run(name, filters=json.dumps(filters or {}), are_default_filters=False)


def export_csv(name: str, filters: dict) -> str:
	"""The report view's Export (CSV: the same rows as the Excel file, readable here)."""
	frappe.local.form_dict = frappe._dict(
		report_name=name,
		filters=json.dumps(filters),
		file_format_type="CSV",
		visible_idx="[]",
		include_indentation=0,
	)
	frappe.local.response = frappe._dict()
	query_report.export_query()
	content = frappe.local.response.get("filecontent") or b""
	return content.decode("utf-8-sig") if isinstance(content, bytes) else str(content)


def rows_of(result: dict) -> list[dict]:
	return [row for row in result["result"] if isinstance(row, dict)]


def forget_cached_figures(user: str) -> None:
	frappe.cache.delete_keys(f"hoso_dashboard:{user}:")


_loaded: dict = {}


def setUpModule():
	"""One sample for every class of this module (loading it takes a minute)."""
	frappe.set_user("Administrator")
	if sample_data.sample_status().get("loaded"):
		sample_data.remove_sample(publish=False)
	_loaded["load"] = sample_data.load_sample(SCHOOLS, publish=False)


def tearDownModule():
	frappe.set_user("Administrator")
	if _loaded.pop("load", None):
		sample_data.remove_sample(publish=False)


class SampleCase(FrappeTestCase):
	"""The sample's plan, its offices, schools and readers."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.plan = P.province_plan(SCHOOLS)
		cls.year = cls.plan.academic_year
		cls.school_plans = {school.unit.code: school for school in cls.plan.iter_schools()}
		office_of = {unit.code: unit.parent for unit in cls.plan.school_units}
		cls.office_a, cls.office_b = (unit.code for unit in cls.plan.offices)
		cls.schools_a = sorted(code for code, office in office_of.items() if office == cls.office_a)
		cls.schools_b = sorted(code for code, office in office_of.items() if office == cls.office_b)
		cls.province_user = cls.plan.province_staff.email
		cls.office_a_user = cls.plan.office_staff[0].email
		cls.office_b_user = cls.plan.office_staff[1].email
		school_one = cls.school_plans[P.school_code(1)]
		cls.principal = school_one.principal.email
		cls.teacher = next(p.email for p in school_one.teachers if p.profile == P.SUBJECT_TEACHER)

	def tearDown(self):
		frappe.set_user("Administrator")

	def as_user(self, user: str) -> None:
		frappe.set_user(user)
		forget_cached_figures(user)

	def classes_of(self, schools: list[str]) -> list[str]:
		return frappe.get_all(
			"Student Group",
			filters={"hoso_school": ["in", schools], "academic_year": self.year},
			pluck="name",
		)

	def units_of(self, office: str) -> list[str]:
		bounds = frappe.db.get_value("Education Unit", office, ["lft", "rgt"], as_dict=True)
		return frappe.get_all(
			"Education Unit", filters={"lft": [">=", bounds.lft], "rgt": ["<=", bounds.rgt]}, pluck="name"
		)


class TestReportScoping(SampleCase):
	def forbidden_marks(self, schools: list[str]) -> set[str]:
		"""What may not appear anywhere in a reader's output: the codes and names of those schools."""
		marks = set(schools)
		marks |= {self.school_plans[code].unit.name for code in schools}
		return marks

	def assert_shows_none_of(self, text: str, marks: set[str], where: str) -> None:
		for mark in marks:
			self.assertNotIn(mark, text, f"{where}: shows {mark}")

	def test_an_office_sees_only_its_schools_in_every_report_view_and_export(self):
		self.as_user(self.office_a_user)
		marks = self.forbidden_marks(self.schools_b) | {self.office_b}
		for name, variants in REPORTS.items():
			for filters in variants:
				for view in ("", "Schools", "Classes"):
					asked = {**filters, "view": view} if view else filters
					result = run_report(name, asked)
					text = frappe.as_json(result)
					self.assert_shows_none_of(text, marks, f"{name} {asked}")
				self.assert_shows_none_of(export_csv(name, filters), marks, f"export of {name} {filters}")
		progress = rows_of(run_report("Digitisation Progress", {"view": "Schools"}))
		self.assertEqual(sorted(row["unit"] for row in progress), self.schools_a)

	def test_an_office_cannot_ask_for_another_offices_unit_school_or_class(self):
		self.as_user(self.office_a_user)
		other_class = self.classes_of(self.schools_b)[0]
		for asked in (
			{"education_unit": self.office_b},
			{"education_unit": self.schools_b[0]},
			{"education_unit": P.PROVINCE_CODE},
			{"student_group": other_class},
		):
			for name in REPORTS:
				with self.assertRaises(frappe.PermissionError, msg=f"{name} {asked}"):
					run_report(name, asked)
			with self.assertRaises(frappe.PermissionError, msg=f"export {asked}"):
				export_csv("Digitisation Progress", asked)

	def test_drill_down_stays_inside_the_office(self):
		self.as_user(self.office_a_user)
		top = rows_of(run_report("Digitisation Progress"))
		self.assertEqual(sorted(row["unit"] for row in top), self.schools_a)
		school = json.loads(top[0]["drill"])
		grades = rows_of(run_report("Digitisation Progress", school))
		self.assertTrue(grades)
		grade = json.loads(grades[0]["drill"])
		classes = rows_of(run_report("Digitisation Progress", {**school, **grade}))
		allowed = set(self.classes_of(self.schools_a))
		self.assertTrue(classes)
		for row in classes:
			self.assertIn(row["student_group"], allowed)
			detail = json.loads(row["drill"])
			waiting = rows_of(run_report("Digitisation Progress", {**school, **detail, "show": "Waiting"}))
			self.assertTrue(all(item["school"] == top[0]["unit"] for item in waiting))

	def test_cards_and_charts_count_only_the_readers_schools(self):
		both = {}
		for user, schools in ((self.office_a_user, self.schools_a), (self.office_b_user, self.schools_b)):
			self.as_user(user)
			self.assertEqual(dashboard.schools()["value"], len(schools))
			expected_students = sum(self.school_plans[code].students for code in schools)
			self.assertEqual(dashboard.students()["value"], expected_students)
			both[user] = expected_students
			chart = progress_chart.get()
			# each school by its own name, without the word "Trường" (chart_label)
			names = {chart_label(self.school_plans[code].unit.name) for code in schools}
			self.assertEqual(set(chart["labels"]), names)
			learning = learning_chart.get()
			self.assertEqual(
				sum(learning["datasets"][0]["values"]),
				frappe.db.count(
					"Annual Result",
					{"school": ["in", schools], "academic_year": self.year, "learning_year": ["is", "set"]},
				),
			)
		self.as_user(self.province_user)
		self.assertEqual(dashboard.schools()["value"], SCHOOLS)
		self.assertEqual(dashboard.students()["value"], sum(both.values()))

	def test_a_principal_sees_only_their_school(self):
		self.as_user(self.principal)
		own = P.school_code(1)
		others = [code for code in self.school_plans if code != own]
		marks = self.forbidden_marks(others) | {self.office_b}
		for name, variants in REPORTS.items():
			for filters in variants:
				self.assert_shows_none_of(frappe.as_json(run_report(name, filters)), marks, name)
		progress = rows_of(run_report("Digitisation Progress"))
		self.assertEqual({row["unit"] for row in progress}, {own})  # one row per grade of the school
		self.assertEqual(dashboard.schools()["value"], 1)
		for asked in ({"education_unit": others[0]}, {"education_unit": self.office_a}):
			with self.assertRaises(frappe.PermissionError):
				run_report("Learning and Conduct Results", asked)

	def test_a_teacher_opens_no_report_card_chart_or_export(self):
		self.as_user(self.teacher)
		for name in REPORTS:
			with self.assertRaises(frappe.PermissionError, msg=name):
				run_report(name)
			with self.assertRaises(frappe.PermissionError, msg=f"export {name}"):
				export_csv(name, {})
		for card in CARDS:
			with self.assertRaises(frappe.PermissionError, msg=card.__name__):
				card()
		for chart in CHARTS:
			with self.assertRaises(frappe.PermissionError, msg=chart.__module__):
				chart()


class TestReportFigures(SampleCase):
	def engine_results(self, schools: list[str]) -> list[dict]:
		"""The engine run again on every class with year results, from the sheets as stored."""
		results = []
		for group in frappe.get_all(
			"Annual Result",
			filters={"school": ["in", schools], "academic_year": self.year},
			pluck="student_group",
			distinct=True,
		):
			results += assess_students(year_end_reference.build_inputs(group))
		return results

	def test_digitisation_progress_equals_the_plan_of_each_school(self):
		self.as_user(self.province_user)
		rows = {row["unit"]: row for row in rows_of(run_report("Digitisation Progress", {"view": "Schools"}))}
		self.assertEqual(set(rows), set(self.school_plans))
		for code, school in self.school_plans.items():
			row = rows[code]
			classes = school.classes
			finalised = sum(
				1
				for cls in classes
				for (_code, _term), state in cls.sheet_states.items()
				if state == "finalised"
			)
			conduct = sum(
				1 for cls in classes for state in cls.conduct_states.values() if state == "finalised"
			)
			self.assertEqual(row["classes"], len(classes), code)
			self.assertEqual(row["pages_expected"], school.students, code)
			self.assertEqual(row["sheets_finalised"], finalised, code)
			self.assertEqual(row["conduct_finalised"], conduct, code)
			self.assertEqual(row["conduct_expected"], 2 * len(classes), code)
			self.assertEqual(row["books_computed"], sum(1 for cls in classes if cls.computed), code)
			self.assertEqual(
				row["books_signed"],
				sum(1 for cls in classes if cls.stage in (P.APPROVED, P.LOCKED)),
				code,
			)
		offices = rows_of(run_report("Digitisation Progress"))
		self.assertEqual({row["unit"] for row in offices}, {self.office_a, self.office_b})
		for row in offices:
			below = self.schools_a if row["unit"] == self.office_a else self.schools_b
			self.assertEqual(row["classes"], sum(rows[code]["classes"] for code in below))
			self.assertEqual(row["sheets_finalised"], sum(rows[code]["sheets_finalised"] for code in below))

	def test_learning_and_conduct_results_equal_the_engines_results(self):
		self.as_user(self.province_user)
		rows = {
			row["unit"]: row
			for row in rows_of(run_report("Learning and Conduct Results", {"view": "Schools"}))
		}
		slugs = {"Tốt": "tot", "Khá": "kha", "Đạt": "dat", "Chưa đạt": "cd"}
		for code in self.school_plans:
			results = self.engine_results([code])
			row = rows[code]
			self.assertEqual(row["students"], len(results), code)
			self.assertEqual(
				row["students"],
				sum(len(cls.students) for cls in self.school_plans[code].classes if cls.computed),
				code,
			)
			learning = Counter(result["learning"].get("CN") for result in results)
			conduct = Counter(result["conduct"].get("CN") for result in results)
			outcomes = Counter(result.get("outcome") for result in results)
			for level, slug in slugs.items():
				self.assertEqual(row[f"l_{slug}"], learning[level], f"{code} KQHT {level}")
				self.assertEqual(row[f"c_{slug}"], conduct[level], f"{code} KQRL {level}")
			self.assertEqual(row["promoted"], outcomes["promoted"], code)
			self.assertEqual(row["retained"], outcomes["retained"], code)
			if row["students"]:
				self.assertAlmostEqual(row["l_tot_pct"], round(100 * learning["Tốt"] / len(results), 1))
		by_gender = rows_of(run_report("Learning and Conduct Results", {"by": "gender"}))
		self.assertEqual(sum(row["students"] for row in by_gender), sum(r["students"] for r in rows.values()))

	def test_score_distribution_counts_every_year_average_of_maths(self):
		self.as_user(self.office_a_user)
		result = run_report("Score Distribution", {"subject": "TOAN", "view": "Schools"})
		shown = sum(row.get("students") or row.get("count") or 0 for row in rows_of(result))
		expected = sum(
			1
			for result in self.engine_results(self.schools_a)
			if result["subjects"].get("TOAN", {}).get("CN") not in (None, "")
		)
		self.assertEqual(shown, expected)

	def test_score_changes_list_every_amended_cell_with_its_reason(self):
		self.as_user(self.province_user)
		rows = rows_of(run_report("Score Changes"))
		expected = sum(
			len(amendment.changes)
			for school in self.school_plans.values()
			for cls in school.classes
			for amendment in cls.amendments
		)
		self.assertEqual(len(rows), expected)
		self.assertTrue(all(row.get("reason") for row in rows))

	def test_data_completeness_counts_students_missing_particulars(self):
		self.as_user(self.principal)
		school = self.school_plans[P.school_code(1)]
		missing = sum(
			1
			for cls in school.classes
			for s in cls.students
			if None in (s.moet_id, s.birth_date, s.birth_place, s.ethnicity) or s.guardian is None
		)
		self.assertEqual(dashboard.students_missing_particulars()["value"], missing)

	def test_filters_narrow_and_an_empty_year_says_so(self):
		self.as_user(self.province_user)
		all_grades = rows_of(run_report("Digitisation Progress", {"education_unit": P.school_code(1)}))
		grade = all_grades[0]["key"]
		one_grade = rows_of(
			run_report(
				"Digitisation Progress",
				{"education_unit": P.school_code(1), "grade": grade, "view": "Grades"},
			)
		)
		self.assertEqual([row["key"] for row in one_grade], [grade])
		self.assertEqual(one_grade[0]["classes"], all_grades[0]["classes"])
		term = rows_of(run_report("Digitisation Progress", {"term": "HK1", "view": "Schools"}))
		year = rows_of(run_report("Digitisation Progress", {"view": "Schools"}))
		self.assertEqual(
			sum(r["conduct_expected"] for r in term) * 2, sum(r["conduct_expected"] for r in year)
		)
		empty_year = frappe.get_doc(
			{
				"doctype": "Academic Year",
				"academic_year_name": "2099-2100",
				"year_start_date": "2099-09-05",
				"year_end_date": "2100-05-31",
			}
		).insert(ignore_permissions=True)
		try:
			for name in ("Digitisation Progress", "Learning and Conduct Results"):
				result = run_report(name, {"academic_year": empty_year.name})
				self.assertTrue(result.get("message"), name)
				self.assertFalse(
					[row for row in rows_of(result) if row.get("classes") or row.get("students")]
				)
		finally:
			frappe.set_user("Administrator")
			frappe.delete_doc("Academic Year", empty_year.name, force=True)


EXACT_TABLES = (
	"tabStudent",
	"tabStudent Group",
	"tabStudent Group Student",
	"tabUser",
	"tabHas Role",
	"tabUser Permission",
	"tabEducation Unit",
	"tabInstructor",
	"tabGuardian",
	"tabScore Sheet",
	"tabScore Sheet Row",
	"tabConduct Assessment",
	"tabAnnual Result",
	"tabClass Assessment Book",
	"tabStudent Record Book Page",
	"tabSignature Record",
	"tabVersion",
	"tabTeaching Assignment",
	"tabStudent Attendance",
	"tabRecord Lock",
	"tabInspection Window",
	"tabRecords Deadline",
	"tabLesson Plan",
	"tabEducation Plan",
	"tabAcademic Year",
	"tabProgram",
	"tabCourse",
	"tabSample Data Load",
	"__Auth",
)


def exact_counts() -> dict[str, int]:
	return {table: frappe.db.sql(f"select count(*) from `{table}`")[0][0] for table in EXACT_TABLES}


def fingerprint() -> dict:
	"""What a load wrote, by content: students, classes, results, sheets, accounts."""
	return {
		"students": frappe.db.sql(
			"""select name, first_name, middle_name, last_name, date_of_birth, gender, hoso_school
			from tabStudent where hoso_school like 'MAU-%%' order by name"""
		),
		"classes": frappe.db.sql(
			"""select sg.name, sg.hoso_school, count(sgs.name) from `tabStudent Group` sg
			join `tabStudent Group Student` sgs on sgs.parent = sg.name
			where sg.hoso_school like 'MAU-%%' group by sg.name order by sg.name"""
		),
		"results": frappe.db.sql(
			"""select student, learning_year, conduct_year, outcome, award, outcome_after_summer
			from `tabAnnual Result` where school like 'MAU-%%' order by student"""
		),
		"scores": frappe.db.sql(
			"""select s.student_group, s.subject_code, s.term, s.docstatus, r.student, r.tx1, r.tx2, r.gk, r.ck
			from `tabScore Sheet` s join `tabScore Sheet Row` r on r.parent = s.name
			where s.school like 'MAU-%%'
			order by s.student_group, s.subject_code, s.term, s.docstatus, r.student"""
		),
		"books": frappe.db.sql(
			"""select student_group, workflow_state, docstatus from `tabClass Assessment Book`
			where school like 'MAU-%%' order by student_group"""
		),
		"users": frappe.db.sql(
			f"""select name, first_name, middle_name, last_name, role_profile_name from tabUser
			where name like '%%@{P.SAMPLE_DOMAIN}' order by name"""
		),
	}


class TestSampleAsSaved(SampleCase):
	def test_a_loaded_sheet_saved_unchanged_shows_no_change_in_its_activity(self):
		"""The loader stores cells as a save does: a teacher's first save of a loaded draft sheet lists no
		empty cell as changed ("TX5 từ … thành …" on every row, seen in the journey's screenshots)."""
		sheet = frappe.get_all(
			"Score Sheet",
			filters={"school": P.school_code(1), "academic_year": self.year, "workflow_state": "Draft"},
			pluck="name",
			limit=1,
		)[0]
		versions = frappe.db.count("Version", {"ref_doctype": "Score Sheet", "docname": sheet})
		frappe.get_doc("Score Sheet", sheet).save()
		self.assertEqual(
			frappe.db.count("Version", {"ref_doctype": "Score Sheet", "docname": sheet}), versions
		)


class TestSampleLoader(FrappeTestCase):
	"""One school, loaded twice: the same rows each time, and removal leaves the site as it was."""

	def test_loading_is_deterministic_and_removal_leaves_the_site_as_before(self):
		frappe.set_user("Administrator")
		if sample_data.sample_status().get("loaded"):
			sample_data.remove_sample(publish=False)
			_loaded.pop("load", None)
		before = exact_counts()
		first = sample_data.load_sample(1, publish=False)
		self.assertTrue(first.students > 0)
		loaded = exact_counts()
		self.assertGreater(loaded["tabStudent"], before["tabStudent"])
		print_first = fingerprint()
		with self.assertRaises(sample_data.SampleLoaded):
			sample_data.load_sample(1, publish=False)
		sample_data.remove_sample(publish=False)
		self.assertEqual(exact_counts(), before)
		self.assertFalse(frappe.db.exists("Education Unit", P.PROVINCE_CODE))
		second = sample_data.load_sample(1, publish=False)
		try:
			self.assertEqual(second.students, first.students)
			print_second = fingerprint()
			for key in print_first:
				self.assertEqual(print_first[key], print_second[key], key)
		finally:
			sample_data.remove_sample(publish=False)
		self.assertEqual(exact_counts(), before)
