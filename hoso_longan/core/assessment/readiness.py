"""Is a class ready for its year-end computation? What is still missing, and from whom.

The year results of TT22 (Điều 9, 12) are computed from every subject's results of both terms and the conduct
of both terms. A class with sheets for only some subjects would give every student "Chưa đạt": the
computation must wait until nothing is missing. This module lists what is missing from plain data; the
Frappe service reads the data and refuses, the homeroom teacher's portal shows the same list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .catalogue import Subject, subjects_for_grade

TERMS = ("HK1", "HK2")

# Kinds of gap, in the order they are listed.
NO_TEACHER = "no_teacher"  # a compulsory subject of the grade has nobody assigned
SHEET_NOT_FINALISED = "sheet_not_finalised"  # the subject's sheet of a term is missing or not finalised
CONDUCT_NOT_FINALISED = "conduct_not_finalised"  # the conduct of a term is missing or not finalised
CONDUCT_MISSING_FOR_STUDENT = "conduct_missing_for_student"  # finalised, but a student has no level


@dataclass(frozen=True)
class Gap:
	kind: str
	subject_code: str = ""
	subject_name: str = ""
	term: str = ""
	teachers: tuple[str, ...] = ()  # who must act: the subject's finaliser first, or the homeroom teacher
	student: str = ""

	def describe(self) -> str:
		"""One Vietnamese line: what is missing and from whom."""
		who = f" (giáo viên: {', '.join(self.teachers)})" if self.teachers else ""
		if self.kind == NO_TEACHER:
			return f"Môn {self.subject_name}: chưa phân công giáo viên"
		if self.kind == SHEET_NOT_FINALISED:
			return f"Môn {self.subject_name}, {_term(self.term)}: chưa chốt điểm{who}"
		if self.kind == CONDUCT_NOT_FINALISED:
			return f"Rèn luyện {_term(self.term)}: chưa chốt{who}"
		return f"Rèn luyện {_term(self.term)}: chưa đánh giá học sinh {self.student}{who}"


def _term(term: str) -> str:
	return {"HK1": "học kì I", "HK2": "học kì II"}.get(term, term)


def year_end_gaps(
	grade: int,
	assigned: Mapping[str, Sequence[str]],
	finalised_sheets: Iterable[tuple[str, str]],
	conduct: Mapping[str, Mapping[str, str | None] | None],
	students: Mapping[str, str],
	homeroom: Sequence[str] = (),
) -> list[Gap]:
	"""Everything that stops the year-end computation of one class.

	- ``assigned``: subject code → teachers assigned to it in this class (finaliser first); a subject
	taught in the class but absent from the grade's catalogue is ignored by the engine and here;
	- ``finalised_sheets``: (subject code, term) of every finalised score sheet;
	- ``conduct``: term → {student id: level} of the finalised conduct sheet of that term (None: not
	finalised);
	- ``students``: student id → the name to print, in class order;
	- ``homeroom``: the homeroom teacher (who finalises conduct).
	"""
	catalogue: dict[str, Subject] = {s.code: s for s in subjects_for_grade(grade, include_optional=True)}
	expected = [s for s in catalogue.values() if s.group == "compulsory" or s.code in assigned]
	finalised = set(finalised_sheets)
	gaps: list[Gap] = []
	for subject in expected:
		teachers = tuple(assigned.get(subject.code) or ())
		if not teachers:
			gaps.append(Gap(NO_TEACHER, subject.code, subject.name))
		for term in TERMS:
			if (subject.code, term) not in finalised:
				gaps.append(Gap(SHEET_NOT_FINALISED, subject.code, subject.name, term, teachers))
	for term in TERMS:
		levels = conduct.get(term)
		if levels is None:
			gaps.append(Gap(CONDUCT_NOT_FINALISED, term=term, teachers=tuple(homeroom)))
			continue
		for student, name in students.items():
			if not levels.get(student):
				gaps.append(
					Gap(CONDUCT_MISSING_FOR_STUDENT, term=term, teachers=tuple(homeroom), student=name)
				)
	return gaps
