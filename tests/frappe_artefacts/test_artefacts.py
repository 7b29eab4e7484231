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


def test_validator_catches_an_app_word_that_replaces_frappes_own():
	from tests.frappe_artefacts.generate_known import digest

	words = {"In": "Trong", "Next": "Tiếp theo", "Student": "Sinh viên", "Save": "Lưu"}
	theirs = {digest(text): digest(vi) for text, vi in words.items()}
	rows = [
		["In", "Chuyển đến"],  # the list filter "In" would read "Chuyển đến" on every page
		["Next", "Việc cần làm tiếp", ""],
		["In", "Chuyển đến", "Student Transfer"],  # a context keeps it to that doctype
		["Save", "Lưu"],  # the same word: no change
		["Student", "Học sinh"],  # school vocabulary, on purpose
		["Sổ điểm", "Sổ điểm"],  # not one of Frappe's words
	]
	found = validator.site_wide_overrides(rows, theirs, frozenset({"Student"}))
	assert found == [("In", "…", "Chuyển đến"), ("Next", "…", "Việc cần làm tiếp")]


def test_frappes_vietnamese_words_are_known():
	# The site-wide check is only as good as its list: Frappe's and ERPNext's words are in it.
	from tests.frappe_artefacts.generate_known import digest

	words = validator.KNOWN["vi_words"]
	assert (
		digest("In") in words and digest("Next") in words and words[digest("Student")] == digest("Sinh viên")
	)
	assert "Student" in validator.SCHOOL_WORDS and "In" not in validator.SCHOOL_WORDS


def test_validator_catches_a_bundle_named_like_frappes():
	folder = validator.APP / "public" / "js"
	report = validator.Report()
	# desk.bundle.js is what replaced Frappe's desk in session 4
	validator.check_bundles([folder / "desk.bundle.js", folder / "hoso_desk.bundle.js"], report)
	assert len(report.problems) == 1 and "desk.bundle.js is the name" in report.problems[0]
	assert validator.validate().checked["bundle"] >= 1
