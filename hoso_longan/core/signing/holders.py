"""Whether a certificate belongs to the holder a record names for a signature field.

A record names who signs each of its boxes: the teacher of each subject, the homeroom teacher, the principal,
and the school itself for its seal. A signature in a box must be made with a certificate of that holder:

- a person's box: a personal certificate whose holder's name (subject CN) is the name the record gives,
  compared NFC- and case-insensitively with white space collapsed (``Nguyễn Văn A`` = ``NGUYỄN VĂN A``); the
  principal's box also needs a certificate whose title (X.520 title, the role attribute the demo PKI and
  Vietnamese CAs put in personal certificates), when it states one, is the principal's (``Hiệu trưởng``, or
  ``Phó Hiệu trưởng`` signing on the principal's behalf);
- the school's seal (``dv``): the school's organisational certificate (Nghị định 23/2025/NĐ-CP lets an
  agency sign with its own certificate), whose holder is the school named in the record: CN and O are both
  the school's name. The principal's personal certificate does not stand in for it, nor the school's
  certificate for a person.

``holder_problem`` says why a certificate does not fit, in Vietnamese, or None when it does. Registered
certificates (``service.ExpectedSigner``, the Frappe side's Signing Certificate) are a separate, stricter
check by fingerprint; this one needs nothing but the record and the certificate, so it also works for a PDF
that arrives from another school.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID

from hoso_longan.core.records.vietnamese import normalise_text

SEAL_ROLE = "dv"
PRINCIPAL_ROLE = "ht"
# Words of an organisational certificate's title (the demo PKI's school certificate says "Tổ chức").
ORGANISATION_TITLES = ("tổ chức", "cơ quan", "đơn vị")
PRINCIPAL_TITLE = "hiệu trưởng"  # also in "Phó Hiệu trưởng"
_HOLDERS = {
	"gvbm": "giáo viên bộ môn",
	"gvcn": "giáo viên chủ nhiệm",
	"ttcm": "tổ trưởng chuyên môn",
	"gv": "giáo viên",
	"ht": "hiệu trưởng",
	"dv": "nhà trường",
}


@dataclass(frozen=True)
class RoleHolder:
	"""Who the record says signs ``field``: a person's full name, or the school's name for the seal."""

	field: str
	role: str  # gvbm, gvcn, ttcm, gv, ht, dv
	name: str


@dataclass(frozen=True)
class CertificateSubject:
	"""What a certificate says of its holder: name (CN), organisation (O) and title."""

	common_name: str
	organisation: str
	title: str

	@classmethod
	def of(cls, cert: x509.Certificate) -> CertificateSubject:
		def first(oid) -> str:
			values = cert.subject.get_attributes_for_oid(oid)
			return (normalise_text(str(values[0].value)) or "") if values else ""

		return cls(first(NameOID.COMMON_NAME), first(NameOID.ORGANIZATION_NAME), first(NameOID.TITLE))

	@property
	def is_organisation(self) -> bool:
		"""An organisation's own certificate: it names the organisation as its holder."""
		if self.common_name and same_name(self.common_name, self.organisation):
			return True
		title = self.title.casefold()
		return any(word in title for word in ORGANISATION_TITLES)


def same_name(left: str | None, right: str | None) -> bool:
	"""Two names are the same: NFC, case and runs of white space aside."""
	if not left or not right:
		return False
	return (normalise_text(left) or "").casefold() == (normalise_text(right) or "").casefold()


def holder_problem(holder: RoleHolder, cert: x509.Certificate) -> str | None:
	"""Why ``cert`` may not sign ``holder.field``, or None when it belongs to the holder the record names."""
	subject = CertificateSubject.of(cert)
	who = _HOLDERS.get(holder.role, holder.role)
	if not holder.name:
		return f"hồ sơ không ghi tên {who} ký ô này"
	if holder.role == SEAL_ROLE:
		if not subject.is_organisation:
			return (
				f"ô dấu của nhà trường phải ký bằng chứng thư số tổ chức của {holder.name}, "
				f"không phải chứng thư số cá nhân của {subject.common_name or '?'}"
			)
		if not same_name(subject.common_name, holder.name):
			return f"chứng thư số tổ chức của {subject.common_name or '?'}, không phải của {holder.name}"
		return None
	if subject.is_organisation:
		return (
			f"chứng thư số tổ chức của {subject.common_name or '?'} không ký thay {who} {holder.name} "
			"(ô này cần chứng thư số cá nhân)"
		)
	if not same_name(subject.common_name, holder.name):
		return f"chứng thư số của {subject.common_name or '?'}, nhưng hồ sơ ghi {who} là {holder.name}"
	if holder.role == PRINCIPAL_ROLE and subject.title and PRINCIPAL_TITLE not in subject.title.casefold():
		return f"chứng thư số ghi chức danh {subject.title!r}, không phải hiệu trưởng"
	return None
