"""The signature boxes of each record, in signing order (ARCHITECTURE.md §5, records.md §4).

The renderer draws one box per slot and makes it an empty PDF signature field named ``slot.name``; the
signing chain fills them in this order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hoso_longan.core.records.models import ClassBook, EducationPlan, HocBa, LessonPlan, Record
from hoso_longan.core.signing.chains import (
	FORM_VERSION,
	ChainStep,
	SigningChain,
	chain_for_class_book,
	chain_for_education_plan,
	chain_for_hoc_ba_year,
	chain_for_lesson_plan,
)
from hoso_longan.core.signing.fields import signature_field


@dataclass(frozen=True)
class SignatureSlot:
	"""One signature box: the field name, who signs it (role and expected person) and what it covers."""

	name: str
	role: str  # gvbm, gvcn, ttcm, gv, ht, dv
	label: str  # printed heading of the box
	signer: str = ""  # full name of the person expected to sign
	subject: str | None = None
	term: str | None = None
	year: int | None = None


def _teacher_slots(code: str, teachers: list[str], year: int, term: str | None = None) -> list[SignatureSlot]:
	"""One box per co-teacher (all co-teachers sign, layouts.md §2.1); at least one for every subject."""
	names = teachers or [""]
	return [
		SignatureSlot(
			name=signature_field("gvbm", year, subject=code, index=index, term=term),
			role="gvbm",
			label="Giáo viên môn học",
			signer=teacher,
			subject=code,
			term=term,
			year=year,
		)
		for index, teacher in enumerate(names, start=1)
	]


def hoc_ba_year_slots(book: HocBa, position: int) -> list[SignatureSlot]:
	"""Slots of the ``position``-th year page: GVBM of each subject row, GVCN, HT, then the school's seal.

	The particulars page's HT box (``ht`` without a year) is signed with the first year's chain.
	"""
	year = book.years[position]
	slots = [
		slot for row in year.subjects for slot in _teacher_slots(row.code, row.teachers, year.school_year)
	]
	slots.append(
		SignatureSlot(
			signature_field("gvcn", year.school_year),
			"gvcn",
			"Giáo viên chủ nhiệm",
			year.gvcn,
			year=year.school_year,
		)
	)
	if position == 0:
		slots.append(SignatureSlot(signature_field("ht"), "ht", "Hiệu trưởng", book.principal))
	slots.append(
		SignatureSlot(
			signature_field("ht", year.school_year),
			"ht",
			"Hiệu trưởng",
			year.principal,
			year=year.school_year,
		)
	)
	slots.append(
		SignatureSlot(
			signature_field("dv", year.school_year),
			"dv",
			"Dấu của nhà trường",
			year.school_name or book.school.name,  # the school of that year (a transfer changes it)
			year=year.school_year,
		)
	)
	return slots


def class_book_slots(book: ClassBook) -> list[SignatureSlot]:
	"""GVBM blocks of HK I, then HK II (subject order), then GVCN, HT and the school's seal."""
	year = book.school_year
	slots = [
		slot
		for term in ("HK1", "HK2")
		for subject in book.subjects
		for slot in _teacher_slots(subject.code, subject.teachers, year, term)
	]
	slots.append(
		SignatureSlot(signature_field("gvcn", year), "gvcn", "Giáo viên chủ nhiệm", book.gvcn, year=year)
	)
	slots.append(SignatureSlot(signature_field("ht", year), "ht", "Hiệu trưởng", book.principal, year=year))
	slots.append(
		SignatureSlot(signature_field("dv", year), "dv", "Dấu của nhà trường", book.school.name, year=year)
	)
	return slots


def lesson_plan_slots(plan: LessonPlan) -> list[SignatureSlot]:
	"""The teacher who wrote it, then the head of department who approves it (LA-8.2)."""
	year = plan.school_year
	return [
		SignatureSlot(signature_field("gv", year), "gv", "Giáo viên", plan.teacher, year=year),
		SignatureSlot(
			signature_field("ttcm", year), "ttcm", "Tổ trưởng chuyên môn", plan.head_of_department, year=year
		),
	]


def education_plan_slots(plan: EducationPlan) -> list[SignatureSlot]:
	"""Author → (head of department) → principal (ARCHITECTURE.md §5, LA-6.6)."""
	year = plan.school_year
	slots = []
	if plan.kind == "giao_vien":
		slots.append(SignatureSlot(signature_field("gv", year), "gv", "Giáo viên", plan.teacher, year=year))
	slots.append(
		SignatureSlot(signature_field("ttcm", year), "ttcm", "Tổ trưởng", plan.head_of_department, year=year)
	)
	slots.append(SignatureSlot(signature_field("ht", year), "ht", "Hiệu trưởng", plan.principal, year=year))
	return slots


def signature_slots(record: Record) -> list[SignatureSlot]:
	"""Every signature box of ``record`` in signing order."""
	if isinstance(record, HocBa):
		return [slot for position in range(len(record.years)) for slot in hoc_ba_year_slots(record, position)]
	if isinstance(record, ClassBook):
		return class_book_slots(record)
	if isinstance(record, LessonPlan):
		return lesson_plan_slots(record)
	if isinstance(record, EducationPlan):
		return education_plan_slots(record)
	raise TypeError(f"not a record: {type(record).__name__}")


def _with_year(chain: SigningChain, year: int) -> SigningChain:
	"""Plan chains name their fields without a year; the rendered plans carry the school year."""

	def named(name: str) -> str:
		return f"{name}_{year}"

	steps = tuple(
		replace(step, field=named(step.field), locks=tuple(named(lock) for lock in step.locks))
		for step in chain.steps
	)
	return replace(chain, steps=steps)


def _seal_optional(chain: SigningChain) -> SigningChain:
	"""The school's organisational signature (digital seal) is an optional last signature."""
	steps = tuple(replace(step, optional=True) if step.role == "dv" else step for step in chain.steps)
	return replace(chain, steps=steps)


def chain_for_record(record: Record) -> SigningChain:
	"""The signing chain of exactly the signature boxes the renderer draws for ``record``.

	A học bạ of several school years chains its pages one after the other (each year's stages follow the
	previous year's), and the principal's box of the particulars page is signed with the first year.
	"""
	if isinstance(record, HocBa):
		steps: list[ChainStep] = []
		for position, page in enumerate(record.years):
			counts = {row.code: max(1, len(row.teachers)) for row in page.subjects}
			year_chain = chain_for_hoc_ba_year(page.school_year, counts, with_seal=True)
			offset = 10 * position
			for step in year_chain.steps:
				steps.append(replace(step, stage=step.stage + offset, optional=step.role == "dv"))
				if position == 0 and step.role == "gvcn":
					particulars = signature_field("ht")
					steps.append(
						ChainStep(
							particulars,
							"ht",
							3,
							("particulars",),
							"Hiệu trưởng: xác nhận sơ yếu lý lịch học sinh",
							locks=(particulars,),
						)
					)
		steps.sort(key=lambda step: step.stage)
		return SigningChain("hoc_ba", FORM_VERSION, tuple(steps), {"record_id": record.record_id})
	if isinstance(record, ClassBook):
		counts = {subject.code: max(1, len(subject.teachers)) for subject in record.subjects}
		return _seal_optional(chain_for_class_book(record.school_year, counts, with_seal=True))
	if isinstance(record, LessonPlan):
		return _with_year(chain_for_lesson_plan(), record.school_year)
	if isinstance(record, EducationPlan):
		kind = "teacher" if record.kind == "giao_vien" else "department"
		return _with_year(chain_for_education_plan(kind), record.school_year)
	raise TypeError(f"not a record: {type(record).__name__}")
