"""The year-end job for one school, class by class: records → PDFs → signatures → archive → checks.

Work is cut into chunks of documents of one class; each chunk renders its documents and signs them
through their chains, batching per signer (one unlock signs the whole chunk). Chunks are independent, so
more worker processes (or RQ workers in the Frappe app) give more throughput.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from hoso_longan.core.records.build import build_class_book, build_hoc_ba, hoc_ba_year_from_result
from hoso_longan.core.records.models import ClassBook, HocBa, Record
from hoso_longan.core.records.signatures import chain_for_record, signature_slots
from hoso_longan.core.render.renderer import read_embedded_record, render_pdf
from hoso_longan.core.sample.school import SampleClass, SampleSchool, sample_school
from hoso_longan.core.signing.demo_pki import demo_pki, load_demo_pki
from hoso_longan.core.signing.service import BatchItem, sign_batch
from hoso_longan.core.verification import record_holders, record_problems

from .staff import expected_signers, issue_staff, signer_for

TIMESTAMP_NONE, TIMESTAMP_LAST, TIMESTAMP_ALL = "none", "last", "all"


@dataclass
class SignedDocument:
	class_name: str
	file_name: str
	kind: str  # hoc_ba, class_book
	pdf: bytes
	pages: int
	signatures: int
	problems: list[str] | None = None  # the verdict of an independent check, when the job was asked for one


@dataclass
class ClassJob:
	"""What one worker needs to produce some documents of one class (plain data, picklable)."""

	seed: int
	classes: int
	students_per_class: int
	class_index: int
	documents: list[str]  # "class_book" or a student id
	pki_dir: str
	timestamps: str = TIMESTAMP_LAST
	verify: bool = False  # check every signed document again from its bytes before returning it


@dataclass
class JobResult:
	documents: list[SignedDocument] = field(default_factory=list)
	results: list[dict] = field(default_factory=list)


def year_end_date(school: SampleSchool) -> str:
	return f"{school.school_year + 1}-05-30"


def class_records(
	school: SampleSchool, school_class: SampleClass
) -> tuple[ClassBook, dict[str, HocBa], list[dict]]:
	"""The class book and every student's học bạ of one class, from the engine's results."""
	results = school_class.results()
	signed_date = year_end_date(school)
	place = school.school.province
	book = build_class_book(
		school=school.school,
		school_year=school.school_year,
		grade=school_class.grade,
		class_name=school_class.name,
		gvcn=school_class.gvcn,
		principal=school.principal,
		students=school_class.students,
		assessment_input=school_class.assessments,
		results=results,
		teachers=school_class.teachers,
		place=place,
		signed_date=signed_date,
	)
	absences = {entry["id"]: entry["absences"] for entry in school_class.assessments}
	books = {}
	for student, result in zip(school_class.students, results, strict=True):
		page = hoc_ba_year_from_result(
			result,
			grade=school_class.grade,
			school_year=school.school_year,
			class_name=school_class.name,
			school_name=school.school.name,
			teachers=school_class.teachers,
			gvcn=school_class.gvcn,
			principal=school.principal,
			absences=absences[student.student_id],
			gvcn_comment=school_class.comments.get(student.student_id, ""),
			place=place,
			signed_date=signed_date,
		)
		books[student.student_id] = build_hoc_ba(
			student,
			school.school,
			[page],
			principal=school.principal,
			issued_place=place,
			issued_date=f"{school.school_year}-09-05",
		)
	return book, books, results


@cache
def _pki(pki_dir: str):
	return load_demo_pki(pki_dir)


@cache
def _signer(pki_dir: str, member):
	"""A staff member's signer, built once per worker (its certificate registry is reused by every job)."""
	return signer_for(_pki(pki_dir), member)


def render_and_sign(
	records: list[Record], pki_dir: str, timestamps: str = TIMESTAMP_LAST
) -> list[tuple[bytes, int, int]]:
	"""Render ``records`` and sign each through its whole chain; returns (pdf, pages, signatures) each.

	Signing goes round by round (the n-th step of every document's chain), and within a round one batch
	per signer, so every chain keeps its order and each person unlocks their key once per round.
	"""
	pki = _pki(pki_dir)
	staff = {}
	for record in records:  # every school's people, and the school itself for its seal
		staff.update(issue_staff(pki, signature_slots(record), school=record.school.name))
	signers = {name: _signer(pki_dir, member) for name, member in staff.items()}
	created = dt.datetime(2026, 5, 30, 8, 0, tzinfo=dt.timezone.utc)
	pdfs, pages, chains, expected, holders, named = [], [], [], [], [], []
	for record in records:
		rendered = render_pdf(record, created=created)
		slots = signature_slots(record)
		pdfs.append(rendered.pdf)
		pages.append(rendered.pages)
		chains.append(chain_for_record(record))
		expected.append(expected_signers(slots, staff))
		holders.append({slot.name: slot.signer for slot in slots})
		named.append(record_holders(record))
	timestamper = pki.timestamper() if timestamps != TIMESTAMP_NONE else None
	rounds = max(len(chain.steps) for chain in chains)
	for round_index in range(rounds):
		batches: dict[tuple[str, bool], list[int]] = defaultdict(list)
		for doc, chain in enumerate(chains):
			if round_index < len(chain.steps):
				step = chain.steps[round_index]
				last = round_index == len(chain.steps) - 1
				stamp = timestamps == TIMESTAMP_ALL or (timestamps == TIMESTAMP_LAST and last)
				batches[(holders[doc][step.field], stamp)].append(doc)
		for (holder, stamp), docs in batches.items():
			items = [
				BatchItem(
					pdfs[doc], chains[doc].steps[round_index].field, chains[doc], expected[doc], named[doc]
				)
				for doc in docs
			]
			signed = sign_batch(items, signers[holder], timestamper=timestamper if stamp else None)
			for doc, pdf in zip(docs, signed, strict=True):
				pdfs[doc] = pdf
	return [
		(pdf, page_count, len(chain.steps))
		for pdf, page_count, chain in zip(pdfs, pages, chains, strict=True)
	]


