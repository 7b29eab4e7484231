"""The Frappe artefacts of hoso_longan pass the framework-free validator (runs in CI without frappe)."""

import json

from tests.frappe_artefacts import validator


def test_every_artefact_is_valid():
	report = validator.validate()
	assert report.problems == []
	assert report.checked["doctype"] >= 20 and report.checked["workflow"] == 7
	assert report.checked["print format"] >= 4


def test_validator_catches_a_bad_link_and_an_unknown_role(tmp_path):
	data = json.loads(validator.app_doctype_files()[0].read_text(encoding="utf-8"))
	data["fields"].append({"fieldname": "bogus", "fieldtype": "Link", "options": "No Such DocType"})
	data["field_order"].append("bogus")
	data["permissions"].append({"role": "No Such Role", "read": 1})
	report = validator.Report()
	doctypes = validator.all_doctypes(validator.load_app_doctypes())
	validator.check_doctype(validator.app_doctype_files()[0], data, doctypes, validator.all_roles(), report)
	assert any("No Such DocType" in p for p in report.problems)
	assert any("No Such Role" in p for p in report.problems)


def test_validator_catches_an_illegal_workflow_docstatus_move():
	workflows = sorted((validator.APP / "workflow").glob("*.json"))
	data = json.loads(workflows[0].read_text(encoding="utf-8"))
	data["transitions"].append(
		{
			"state": data["states"][-1]["state"],
			"action": "Back",
			"next_state": data["states"][0]["state"],
			"allowed": "Principal",
		}
	)
	report = validator.Report()
	validator.check_workflow(workflows[0], data, validator.load_app_doctypes(), validator.all_roles(), report)
	assert any("is not allowed" in p for p in report.problems)


def test_tests_folder_never_imports_frappe():
	for path in validator.REPO.joinpath("tests").rglob("*.py"):
		text = path.read_text(encoding="utf-8")
		assert "import frappe" not in text.replace('"import frappe"', ""), path


def test_validator_catches_a_print_format_on_a_missing_field():
	path = validator.app_print_format_files()[0]
	data = json.loads(path.read_text(encoding="utf-8"))
	data["html"] += "{{ doc.no_such_field }}{% if %}"
	report = validator.Report()
	validator.check_print_format(path, data, validator.load_app_doctypes(), report)
	assert any("doc.no_such_field" in p or "not valid Jinja" in p for p in report.problems)
	data["html"] = "{{ doc.no_such_field }}"
	report = validator.Report()
	validator.check_print_format(path, data, validator.load_app_doctypes(), report)
	assert any("doc.no_such_field" in p for p in report.problems)
