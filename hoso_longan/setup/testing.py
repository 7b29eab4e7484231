"""``before_tests`` hook: what ``bench run-tests --app hoso_longan`` needs on a freshly installed site.

- Education's own test records for Academic Year ("2014-2015" …) and Academic Term carry no dates, which this version of
  Education requires; Frappe's runner creates them whenever a tested doctype links to Academic Year, and the run
  dies with a MandatoryError. They are created here first, with dates read from their names.
- Roles, custom fields and workflows are (re)applied, in case the site was migrated without them.
- Frappe refuses a 61st new user within a minute ("Throttled", against sign-up floods); every test class makes
  its own users, and a whole run makes more than that: the limit is raised for the test process only.
- The site has finished the setup wizard, as the README asks (its Company's holiday list is read when a
  homeroom teacher records absences).
- A test module beside a doctype must list Education/ERPNext masters in ``test_ignore`` (as
  test_score_sheet.py does), or the runner walks links into ERPNext's test records.
Our own tests build everything else with the factories of ``hoso_longan.tests.factories``.
"""

from __future__ import annotations

import frappe

from hoso_longan.setup.install import setup


def before_tests():
	frappe.clear_cache()
	setup()
	years = {}
	for record in frappe.get_test_records("Academic Year") or []:
		name = record.get("academic_year_name") or ""
		start, _, end = name.partition("-")
		if not (start.isdigit() and end.isdigit()):
			continue
		years[name] = (f"{start}-09-01", f"{end}-05-31")
		_insert({**record, "year_start_date": years[name][0], "year_end_date": years[name][1]})
	for record in frappe.get_test_records("Academic Term") or []:
		if record.get("academic_year") in years:
			start, end = years[record["academic_year"]]
			_insert({**record, "term_start_date": start, "term_end_date": end})
	frappe.db.set_single_value("Education Settings", "user_creation_skip", 1)
	frappe.db.commit()


def _insert(record: dict) -> None:
	doc = frappe.get_doc({k: v for k, v in record.items() if not k.startswith("__")})
	doc.set_new_name()
	if not frappe.db.exists(doc.doctype, doc.name):
		doc.insert(ignore_permissions=True)
