"""Build records from the assessment engine's results (the JSON contract of ``hoso-longan assess``).

The engine gives, per student, ``{"id", "subjects": {code: {"HK1", "HK2", "CN", "retest"?}}, "learning",
"conduct", "award", "outcome", "retest_subjects"?, "after_summer"?}``; its input gives the marks
(``{"code", "mode", "periods", "HK1": {"tx", "gk", "ck"} | {"avg"}, …}``). Particulars, teachers and
signers come from the school's data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hoso_longan.core.assessment.catalogue import level_of_grade, regular_count, subjects_for_grade
from hoso_longan.core.records.models import (
	AfterSummer,
	AttendanceMonth,
	ClassBook,
	ClassBookSubject,
	HocBa,
	HocBaYear,
	PrincipalRemark,
	School,
	SchoolHistoryEntry,
	StudentParticulars,
	StudentYearResult,
	SubjectRow,
	Terms,
	TermScores,
	sort_class_list,
)

Teachers = Mapping[str, Iterable[str]]  # subject code → teachers, the finalising teacher first


def _terms(levels: Mapping[str, Any] | None) -> Terms:
	levels = levels or {}
	return Terms(hk1=levels.get("HK1"), hk2=levels.get("HK2"), cn=levels.get("CN"))


def _after_summer(result: Mapping[str, Any]) -> AfterSummer | None:
	after = result.get("after_summer")
	if not after:
		return None
	return AfterSummer(
		learning=after.get("learning"), conduct=after.get("conduct"), outcome=after.get("outcome")
	)


def _subject_order(grade: int, codes: Iterable[str]) -> list[tuple[str, str, str]]:
	"""(code, name, mode) of ``codes`` in the học bạ order of the catalogue; unknown codes last, as given."""
	catalogue = {subject.code: subject for subject in subjects_for_grade(grade, include_optional=True)}
	order = [subject.code for subject in subjects_for_grade(grade, include_optional=True)]
	codes = list(dict.fromkeys(codes))
	known = sorted((code for code in codes if code in catalogue), key=order.index)
	rows = [(code, catalogue[code].name, catalogue[code].mode) for code in known]
	rows += [(code, code, "score") for code in codes if code not in catalogue]
	return rows


def hoc_ba_year_from_result(
	result: Mapping[str, Any],
	*,
	grade: int,
	school_year: int,
	class_name: str,
	school_name: str,
	teachers: Teachers | None = None,
	gvcn: str = "",
	principal: str = "",
	absences: int | None = None,
	gvcn_comment: str = "",
	other_awards: Iterable[str] = (),
	place: str = "",
	signed_date: str | None = None,
	chuyen_de: Iterable[str] = (),
	subject_names: Mapping[str, str] | None = None,
) -> HocBaYear:
	"""A học bạ year page from one engine result: rows in the catalogue's order (THPT: the studied electives)."""
	teachers = teachers or {}
	results = result.get("subjects", {})
	rows = []
	for code, name, mode in _subject_order(grade, results):
		values = results[code] or {}
		rows.append(
			SubjectRow(
				code=code,
				name=(subject_names or {}).get(code, name),
				mode=mode,
				hk1=values.get("HK1"),
				hk2=values.get("HK2"),
				cn=values.get("CN"),
				retest=values.get("retest"),
				teachers=list(teachers.get(code, ())),
			)
		)
	electives = []
	if level_of_grade(grade) == "THPT":
		groups = {subject.code: subject.group for subject in subjects_for_grade(grade)}
		electives = [row.code for row in rows if groups.get(row.code) == "elective"]
	return HocBaYear(
		school_year=school_year,
		grade=grade,
		class_name=class_name,
		school_name=school_name,
		subjects=rows,
		learning=_terms(result.get("learning")),
		conduct=_terms(result.get("conduct")),
		outcome=result.get("outcome") or "promoted",
		absences=absences if absences is not None else result.get("absences"),
		after_summer=_after_summer(result),
		retest_subjects=list(result.get("retest_subjects") or ()),
		award=result.get("award"),
		other_awards=list(other_awards),
		gvcn=gvcn,
		gvcn_comment=gvcn_comment,
		principal=principal,
		place=place,
		signed_date=signed_date,
		electives=electives,
		chuyen_de=list(chuyen_de),
	)


