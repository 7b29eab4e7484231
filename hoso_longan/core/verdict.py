"""What a person holding a record PDF needs to know, in Vietnamese words: intact or changed, who signed which
box and when (Vietnam time), whether each certificate was valid and trusted, whether each signer is the
person the record names for the box, and which record (id and content hash) the file carries.

This is the verification of ``verification.record_report`` (holders checked against the embedded record)
turned into plain statements for a public page (anyone, no login, a phone): nothing here decides anything
the report has not decided. The application adds what only it knows: whether the school still holds this
version of the record or a newer one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field

from hoso_longan.core.records.models import ClassBook, EducationPlan, HocBa, LessonPlan, school_year_label
from hoso_longan.core.signing.verify import UNREADABLE, CertStatus, Trust

KIND_NAMES = {
	HocBa: "Học bạ",
	ClassBook: "Sổ theo dõi và đánh giá học sinh",
	LessonPlan: "Kế hoạch bài dạy",
	EducationPlan: "Kế hoạch giáo dục",
}
# A signature whose bytes no longer match says nothing about its certificate (pyHanko reports it untrusted).
UNCHECKED = "unchecked"
CERT_WORDS = {
	CertStatus.TRUSTED.value: "còn hiệu lực tại thời điểm ký, do tổ chức chứng thực được tin cậy cấp",
	CertStatus.EXPIRED.value: "đã hết hạn",
	CertStatus.NOT_YET_VALID.value: "chưa có hiệu lực tại thời điểm ký",
	CertStatus.REVOKED.value: "đã bị thu hồi",
	CertStatus.UNTRUSTED.value: "không do tổ chức chứng thực được tin cậy cấp",
	CertStatus.INVALID.value: "không hợp lệ",
	UNCHECKED: "không xét được, vì chữ ký không còn khớp với nội dung tệp",
}
# Problems of a signature that mean the bytes were changed, as opposed to who signed or with what.
_TAMPER_MARKS = (
	"nội dung đã ký bị thay đổi",
	"tài liệu có nội dung được thêm sau chữ ký cuối cùng",
	"chữ ký không bao trùm",
	"tài liệu bị sửa sau chữ ký",
	"vi phạm quyền DocMDP",
	"không đọc được chữ ký",
	"không kiểm tra được chữ ký",
	"tài liệu thiếu các trường chữ ký",
)


@dataclass
class SignatureLine:
	"""One signature as a person reads it."""

	field: str
	box: str  # "Giáo viên bộ môn Toán, học kì I", "Hiệu trưởng", "Dấu của nhà trường"
	signer: str
	time: str  # "30/05/2026 15:00:00 (UTC+7)", or "" when the signature states none
	timestamped: bool
	certificate: str  # cert status: trusted, expired, revoked, untrusted, invalid
	certificate_words: str
	intact: bool
	holder_ok: bool | None  # the signer is the person (or the school) the record names for the box
	expected_holder: str | None
	demo_certificate: bool
	problems: list[str] = field(default_factory=list)

	@property
	def ok(self) -> bool:
		return not self.problems


@dataclass
class Verdict:
	"""The answer about one PDF."""

	readable: bool
	intact: bool  # not changed since it was signed (every signature's bytes, nothing added after the last)
	valid: bool  # intact, and every signature by a trusted, valid certificate of the right holder, in order
	complete: bool  # valid and every required box signed
	signed: bool
	record_id: str | None = None
	content_hash: str | None = None  # SHA-256 of the embedded record: the version
	kind: str | None = None  # "Học bạ", …
	title: str | None = None  # what the PDF itself says it is ("Học bạ - Nguyễn Văn An")
	school: str | None = None
	school_year: str | None = None
	signatures: list[SignatureLine] = field(default_factory=list)
	missing: list[str] = field(default_factory=list)  # boxes still to be signed, in words
	problems: list[str] = field(default_factory=list)  # of the document as a whole

	def to_dict(self) -> dict:
		data = asdict(self)
		for line, signature in zip(data["signatures"], self.signatures, strict=True):
			line["ok"] = signature.ok
		return data


def box_label(field_name: str) -> str:
	"""A signature box in words: ``Giáo viên bộ môn Toán, học kì I``, ``Dấu của nhà trường``."""
	from hoso_longan.core.signing.appearance import role_label
	from hoso_longan.core.signing.fields import parse_signature_field

	try:
		label, parts = role_label(field_name), parse_signature_field(field_name)
	except (KeyError, ValueError):
		return field_name
	if parts["role"] == "ht" and parts["year"] is None:
		# the học bạ's particulars page: the principal's box without a year, apart from that year's box
		label += ", trang sơ yếu lý lịch"
	return label


def _time_label(iso: str | None) -> str:
	from hoso_longan.core.signing.appearance import signed_at_label

	if not iso:
		return ""
	try:
		return signed_at_label(dt.datetime.fromisoformat(iso))
	except ValueError:
		return iso


def _is_tampering(problem: str) -> bool:
	return any(mark in problem for mark in _TAMPER_MARKS)


def embedded_version(pdf: bytes) -> tuple[object | None, str | None]:
	"""(the record embedded in ``pdf``, the SHA-256 of its canonical JSON: the version the QR code names)."""
	from hoso_longan.core.render.pdfa import read_attachment
	from hoso_longan.core.render.renderer import read_embedded_record

	try:
		data = read_attachment(pdf)
		return read_embedded_record(pdf), hashlib.sha256(data).hexdigest()
	except Exception:
		return None, None


def _line(sig) -> SignatureLine:
	intact = sig.intact and not any(_is_tampering(p) for p in sig.problems)
	certificate = sig.cert_status if intact else UNCHECKED
	return SignatureLine(
		field=sig.field,
		box=box_label(sig.field),
		signer=sig.signer or "?",
		time=_time_label(sig.time),
		timestamped=sig.timestamped,
		certificate=certificate,
		certificate_words=CERT_WORDS.get(certificate, certificate),
		intact=intact,
		holder_ok=sig.holder_ok,
		expected_holder=sig.expected_holder,
		demo_certificate=sig.demo_certificate,
		# a changed signature: only that, not the trust problems it drags along
		problems=list(sig.problems) if intact else [p for p in sig.problems if _is_tampering(p)],
	)


def verdict(pdf: bytes, trust: Trust, path: str = "<tệp tải lên>") -> Verdict:
	"""The verdict on ``pdf`` against ``trust``, its own embedded record giving the chain and the holders."""
	from hoso_longan.core.verification import record_report

	record, digest = embedded_version(pdf)
	report = record_report(pdf, trust, path=path, record=record, check_holders=True)
	readable = not any(p.startswith(UNREADABLE) for p in report.problems)
	lines = [_line(sig) for sig in report.signatures]
	intact = (
		readable
		and bool(lines)
		and all(line.intact for line in lines)
		and not any(_is_tampering(p) for p in report.problems)
	)
	result = Verdict(
		readable=readable,
		intact=intact,
		valid=report.ok,
		complete=report.complete,
		signed=bool(lines),
		record_id=getattr(record, "record_id", None),
		content_hash=digest,
		signatures=lines,
		missing=[box_label(f) for f in report.missing_required],
		problems=list(report.problems),
	)
	if record is not None:
		from hoso_longan.core.render.renderer import document_title

		result.kind = KIND_NAMES.get(type(record))
		result.title = document_title(record)
		result.school = record.school.name
		year = getattr(record, "school_year", None)
		if year is None and isinstance(record, HocBa) and record.years:
			year = record.years[-1].school_year
		result.school_year = school_year_label(year) if year else None
	return result
