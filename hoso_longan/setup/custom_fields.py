"""Fields this app adds to Education's masters, created in code at install and migrate (never in their JSON).

All fieldnames start with ``hoso_`` so they cannot collide with a future Education field.
"""

from __future__ import annotations

from hoso_longan.core.assessment.catalogue import subjects_for_grade


def subject_codes() -> list[str]:
	"""Every subject code of CT GDPT 2018, grades 6-12, in catalogue order."""
	codes: list[str] = []
	for grade in range(6, 13):
		for subject in subjects_for_grade(grade, include_optional=True):
			if subject.code not in codes:
				codes.append(subject.code)
	return codes


def custom_fields() -> dict[str, list[dict]]:
	return {
		"Student": [
			dict(
				fieldname="hoso_section",
				fieldtype="Section Break",
				label="Student Record Book (Học bạ)",
				insert_after="reason_for_leaving",
				collapsible=1,
			),
			dict(
				fieldname="hoso_moet_id",
				fieldtype="Data",
				label="MOET Student ID",
				insert_after="hoso_section",
				unique=1,
				search_index=1,
				description="Mã định danh học sinh trên CSDL ngành",
			),
			dict(
				fieldname="hoso_ethnicity", fieldtype="Data", label="Ethnicity", insert_after="hoso_moet_id"
			),
			dict(
				fieldname="hoso_place_of_birth",
				fieldtype="Data",
				label="Place of Birth",
				insert_after="hoso_ethnicity",
			),
			dict(
				fieldname="hoso_hometown",
				fieldtype="Data",
				label="Hometown",
				insert_after="hoso_place_of_birth",
			),
			dict(
				fieldname="hoso_school",
				fieldtype="Link",
				label="School",
				options="Education Unit",
				insert_after="hoso_hometown",
				search_index=1,
			),
		],
		"Student Group": [
			dict(
				fieldname="hoso_school",
				fieldtype="Link",
				label="School",
				options="Education Unit",
				insert_after="academic_term",
				search_index=1,
			),
		],
		"Guardian": [
			dict(
				fieldname="hoso_school",
				fieldtype="Link",
				label="School",
				options="Education Unit",
				insert_after="guardian_name",
				search_index=1,
				description="The school of the guardian's children: who may see this guardian",
			),
		],
		"Student Attendance": [
			dict(
				fieldname="hoso_school",
				fieldtype="Link",
				label="School",
				options="Education Unit",
				insert_after="student_group",
				fetch_from="student_group.hoso_school",
				read_only=1,
				search_index=1,
			),
		],
		"Program": [
			dict(
				fieldname="hoso_grade",
				fieldtype="Int",
				label="Grade (6-12)",
				insert_after="program_abbreviation",
			),
		],
		"Course": [
			dict(
				fieldname="hoso_subject_code",
				fieldtype="Select",
				label="Subject Code (CT GDPT 2018)",
				options="\n" + "\n".join(subject_codes()),
				insert_after="department",
				in_standard_filter=1,
			),
		],
		"Instructor": [
			dict(
				fieldname="hoso_user",
				fieldtype="Link",
				label="User",
				options="User",
				insert_after="employee",
				search_index=1,
			),
			dict(
				fieldname="hoso_school",
				fieldtype="Link",
				label="School",
				options="Education Unit",
				insert_after="hoso_user",
			),
		],
		"Academic Term": [
			dict(
				fieldname="hoso_term",
				fieldtype="Select",
				label="Term (HK1/HK2)",
				options="\nHK1\nHK2",
				insert_after="term_name",
			),
		],
	}


# Frappe's Vietnamese translation labels first_name "Họ" and last_name "Tên"; this app reads the fields that
# way (docs/names.md) and makes the English labels say the same.
NAME_LABELS = (("first_name", "Family Name"), ("middle_name", "Middle Name"), ("last_name", "Given Name"))


def property_setters() -> list[tuple[str, str, str, object, str]]:
	"""(doctype, field, property, value, property type) applied idempotently at install and migrate."""
	rows = []
	for doctype in ("Student", "User"):
		for fieldname, label in NAME_LABELS:
			rows.append((doctype, fieldname, "label", label, "Data"))
	rows.append(
		(
			"Student",
			"student_email_id",
			"description",
			"Optional: a student without one gets no account",
			"Small Text",
		)
	)
	# A field naming a user (the homeroom teacher, the principal, a signer) shows the person's full name, not
	# their e-mail address: User's title is full_name, which set_user_full_name keeps in Vietnamese order.
	rows.append(("User", None, "show_title_field_in_link", 1, "Check"))
	return rows
