"""Every consolidated report's output and every workspace figure, dumped to JSON, to prove that a change made
for speed changed no result (needs a bench and a site with a sample province loaded; not run by
``python -m benchmarks``).

	cd /work/bench/sites && ../env/bin/python /path/to/benchmarks/report_outputs.py dump SITE before.json
	(change the code) … dump SITE after.json
	../env/bin/python /path/to/benchmarks/report_outputs.py compare before.json after.json

The readers are those of ``bench_reports.py`` (the Sở's staff, the first office's staff, the principal of
school 1). Each report runs through ``frappe.desk.query_report.run`` with its filters, each view, and a unit,
a grade and two classes of the reader's scope (plus two offices, which an office or a principal is refused:
the refusal is part of the output); then the nine number cards and three charts. Outputs are compared as
JSON with sorted keys, rows in the order the report gives them.
"""

from __future__ import annotations

import json
import sys

REPORTS = {
	"Digitisation Progress": [{}, {"show": "Waiting"}, {"term": "HK1"}, {"show": "Waiting", "term": "HK2"}],
	"Learning and Conduct Results": [
		{},
		{"period": "HK1"},
		{"period": "HK2"},
		{"by": "gender"},
		{"by": "ethnicity"},
	],
	"Score Distribution": [{"subject": "TOAN"}, {"subject": "NGUVAN", "period": "HK1"}, {"subject": "GDTC"}],
	"Score Changes": [{}, {"show": "By Teacher"}, {"term": "HK2"}, {"subject": "RL"}, {"subject": "TOAN"}],
	"Data Completeness": [{}, {"show": "Subjects"}, {"show": "Certificates"}],
	"Locks and Inspections": [{}, {"include_closed": 1}],
}
VIEWS = [{"view": view} for view in ("Units", "Schools", "Grades", "Classes")]


def _questions(frappe) -> list[dict]:
	"""A school of the reader's scope (and a grade, its classes view and two of its classes), grade 6
	everywhere, and the first two offices of the province (found by SQL, not by the reports' code)."""
	from hoso_longan.school_reports.scope import reader_scope

	schools = sorted(school.name for school in reader_scope().schools)
	school = schools[len(schools) // 2]
	offices = [
		name
		for (name,) in frappe.db.sql(
			"""select name from `tabEducation Unit` where unit_type != 'School'
			and ifnull(parent_education_unit, '') != '' order by name limit 2"""
		)
	]
	classes = [
		name
		for (name,) in frappe.db.sql(
			"""select sg.name from `tabStudent Group` sg join `tabAcademic Year` ay on ay.name = sg.academic_year
			where sg.hoso_school = %s order by ay.year_start_date desc, sg.name""",
			school,
		)
	]
	questions = [
		{"education_unit": school},
		{"education_unit": school, "grade": "7"},
		{"education_unit": school, "view": "Classes"},
		{"grade": "6"},
		*({"education_unit": office} for office in offices),
	]
	if classes:
		questions += [{"student_group": classes[0]}, {"student_group": classes[len(classes) // 2]}]
	return questions


def _plain(value) -> object:
	return json.loads(json.dumps(value, default=str, sort_keys=True))


def dump(site: str, path: str) -> None:
	import frappe
	from frappe.desk import query_report

	frappe.init(site, sites_path=".")
	frappe.connect()
	from hoso_longan.core.sample import province as P
	from hoso_longan.school_reports import dashboard
	from hoso_longan.services import sample_data

	plan = P.province_plan(int(sample_data.sample_status()["schools"]))
	readers = {
		"Sở": plan.province_staff.email,
		"office": plan.office_staff[0].email,
		"principal": plan.school(1).principal.email,
	}
	outputs = {}
	try:
		for reader, user in readers.items():
			frappe.set_user(user)
			questions = [{}, *VIEWS, *_questions(frappe)]
			for report, variants in REPORTS.items():
				for filters in ({**variant, **question} for variant in variants for question in questions):
					key = f"{reader}|{report}|{json.dumps(filters, sort_keys=True, ensure_ascii=False)}"
					try:
						result = query_report.run(
							report, filters=json.dumps(filters), are_default_filters=False
						)
						output = {k: result.get(k) for k in ("columns", "result", "message", "chart")}
					except frappe.PermissionError as error:
						frappe.clear_messages()
						output = {"refused": str(error)}
					outputs[key] = _plain(output)
			for figure in (*dashboard.NUMBER_CARDS, *dashboard.CHARTS):
				frappe.cache.delete_keys(f"hoso_dashboard:{user}:")
				outputs[f"{reader}|figure|{figure}"] = _plain(getattr(dashboard, figure)())
	finally:
		frappe.set_user("Administrator")
		frappe.destroy()
	with open(path, "w") as file:
		json.dump(outputs, file, sort_keys=True, ensure_ascii=False, indent=0)
	print(f"{len(outputs)} outputs written to {path}")


def compare(before: str, after: str) -> int:
	with open(before) as file:
		old = json.load(file)
	with open(after) as file:
		new = json.load(file)
	differ = [key for key in sorted(old.keys() & new.keys()) if old[key] != new[key]]
	for key in differ:
		rows_old, rows_new = old[key].get("result"), new[key].get("result")
		same_rows = isinstance(rows_old, list) and sorted(map(json.dumps, rows_old)) == sorted(
			map(json.dumps, rows_new or [])
		)
		print(f"differs: {key}" + (" (same rows in another order)" if same_rows else ""))
	print(
		f"{len(old.keys() & new.keys())} outputs compared, {len(differ)} differ; "
		f"only before: {len(old.keys() - new.keys())}, only after: {len(new.keys() - old.keys())}"
	)
	return 1 if differ or old.keys() != new.keys() else 0


if __name__ == "__main__":
	command, *arguments = sys.argv[1:]
	if command == "dump":
		dump(*arguments)
	else:
		sys.exit(compare(*arguments))
