"""The transfer bundle: a zip with the student's signed học bạ PDFs and a slip (TRANSFER.json) naming the
student, both schools, the decision and the SHA-256 of every file.

Import trusts nothing but the signatures: each PDF must verify with every signature intact and every field
of a finished school year signed; its embedded record (PDF/A-3 attachment) must belong to the student on
the slip and agree with what the page shows. Any problem refuses the whole bundle, so nothing is half
imported.
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from hoso_longan.core.records.models import HocBa
from hoso_longan.core.render.renderer import read_embedded_record
from hoso_longan.core.signing.fields import parse_signature_field

SLIP = "TRANSFER.json"
FORMAT = "hoso-longan-transfer/1"

# verify(pdf bytes, name) -> (problems, unsigned field names); the signing core supplies it.
SignatureCheck = Callable[[bytes, str], tuple[list[str], list[str]]]


@dataclass(frozen=True)
class TransferProblem:
	file: str
	reason: str

	def __str__(self) -> str:
		return f"{self.file}: {self.reason}"


class TransferRefused(ValueError):
	"""The bundle cannot be imported; ``problems`` says which file and why."""

	def __init__(self, problems: list[TransferProblem]):
		super().__init__("\n".join(str(problem) for problem in problems))
		self.problems = problems


@dataclass
class TransferBundle:
	slip: dict
	records: dict[str, HocBa] = field(default_factory=dict)  # by file name
	pdfs: dict[str, bytes] = field(default_factory=dict)


def export_transfer(
	pdfs: dict[str, bytes],
	*,
	student_id: str,
	full_name: str,
	from_school: dict,
	to_school: str,
	date: str,
	decision: str = "",
	reason: str = "",
	check_signatures: SignatureCheck | None = None,
) -> bytes:
	"""The zip a school hands to a leaving student (or sends to the receiving school).

	With ``check_signatures`` every PDF is verified first, so a school never sends a broken record.
	"""
	problems = []
	for name, pdf in pdfs.items():
		if check_signatures is not None:
			broken, _ = check_signatures(pdf, name)
			problems.extend(TransferProblem(name, reason) for reason in broken)
	if problems:
		raise TransferRefused(problems)
	slip = {
		"format": FORMAT,
		"student_id": student_id,
		"full_name": unicodedata.normalize("NFC", full_name),
		"from_school": from_school,
		"to_school": to_school,
		"date": date,
		"decision": decision,
		"reason": reason,
		"files": [
			{"name": name, "size": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest()}
			for name, pdf in sorted(pdfs.items())
		],
	}
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
		archive.writestr(SLIP, json.dumps(slip, ensure_ascii=False, indent=1))
		for name, pdf in sorted(pdfs.items()):
			archive.writestr(name, pdf)
	return buffer.getvalue()


def _read_zip(data: bytes) -> tuple[dict, dict[str, bytes], list[TransferProblem]]:
	problems: list[TransferProblem] = []
	try:
		archive = zipfile.ZipFile(io.BytesIO(data))
	except zipfile.BadZipFile:
		return {}, {}, [TransferProblem("bundle", "not a transfer bundle (not a zip file)")]
	with archive:
		names = archive.namelist()
		if SLIP not in names:
			return {}, {}, [TransferProblem(SLIP, "missing: the bundle has no transfer slip")]
		try:
			slip = json.loads(archive.read(SLIP))
		except (ValueError, UnicodeDecodeError) as error:
			return {}, {}, [TransferProblem(SLIP, f"unreadable: {error}")]
		if slip.get("format") != FORMAT:
			return {}, {}, [TransferProblem(SLIP, f"unknown format {slip.get('format')!r}")]
		listed = {entry["name"]: entry for entry in slip.get("files", [])}
		pdfs = {}
		for name, entry in listed.items():
			if name not in names:
				problems.append(TransferProblem(name, "missing from the bundle"))
				continue
			content = archive.read(name)
			if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
				problems.append(
					TransferProblem(name, "corrupted: its SHA-256 differs from the transfer slip")
				)
				continue
			pdfs[name] = content
		for name in names:
			if name != SLIP and name not in listed:
				problems.append(TransferProblem(name, "extra: not listed on the transfer slip"))
	return slip, pdfs, problems


def _finished_years(record: HocBa) -> set[int]:
	"""School years whose results are final (a decision was taken): their pages must be fully signed."""
	return {page.school_year for page in record.years if page.learning.cn and page.conduct.cn}


def _visible_text(pdf: bytes) -> str:
	text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
	return unicodedata.normalize("NFC", " ".join(text.split()))


def disagreements(record: HocBa, pdf: bytes) -> list[str]:
	"""What the embedded record says that the printed pages do not show."""
	try:
		text = _visible_text(pdf)
	except (PdfReadError, ValueError, KeyError, IndexError, OSError) as error:
		return [f"the printed pages cannot be read ({type(error).__name__}: {error})"]
	upper = text.upper()
	found = []
	if record.student.full_name.upper() not in upper:
		found.append(f"the name {record.student.full_name!r} is not on the printed pages")
	for page in record.years:
		for row in page.subjects:
			if isinstance(row.cn, (int, float)) and not isinstance(row.cn, bool):
				shown = f"{row.cn:.1f}".replace(".", ",")
				if shown not in text:
					found.append(f"{page.school_year}: {row.code} year average {shown} is not printed")
	return found


def import_transfer(
	data: bytes | dict[str, bytes],
	check_signatures: SignatureCheck,
	*,
	student_id: str | None = None,
) -> TransferBundle:
	"""Read a bundle (zip bytes) or loose PDFs (name → bytes); TransferRefused lists every problem."""
	if isinstance(data, dict):
		slip, pdfs, problems = {"student_id": student_id}, dict(data), []
	else:
		slip, pdfs, problems = _read_zip(data)
	expected_student = student_id or slip.get("student_id")
	bundle = TransferBundle(slip=slip)
	for name, pdf in pdfs.items():
		try:
			PdfReader(io.BytesIO(pdf)).pages[0]
		except (PdfReadError, ValueError, KeyError, IndexError, OSError) as error:
			problems.append(TransferProblem(name, f"damaged PDF: {error}"))
			continue
		broken, unsigned = check_signatures(pdf, name)
		problems.extend(TransferProblem(name, reason) for reason in broken)
		try:
			record = read_embedded_record(pdf)
		except Exception as error:  # any failure to read the attachment means the same: no usable data
			problems.append(TransferProblem(name, f"no embedded record data: {error}"))
			continue
		if not isinstance(record, HocBa):
			problems.append(TransferProblem(name, "the embedded record is not a học bạ"))
			continue
		if expected_student and record.student.student_id != expected_student:
			problems.append(
				TransferProblem(
					name, f"belongs to student {record.student.student_id}, not {expected_student}"
				)
			)
		if _all_unsigned(unsigned, pdf):
			problems.append(TransferProblem(name, "unsigned: the record carries no signature"))
		else:
			finished = _finished_years(record)
			missing = [
				field_name
				for field_name in unsigned
				if parse_signature_field(field_name)["year"] in finished
				or parse_signature_field(field_name)["year"] is None
			]
			if missing:
				problems.append(TransferProblem(name, f"partly signed: {', '.join(missing)} not signed"))
		for disagreement in disagreements(record, pdf):
			problems.append(
				TransferProblem(name, f"embedded data disagrees with the visible content: {disagreement}")
			)
		bundle.records[name] = record
		bundle.pdfs[name] = pdf
	if not pdfs and not problems:
		problems.append(TransferProblem("bundle", "holds no học bạ"))
	if problems:
		raise TransferRefused(problems)
	return bundle


def signature_check(trust) -> SignatureCheck:
	"""Every signature valid against ``trust`` (a signing ``Trust``) and in the order of the record's chain."""
	from hoso_longan.core.verification import NO_EMBEDDED_RECORD, record_report

	def check(pdf: bytes, name: str) -> tuple[list[str], list[str]]:
		report = record_report(pdf, trust, path=name)
		problems = [p for p in report.problems if p != NO_EMBEDDED_RECORD]
		problems += [
			f"chữ ký {sig.field}: {problem}" for sig in report.signatures for problem in sig.problems
		]
		return problems, list(report.unsigned_fields)

	return check


def _all_unsigned(unsigned: list[str], pdf: bytes) -> bool:
	fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
	signature_fields = [name for name, spec in fields.items() if spec.get("/FT") == "/Sig"]
	return bool(signature_fields) and set(signature_fields) <= set(unsigned)
