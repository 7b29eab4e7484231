"""The core record of a document: Education's masters and this app's DocTypes → ``hoso_longan.core.records``.

- Student Record Book Page (học bạ, one school year) → ``HocBa`` with that year's page, built from the
  Annual Result (the engine's result, stored), Education's Student and Guardian (sơ yếu lý lịch) and the
  Teaching Assignments of the class (the subject teachers who sign each row);
- Class Assessment Book (sổ theo dõi và đánh giá học sinh) → ``ClassBook`` from the signed Score Sheets (the
  engine's input, as the year-end job reads them) and the Annual Results of the class;
- Lesson Plan (kế hoạch bài dạy) → ``LessonPlan``; Education Plan (kế hoạch giáo dục) → ``EducationPlan``.

Every builder also says which user holds each signature box (``holders``: field → user; the school's seal
belongs to no person), read from the same assignments that the permissions use. No rule is decided here:
record ids, slots and chains come from the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

import frappe
from frappe import _
from frappe.utils import getdate

from hoso_longan.core.records.build import build_class_book, build_hoc_ba, hoc_ba_year_from_result
from hoso_longan.core.records.models import (
	EducationPlan,
	LessonActivity,
	LessonPlan,
	Parent,
	PlanSection,
	Record,
	School,
	StudentParticulars,
)
from hoso_longan.core.records.signatures import signature_slots
from hoso_longan.services import assignments
from hoso_longan.services.names import full_name

OFFICIAL_DOCTYPES = ("Student Record Book Page", "Class Assessment Book", "Lesson Plan", "Education Plan")
GENDERS = {"Male": "Nam", "Female": "Nữ", "Nam": "Nam", "Nữ": "Nữ"}
PLAN_KINDS = {"Department": "to_day_hoc", "Teacher": "giao_vien"}


class RecordNotReady(frappe.ValidationError):
	pass


@dataclass
class OfficialRecord:
	"""A core record and who holds each of its signature boxes (field → user; empty: nobody assigned)."""

	record: Record
	holders: dict[str, str] = field(default_factory=dict)
	school: str = ""


# --- shared pieces -------------------------------------------------------------------------------------------


def school_year_of(academic_year: str) -> int:
	"""2025 for the school year 2025-2026 (the core's convention)."""
	start = frappe.db.get_value("Academic Year", academic_year, "year_start_date")
	if not start:
		frappe.throw(_("Academic Year {0} has no start date.").format(academic_year), RecordNotReady)
	return getdate(start).year


def year_end_date(academic_year: str) -> str | None:
	end = frappe.db.get_value("Academic Year", academic_year, "year_end_date")
	return getdate(end).isoformat() if end else None


def school_of(unit: str) -> School:
	"""The header of the forms: managing unit (the parent unit), school name, MOET code."""
	row = frappe.db.get_value(
		"Education Unit", unit, ["unit_name", "unit_code", "parent_education_unit"], as_dict=True
	)
	if not row:
		frappe.throw(_("School {0} does not exist.").format(unit), RecordNotReady)
	managing = ""
	if row.parent_education_unit:
		managing = (
			frappe.db.get_value("Education Unit", row.parent_education_unit, "unit_name") or ""
		).upper()
	return School(name=row.unit_name, managing_unit=managing, code=row.unit_code)


def _name(user: str | None) -> str:
	return full_name(user) if user else ""


def _score(value):
	"""A stored cell as the engine gives it: 8.5 / 8 as numbers, "Đ"/"CĐ" as text, blank as None."""
	if value is None:
		return None
	text = str(value).strip()
	if not text:
		return None
	try:
		number = float(text)
	except ValueError:
		return text
	return int(number) if number.is_integer() and "." not in text else number


def student_particulars(student: str) -> StudentParticulars:
	doc = frappe.get_doc("Student", student)
	parents: dict[str, Parent] = {}
	for row in doc.get("guardians") or []:
		guardian = frappe.db.get_value(
			"Guardian",
			row.guardian,
			["guardian_name", "occupation", "mobile_number", "email_address"],
			as_dict=True,
		)
		if not guardian:
			continue
		key = {"Father": "father", "Mother": "mother"}.get(row.relation, "guardian")
		parents.setdefault(
			key,
			Parent(
				name=guardian.guardian_name or "",
				occupation=guardian.occupation or "",
				phone=guardian.mobile_number or "",
				email=guardian.email_address or "",
			),
		)
	address = ", ".join(
		part for part in (doc.address_line_1, doc.address_line_2, doc.city, doc.state) if part
	)
	return StudentParticulars(
		student_id=doc.get("hoso_moet_id") or doc.name,
		full_name=doc.student_name or doc.first_name,
		gender=GENDERS.get(doc.gender or "", doc.gender or ""),
		birth_date=getdate(doc.date_of_birth).isoformat() if doc.date_of_birth else "",
		birth_place=doc.get("hoso_place_of_birth") or "",
		ethnicity=doc.get("hoso_ethnicity") or "Kinh",
		address=address,
		father=parents.get("father"),
		mother=parents.get("mother"),
		guardian=parents.get("guardian"),
	)


def class_teachers(student_group: str, academic_year: str | None) -> tuple[dict, dict]:
	"""Subject code → teacher names and → users, the finaliser first (the core's ``teachers`` mapping)."""
	filters = {"student_group": student_group, "assignment_type": "Subject Teacher"}
	if academic_year:
		filters["academic_year"] = academic_year
	rows = frappe.get_all(
		"Teaching Assignment",
		filters=filters,
		fields=["user", "course", "subject_code", "is_finaliser"],
		order_by="is_finaliser desc, creation asc",
	)
	users: dict[str, list[str]] = {}
	for row in rows:
		code = row.subject_code or frappe.db.get_value("Course", row.course, "hoso_subject_code")
		if code and row.user not in users.setdefault(code, []):
			users[code].append(row.user)
	return {code: [_name(u) for u in found] for code, found in users.items()}, users


def _holders(record: Record, by_role: dict[str, str], teacher_users: dict[str, list[str]]) -> dict[str, str]:
	"""Field → user from the record's own slots (the core decides the boxes). The school's seal (``dv``) is
	held by no person: it is signed with the school's organisational certificate (School Seal Certificate)
	by whoever the school allows (services/school_seal.py), so it maps to ""."""
	holders = {}
	for slot in signature_slots(record):
		if slot.role == "gvbm":
			from hoso_longan.core.signing.fields import parse_signature_field

			index = parse_signature_field(slot.name)["index"]
			users = teacher_users.get(slot.subject or "", [])
			holders[slot.name] = users[index - 1] if len(users) >= index else ""
		else:
			holders[slot.name] = by_role.get(slot.role, "")
	return holders


def _result_dict(result) -> dict:
	"""An Annual Result back in the engine's result format (``core.records.build`` reads that)."""
	subjects = {
		row.subject_code: {
			"HK1": _score(row.hk1),
			"HK2": _score(row.hk2),
			"CN": _score(row.cn),
			**({"retest": _score(row.retest)} if row.retest else {}),
		}
		for row in result.subjects
	}
	data = {
		"id": result.student,
		"subjects": subjects,
		"learning": {"HK1": result.learning_hk1, "HK2": result.learning_hk2, "CN": result.learning_year},
		"conduct": {"HK1": result.conduct_hk1, "HK2": result.conduct_hk2, "CN": result.conduct_year},
		"award": result.award or None,
		"outcome": result.outcome or "promoted",
		"retest_subjects": [c.strip() for c in (result.retest_subjects or "").split(",") if c.strip()],
	}
	if result.learning_after_summer or result.conduct_after_summer or result.outcome_after_summer:
		data["after_summer"] = {
			"learning": result.learning_after_summer or None,
			"conduct": result.conduct_after_summer or None,
			"outcome": result.outcome_after_summer or None,
		}
	return data


def _annual_result(student: str, academic_year: str, annual_result: str | None = None):
	name = annual_result or frappe.db.get_value(
		"Annual Result", {"student": student, "academic_year": academic_year}
	)
	if not name:
		frappe.throw(
			_("Student {0} has no year results for {1} yet: run the year-end computation first.").format(
				student, academic_year
			),
			RecordNotReady,
		)
	return frappe.get_doc("Annual Result", name)


# --- builders ------------------------------------------------------------------------------------------------


def hoc_ba_page(doc) -> OfficialRecord:
	"""Học bạ of one student with the page of ``doc``'s school year (one PDF per year page)."""
	context = assignments.class_context(doc.student_group)
	school_unit = doc.school or context.school
	result = _annual_result(doc.student, doc.academic_year, doc.annual_result)
	grade = int(result.grade or context.grade or 0)
	if not grade:
		frappe.throw(
			_("The programme of class {0} has no grade set.").format(doc.student_group), RecordNotReady
		)
	school = school_of(school_unit)
	names, users = class_teachers(doc.student_group, doc.academic_year)
	homeroom = assignments.homeroom_teacher(doc.student_group, doc.academic_year)
	principal = assignments.principal(school_unit)
	group_name = frappe.db.get_value("Student Group", doc.student_group, "student_group_name")
	page = hoc_ba_year_from_result(
		_result_dict(result),
		grade=grade,
		school_year=school_year_of(doc.academic_year),
		class_name=group_name or doc.student_group,
		school_name=school.name,
		teachers=names,
		gvcn=_name(homeroom),
		principal=_name(principal),
		absences=result.absences or 0,
		gvcn_comment=doc.homeroom_comment or "",
		signed_date=year_end_date(doc.academic_year),
	)
	record = build_hoc_ba(
		student_particulars(doc.student), school, [page], principal=_name(principal), record_id=doc.name
	)
	holders = _holders(record, {"gvcn": homeroom, "ht": principal}, users)
	return OfficialRecord(record, holders, school_unit)


def class_book(doc) -> OfficialRecord:
	from hoso_longan.services.year_end import build_inputs

	context = assignments.class_context(doc.student_group)
	school_unit = doc.school or context.school
	if not context.grade:
		frappe.throw(
			_("The programme of class {0} has no grade set.").format(doc.student_group), RecordNotReady
		)
	members = assignments.class_students(doc.student_group)
	students = [student_particulars(m.student) for m in members]
	ids = {m.student: s.student_id for m, s in zip(members, students, strict=True)}
	inputs = []
	for entry in build_inputs(doc.student_group):
		subjects = []
		for subject in entry["subjects"]:
			terms = {}
			for term in ("HK1", "HK2"):
				marks = subject.get(term)
				if marks:
					terms[term] = {
						"tx": [_score(v) for v in marks.get("tx") or ()],
						"gk": _score(marks.get("gk")),
						"ck": _score(marks.get("ck")),
					}
			subjects.append({**subject, **terms})
		inputs.append({**entry, "id": ids[entry["id"]], "subjects": subjects})
	results = []
	for member in members:
		data = _result_dict(_annual_result(member.student, doc.academic_year))
		results.append({**data, "id": ids[member.student]})
	names, users = class_teachers(doc.student_group, doc.academic_year)
	homeroom = assignments.homeroom_teacher(doc.student_group, doc.academic_year)
	principal = assignments.principal(school_unit)
	group_name = frappe.db.get_value("Student Group", doc.student_group, "student_group_name")
	record = build_class_book(
		school=school_of(school_unit),
		school_year=school_year_of(doc.academic_year),
		grade=int(context.grade),
		class_name=group_name or doc.student_group,
		gvcn=_name(homeroom),
		principal=_name(principal),
		students=students,
		assessment_input=inputs,
		results=results,
		teachers=names,
		record_id=doc.name,
		signed_date=year_end_date(doc.academic_year),
	)
	holders = _holders(record, {"gvcn": homeroom, "ht": principal}, users)
	return OfficialRecord(record, holders, school_unit)


def html_to_lines(html: str | None) -> list[str]:
	"""The paragraphs of a Text Editor value as plain lines."""
	text = re.sub(r"<\s*(br|/p|/li|/h\d|/div)\s*/?>", "\n", html or "", flags=re.IGNORECASE)
	text = unescape(re.sub(r"<[^>]+>", "", text))
	return [line.strip() for line in text.splitlines() if line.strip()]


def _department_name(department: str | None) -> str:
	if not department:
		return ""
	return frappe.db.get_value("Subject Department", department, "department_name") or department


def lesson_plan(doc) -> OfficialRecord:
	"""The plan's free text goes into section III (tiến trình dạy học) of CV 5512 Phụ lục IV."""
	lines = html_to_lines(doc.content)
	record = LessonPlan(
		record_id=doc.name,
		school=school_of(doc.school),
		department=_department_name(doc.department),
		teacher=_name(doc.teacher_user),
		school_year=school_year_of(doc.academic_year),
		subject=frappe.db.get_value("Course", doc.course, "course_name") or doc.course,
		class_name=str(doc.grade or ""),
		title=doc.lesson_title,
		periods=int(doc.periods or 1),
		activities=[LessonActivity(title=_("Activities"), content="\n".join(lines))] if lines else [],
		head_of_department=_name(doc.head_user),
		approval_comment=doc.return_comment or "",
	)
	holders = {
		slot.name: {"gv": doc.teacher_user, "ttcm": doc.head_user}.get(slot.role) or ""
		for slot in signature_slots(record)
	}
	return OfficialRecord(record, holders, doc.school)


def education_plan(doc) -> OfficialRecord:
	kind = PLAN_KINDS.get(doc.plan_level)
	if not kind:
		frappe.throw(
			_("The official form of the school's own education plan is not available yet."), RecordNotReady
		)
	record = EducationPlan(
		record_id=doc.name,
		kind=kind,
		school=school_of(doc.school),
		department=_department_name(doc.department),
		school_year=school_year_of(doc.academic_year),
		teacher=_name(doc.author_user) if kind == "giao_vien" else "",
		sections=[PlanSection(heading=doc.plan_title, text="\n".join(html_to_lines(doc.content)))],
		head_of_department=_name(doc.head_user),
		principal=_name(doc.principal_user),
	)
	by_role = {
		"gv": doc.author_user,
		"ttcm": doc.head_user if kind == "giao_vien" else (doc.head_user or doc.author_user),
		"ht": doc.principal_user,
	}
	holders = {slot.name: by_role.get(slot.role) or "" for slot in signature_slots(record)}
	return OfficialRecord(record, holders, doc.school)


BUILDERS = {
	"Student Record Book Page": hoc_ba_page,
	"Class Assessment Book": class_book,
	"Lesson Plan": lesson_plan,
	"Education Plan": education_plan,
}


def official_record(doc) -> OfficialRecord:
	builder = BUILDERS.get(doc.doctype)
	if builder is None:
		frappe.throw(_("{0} has no official layout.").format(_(doc.doctype)), RecordNotReady)
	return builder(doc)