def build_hoc_ba(
	student: StudentParticulars,
	school: School,
	years: Iterable[HocBaYear],
	*,
	history: Iterable[SchoolHistoryEntry] | None = None,
	principal: str = "",
	record_id: str | None = None,
	issued_place: str = "",
	issued_date: str | None = None,
) -> HocBa:
	"""A học bạ; without ``history`` the "Quá trình học tập" rows are made from the year pages."""
	years = sorted(years, key=lambda page: page.school_year)
	if not years:
		raise ValueError("a học bạ has at least one school year page")
	level = level_of_grade(years[0].grade)
	if any(level_of_grade(page.grade) != level for page in years):
		raise ValueError("all year pages of a học bạ belong to one cấp học (THCS 6-9 or THPT 10-12)")
	if history is None:
		history = [
			SchoolHistoryEntry(
				school_year=page.school_year,
				class_name=page.class_name,
				school_name=page.school_name,
				place=", ".join(part for part in (school.commune, school.province) if part),
				register_number=student.register_number,
			)
			for page in years
		]
	return HocBa(
		record_id=record_id or f"HB-{school.code or 'TRUONG'}-{student.student_id}-{level}",
		level=level,
		school=school,
		student=student,
		years=years,
		history=list(history),
		principal=principal or years[0].principal,
		issued_place=issued_place,
		issued_date=issued_date,
	)


def _term_scores(term: Mapping[str, Any] | None, result: Any) -> TermScores:
	term = term or {}
	return TermScores(tx=list(term.get("tx") or ()), gk=term.get("gk"), ck=term.get("ck"), result=result)


def build_class_book(
	*,
	school: School,
	school_year: int,
	grade: int,
	class_name: str,
	gvcn: str,
	principal: str,
	students: Iterable[StudentParticulars],
	assessment_input: Iterable[Mapping[str, Any]],
	results: Iterable[Mapping[str, Any]],
	teachers: Teachers | None = None,
	attendance: Iterable[AttendanceMonth] = (),
	remarks: Iterable[PrincipalRemark] = (),
	chuyen_de: Iterable[str] = (),
	record_id: str | None = None,
	place: str = "",
	signed_date: str | None = None,
) -> ClassBook:
	"""A class's sổ theo dõi và đánh giá học sinh from the engine's input (marks) and output (results).

	``chuyen_de`` lists the THPT subjects studied with their chuyên đề cluster (one more ĐĐGtx column).
	"""
	teachers = teachers or {}
	students = sort_class_list(list(students))
	inputs = {entry["id"]: entry for entry in assessment_input}
	outputs = {entry["id"]: entry for entry in results}
	unknown = sorted((set(inputs) | set(outputs)) - {student.student_id for student in students})
	if unknown:
		raise ValueError(f"results for students not in the class list: {', '.join(unknown)}")
	codes = [
		subject["code"]
		for student in students
		for subject in inputs.get(student.student_id, {}).get("subjects", ())
	]
	codes += [
		code for student in students for code in outputs.get(student.student_id, {}).get("subjects", {})
	]
	with_chuyen_de = set(chuyen_de)
	subjects = []
	for code, name, mode in _subject_order(grade, codes):
		entry = ClassBookSubject(
			code=code, name=name, mode=mode, regular_count=0, teachers=list(teachers.get(code, ()))
		)
		periods = 0
		for student in students:
			sid = student.student_id
			marks = next((s for s in inputs.get(sid, {}).get("subjects", ()) if s["code"] == code), {})
			periods = periods or marks.get("periods", 0)
			result = outputs.get(sid, {}).get("subjects", {}).get(code, {})
			entry.hk1[sid] = _term_scores(
				marks.get("HK1"), result.get("HK1", (marks.get("HK1") or {}).get("avg"))
			)
			entry.hk2[sid] = _term_scores(
				marks.get("HK2"), result.get("HK2", (marks.get("HK2") or {}).get("avg"))
			)
			if result.get("CN") is not None:
				entry.cn[sid] = result["CN"]
			if result.get("retest") is not None:
				entry.retest[sid] = result["retest"]
		longest = max((len(t.tx) for t in [*entry.hk1.values(), *entry.hk2.values()]), default=0)
		expected = regular_count(periods, mode, code in with_chuyen_de) if periods else 0
		entry.regular_count = max(longest, expected)
		subjects.append(entry)
	year_results = []
	for student in students:
		result = outputs.get(student.student_id, {})
		year_results.append(
			StudentYearResult(
				student_id=student.student_id,
				learning=_terms(result.get("learning")),
				conduct=_terms(result.get("conduct")),
				outcome=result.get("outcome") or "promoted",
				absences=inputs.get(student.student_id, {}).get("absences"),
				after_summer=_after_summer(result),
				retest_subjects=list(result.get("retest_subjects") or ()),
				award=result.get("award"),
			)
		)
	return ClassBook(
		record_id=record_id or f"SO-{school.code or 'TRUONG'}-{school_year}-{class_name}",
		level=level_of_grade(grade),
		grade=grade,
		class_name=class_name,
		school_year=school_year,
		school=school,
		gvcn=gvcn,
		principal=principal,
		students=students,
		subjects=subjects,
		results=year_results,
		attendance=list(attendance),
		remarks=list(remarks),
		place=place,
		signed_date=signed_date,
	)