def file_name_of(record: Record, school_year: int) -> str:
	if isinstance(record, ClassBook):
		return f"so-theo-doi-va-danh-gia-{record.class_name}-{school_year}.pdf"
	return f"hoc-ba-{record.student.student_id}-{school_year}.pdf"


@lru_cache(maxsize=2)
def _class_of(classes: int, students: int, seed: int, class_index: int):
	"""The sample school and one class's records; a worker computes them once for all its jobs of the class."""
	school = sample_school(classes, students, seed)
	return (school, *class_records(school, school.classes[class_index]))


def run_job(job: ClassJob) -> JobResult:
	"""One chunk of one class (runs in a worker process: everything it needs is rebuilt from ``job``)."""
	school, book, books, results = _class_of(job.classes, job.students_per_class, job.seed, job.class_index)
	school_class = school.classes[job.class_index]
	records: list[Record] = [book if name == "class_book" else books[name] for name in job.documents]
	signed = render_and_sign(records, job.pki_dir, job.timestamps)
	output = JobResult(results=results if "class_book" in job.documents else [])
	for record, (pdf, pages, signatures) in zip(records, signed, strict=True):
		kind = "class_book" if isinstance(record, ClassBook) else "hoc_ba"
		name = file_name_of(record, school.school_year)
		# Verified in the same worker, from the bytes alone (as a receiving school would): one pass over
		# the workers instead of a second round after all signing, so no worker waits for the slowest.
		problems = check_document(pdf, job.pki_dir, name) if job.verify else None
		output.documents.append(
			SignedDocument(school_class.name, name, kind, pdf, pages, signatures, problems)
		)
	return output


def plan_jobs(
	school: SampleSchool, seed: int, pki_dir: str, chunk_size: int, timestamps: str, verify: bool = False
) -> list[ClassJob]:
	"""Chunks of at most ``chunk_size`` documents; each class book is a chunk of its own, listed first
	because it is the longest to render (longest job first keeps the workers busy to the end)."""
	jobs = []
	common = {
		"seed": seed,
		"classes": len(school.classes),
		"students_per_class": len(school.classes[0].students),
		"pki_dir": pki_dir,
		"timestamps": timestamps,
		"verify": verify,
	}
	for index, _ in enumerate(school.classes):
		jobs.append(ClassJob(class_index=index, documents=["class_book"], **common))
	for index, school_class in enumerate(school.classes):
		ids = [student.student_id for student in school_class.students]
		for start in range(0, len(ids), chunk_size):
			jobs.append(ClassJob(class_index=index, documents=ids[start : start + chunk_size], **common))
	return jobs


def ensure_pki(directory: Path):
	return demo_pki(directory)


def check_document(pdf: bytes, pki_dir: str, path: str) -> list[str]:
	"""Every signature valid, in chain order, by the holder the record names and with the certificate
	registered for them, and the chain complete."""
	pki = _pki(pki_dir)
	try:
		record = read_embedded_record(pdf)
	except Exception as error:  # a PDF without our attachment cannot be checked against a chain
		return [f"không có dữ liệu hồ sơ đính kèm: {error}"]
	slots = signature_slots(record)
	staff = issue_staff(pki, slots, school=record.school.name)
	return record_problems(
		pdf, pki.trust(), expected_signers(slots, staff), path, record=record, check_holders=True
	)


def transfer_round_trip(file_name: str, pdf: bytes, pki_dir: str, **leaver) -> tuple[bytes, int]:
	"""A leaving student's signed học bạ exported as a transfer bundle and imported back, each side verifying
	every signature first (as two schools would); returns the bundle and the number of records imported."""
	from hoso_longan.core.transfer import export_transfer, import_transfer, signature_check

	check = signature_check(_pki(pki_dir).trust())
	bundle = export_transfer({file_name: pdf}, check_signatures=check, **leaver)
	return bundle, len(import_transfer(bundle, check).records)
