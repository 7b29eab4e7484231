"""Verification of a signed record PDF against its chain and the holders of its roles.

For each signature: who signed (certificate name, fingerprint), the role the chain gives the field and the
role the signature claims, the time (a trusted RFC 3161 time stamp if present, else the signer's claim),
the certificate status at that time (trusted, expired, revoked, untrusted), what the signature covers, its
place in the chain, whether the signer holds the role (given the expected signers) and whether the
document changed after it in a way other than the next signatures of the chain. The document is valid
when every signature is, the order is the chain's and nothing follows the last signature.

The certificate is checked at the time of the signature's trusted time stamp, so a học bạ signed in 2025
still verifies after the teacher's certificate expires; ``Trust.moment`` overrides that time.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from io import BytesIO

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from hoso_longan.core.gc_pause import gc_paused
from hoso_longan.core.signing.aio import run_sync
from hoso_longan.core.signing.backends import certificate_name
from hoso_longan.core.signing.chains import ChainError, SigningChain
from hoso_longan.core.signing.diff_policy import RevisionByRevisionPolicy
from hoso_longan.core.signing.holders import RoleHolder, holder_problem
from hoso_longan.core.signing.service import ExpectedSigners, certificate_fingerprint, signature_field_states


def _asn1(cert: x509.Certificate | asn1_x509.Certificate) -> asn1_x509.Certificate:
	if isinstance(cert, asn1_x509.Certificate):
		return cert
	return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


UNREADABLE = "không đọc được tệp PDF"


@dataclass
class Trust:
	"""What the verifier trusts: root certificates, intermediate CAs, CRLs, and the validation time.

	``moment`` None means "at the signature's trusted time stamp, else now". Nothing is fetched from the
	network; revocation data come from ``crls`` and from the document itself (PAdES B-LT).
	"""

	roots: list[x509.Certificate]
	intermediates: list[x509.Certificate] = field(default_factory=list)
	crls: list[x509.CertificateRevocationList] = field(default_factory=list)
	moment: dt.datetime | None = None
	revocation_mode: str = "soft-fail"

	def validation_context(
		self, moment: dt.datetime | None = None, extra_crls=(), extra_certs=()
	) -> ValidationContext:
		roots, intermediates, crls = self._asn1_material()
		return ValidationContext(
			trust_roots=roots,
			other_certs=intermediates + list(extra_certs),
			crls=crls + list(extra_crls),
			moment=moment or self.moment,
			allow_fetching=False,
			revocation_mode=self.revocation_mode,
			# Today's CRL answers for a past signing time too (point-in-time validation of archives).
			retroactive_revinfo=True,
		)

	def _asn1_material(self) -> tuple[list, list, list]:
		"""Roots, intermediates and CRLs as asn1crypto objects, converted once.

		The objects are kept because asn1crypto caches what it derives from them (normalised names, key
		identifiers); fresh ones made every validation context cost about 3 ms each. A fresh context per
		use is still built, so its "now" is never stale. The key follows edits of the lists (the CLI adds
		the demo PKI's material after construction).
		"""
		key = (tuple(map(id, self.roots)), tuple(map(id, self.intermediates)), tuple(map(id, self.crls)))
		cached = self.__dict__.get("_asn1_cache")
		if cached is None or cached[0] != key:
			material = (
				[_asn1(c) for c in self.roots],
				[_asn1(c) for c in self.intermediates],
				[
					asn1_crl.CertificateList.load(c.public_bytes(serialization.Encoding.DER))
					for c in self.crls
				],
			)
			# The originals stay referenced, so their ids in the key cannot be reused by new objects.
			cached = (key, material, (list(self.roots), list(self.intermediates), list(self.crls)))
			self.__dict__["_asn1_cache"] = cached
		roots, intermediates, crls = cached[1]
		return list(roots), list(intermediates), list(crls)

	@classmethod
	def from_files(cls, roots=(), intermediates=(), crls=(), moment: dt.datetime | None = None) -> Trust:
		"""Trust from PEM/DER files (the CLI's ``--trust-root``, ``--ca``, ``--crl``)."""

		def certs(paths):
			out = []
			for path in paths:
				data = open(path, "rb").read()
				out += (
					x509.load_pem_x509_certificates(data)
					if b"-----BEGIN" in data
					else [x509.load_der_x509_certificate(data)]
				)
			return out

		def revocation_lists(paths):
			out = []
			for path in paths:
				data = open(path, "rb").read()
				out.append(
					x509.load_pem_x509_crl(data) if b"-----BEGIN" in data else x509.load_der_x509_crl(data)
				)
			return out

		return cls(certs(roots), certs(intermediates), revocation_lists(crls), moment)


class CertStatus(str, enum.Enum):
	TRUSTED = "trusted"
	EXPIRED = "expired"
	NOT_YET_VALID = "not_yet_valid"
	REVOKED = "revoked"
	UNTRUSTED = "untrusted"
	INVALID = "invalid"


@dataclass
class SignatureReport:
	"""The verdict on one signature of a record PDF."""

	field: str
	revision: int
	signer: str | None = None
	cert_sha256: str | None = None
	cert_serial: str | None = None
	issuer: str | None = None
	role: str | None = None
	claimed_role: str | None = None
	reason: str | None = None
	time: str | None = None
	timestamped: bool = False
	certifying: bool = False
	cert_status: str = CertStatus.INVALID.value
	intact: bool = False
	coverage: str | None = None
	changed_after: str | None = None
	docmdp_ok: bool | None = None
	order_ok: bool = True
	holder_ok: bool | None = None
	expected_holder: str | None = None
	validation_data_embedded: bool = False
	demo_certificate: bool = False
	problems: list[str] = field(default_factory=list)

	@property
	def ok(self) -> bool:
		return not self.problems


@dataclass(frozen=True)
class Failure:
	"""One reason a record PDF fails, located: the file, the signature field and its signer (when the
	reason is a signature's), and the reason."""

	file: str
	reason: str
	field: str | None = None
	signer: str | None = None

	@property
	def line(self) -> str:
		"""``hb.pdf: gvbm_TOAN_2025 (Lê Văn Toán): chứng thư số đã bị thu hồi``: one line, no traceback."""
		where = self.file
		if self.field:
			where += f": {self.field}" + (f" ({self.signer})" if self.signer else "")
		return f"{where}: {' '.join(self.reason.split())}"


@dataclass
class DocumentReport:
	"""The verdict on one record PDF: its signatures in order, what the chain still lacks, the problems."""

	path: str
	signatures: list[SignatureReport] = field(default_factory=list)
	unsigned_fields: list[str] = field(default_factory=list)
	missing_required: list[str] = field(default_factory=list)
	chain: str | None = None
	problems: list[str] = field(default_factory=list)

	@property
	def ok(self) -> bool:
		return not self.problems and all(s.ok for s in self.signatures)

	@property
	def complete(self) -> bool:
		return self.ok and not self.missing_required

	def failures(self, require_complete: bool = False) -> list[Failure]:
		"""Every reason this document fails, located; with ``require_complete`` the missing signatures too."""
		found = [Failure(self.path, problem) for problem in self.problems]
		found += [
			Failure(self.path, problem, sig.field, sig.signer)
			for sig in self.signatures
			for problem in sig.problems
		]
		if require_complete:
			found += [Failure(self.path, "chưa ký", field) for field in self.missing_required]
		return found

	def to_dict(self, require_complete: bool = False) -> dict:
		data = asdict(self)
		data["ok"] = self.ok
		data["complete"] = self.complete
		for sig, report in zip(data["signatures"], self.signatures, strict=False):
			sig["ok"] = report.ok
		data["failures"] = [
			{**asdict(failure), "line": failure.line} for failure in self.failures(require_complete)
		]
		return data


def _is_demo(cert: x509.Certificate) -> bool:
	from hoso_longan.core.signing.demo_pki import is_demo_certificate

	return is_demo_certificate(cert)


def _claimed_role(status) -> str | None:
	attrs = getattr(status, "cades_signer_attrs", None)
	if attrs is None or not attrs.claimed_attrs or "role" not in attrs.claimed_attrs:
		return None
	try:
		for value in attrs.claimed_attrs["role"].attr_values:
			name = value["role_name"].native
			if isinstance(name, str) and name.startswith("urn:hoso-longan:role:"):
				return name.rsplit(":", 1)[1]
			return str(name)
	except (KeyError, TypeError):
		return None
	return None


def _cert_status(status, cert: x509.Certificate, moment: dt.datetime) -> str:
	if status.revoked:
		return CertStatus.REVOKED.value
	if status.trusted:
		return CertStatus.TRUSTED.value
	if moment > cert.not_valid_after_utc:
		return CertStatus.EXPIRED.value
	if moment < cert.not_valid_before_utc:
		return CertStatus.NOT_YET_VALID.value
	return CertStatus.UNTRUSTED.value


@gc_paused()
def verify_pdf(
	pdf: bytes,
	*,
	trust: Trust,
	chain: SigningChain | None = None,
	expected: ExpectedSigners | None = None,
	path: str = "<bytes>",
	holders: Mapping[str, RoleHolder] | None = None,
) -> DocumentReport:
	"""Verify every signature of ``pdf``; with ``chain`` check order and completeness, with ``expected``
	(field → registered certificates) that each field was signed with a certificate registered for its role
	holder, with ``holders`` (field → the holder the record names) that the certificate is that holder's.
	"""
	report = DocumentReport(path, chain=f"{chain.record_type} {chain.form_version}" if chain else None)
	try:
		reader = PdfFileReader(BytesIO(pdf), strict=False)
		embedded = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
		signed_names, report.unsigned_fields = signature_field_states(reader)
	except Exception as error:  # a damaged file: report, never crash the batch
		report.problems.append(f"{UNREADABLE}: {_one_line(error)}")
		return report
	if not embedded:
		report.problems.append("tài liệu chưa có chữ ký nào")

	order = [sig.field_name for sig in embedded]
	order_problems = chain.order_problems(order) if chain else {}
	if chain:
		present = set(order)
		report.missing_required = [f for f in chain.required_fields if f not in present]
		# A signature field of the chain that is neither signed nor present any more: removed from the PDF.
		known = {*signed_names, *report.unsigned_fields}
		gone = [f for f in chain.fields if f not in known]
		if gone:
			report.problems.append(f"tài liệu thiếu các trường chữ ký: {', '.join(gone)}")

	last_index = len(embedded) - 1
	diff_policy = RevisionByRevisionPolicy()  # one per document: each revision is reviewed once
	revinfo = _RevocationInfo(reader)
	for index, sig in enumerate(embedded):
		item = SignatureReport(field=sig.field_name, revision=sig.signed_revision)
		report.signatures.append(item)
		# The validation data of this signature's revision (what its signer embedded, covered by it), with
		# what was added before the next signature covered the document (pyHanko's default B-LT placement),
		# or since, for the last one; a later revision cannot take them away.
		later = embedded[index + 1].signed_revision - 1 if index < last_index else None
		dss = revinfo.merged(sig.signed_revision, later)
		cert = _verify_one(sig, item, trust, dss, index == last_index, index == 0, diff_policy)
		if chain:
			try:
				item.role = chain.step(sig.field_name).role
			except ChainError:
				item.role = None
			if sig.field_name in order_problems:
				item.order_ok = False
				item.problems.append(f"ký sai thứ tự: {order_problems[sig.field_name]}")
			if item.claimed_role and item.role and item.claimed_role != item.role:
				item.problems.append(
					f"chữ ký nhận vai trò {item.claimed_role} nhưng ô này dành cho vai trò {item.role}"
				)
		if expected is not None:
			registered = expected.get(sig.field_name)
			item.expected_holder = registered.name if registered else None
			item.holder_ok = registered is not None and item.cert_sha256 in registered.cert_sha256
			if not item.holder_ok:
				item.problems.append(
					f"chứng thư số không phải chứng thư đã đăng ký của {registered.name}"
					if registered
					else "không có chứng thư số nào được đăng ký cho ô này"
				)
		if holders is not None and cert is not None:
			holder = holders.get(sig.field_name)
			problem = holder_problem(holder, cert) if holder else "hồ sơ không có ô chữ ký này"
			if item.expected_holder is None and holder is not None:
				item.expected_holder = holder.name
			item.holder_ok = item.holder_ok is not False and problem is None
			if problem:
				item.problems.append(problem)
	return report


def _one_line(error: BaseException) -> str:
	"""An exception as one line of text (library messages may span several)."""
	return " ".join(str(error).split()) or type(error).__name__


class _RevocationInfo:
	"""The document security store (PAdES B-LT: certificates, CRLs, OCSP responses) at each revision."""

	def __init__(self, reader: PdfFileReader) -> None:
		self.reader = reader
		self._by_revision: dict[int | None, tuple[list, list, bool]] = {}

	def at(self, revision: int | None) -> tuple[list, list, bool]:
		"""(CRLs, certificates, anything embedded) as of ``revision`` (None: the latest)."""
		if revision not in self._by_revision:
			self._by_revision[revision] = self._read(revision)
		return self._by_revision[revision]

	def merged(self, *revisions: int | None) -> tuple[list, list, bool]:
		crls, certs, embedded = {}, {}, False
		for revision in revisions:
			more_crls, more_certs, more = self.at(revision)
			crls.update((c.dump(), c) for c in more_crls)
			certs.update((c.dump(), c) for c in more_certs)
			embedded = embedded or more
		return list(crls.values()), list(certs.values()), embedded

	def _read(self, revision: int | None) -> tuple[list, list, bool]:
		from pyhanko.sign.validation.dss import DocumentSecurityStore

		handler = self.reader if revision is None else self.reader.get_historical_resolver(revision)
		try:
			dss = DocumentSecurityStore.read_dss(handler)
		except Exception:  # no DSS (yet) in that revision
			return [], [], False
		crls = [
			asn1_crl.CertificateList.load(c.get_object().data) if hasattr(c, "get_object") else c
			for c in dss.crls
		]
		return crls, list(dss.load_certs()), bool(crls or getattr(dss, "ocsps", None))


def _timestamp_time(sig) -> dt.datetime | None:
	"""The time a signature's time stamp token states (not yet validated)."""
	try:
		tst = sig.attached_timestamp_data
		return None if tst is None else tst["encap_content_info"]["content"].parsed["gen_time"].native
	except Exception:
		return None


def _verify_one(
	sig,
	item: SignatureReport,
	trust: Trust,
	dss: tuple[list, list, bool],
	is_last: bool,
	is_first: bool,
	diff_policy: RevisionByRevisionPolicy,
) -> x509.Certificate | None:
	"""Fill ``item`` with the verdict on ``sig``; gives the signer's certificate (None if unreadable)."""
	try:
		cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
	except Exception as error:
		item.problems.append(f"không đọc được chữ ký: {_one_line(error)}")
		return None
	item.signer = certificate_name(cert)
	item.cert_sha256 = certificate_fingerprint(cert)
	item.cert_serial = format(cert.serial_number, "x")
	item.issuer = cert.issuer.rfc4514_string()
	item.demo_certificate = _is_demo(cert)
	sig_obj = sig.sig_object
	item.reason = str(sig_obj["/Reason"]) if "/Reason" in sig_obj else None
	item.certifying = sig.docmdp_level is not None and is_first and "/Reference" in sig_obj

	extra_crls, extra_certs, item.validation_data_embedded = dss
	try:
		item.timestamped = sig.attached_timestamp_data is not None
	except Exception:
		pass

	# Validate the certificate at the trusted time of signing (PAdES B-T), not today: the time stamp is
	# checked now and the signer's certificate at the time it states, in one pass; only if the time stamp
	# turns out untrusted is the certificate checked again at the validation time.
	moment = trust.moment
	claimed_ts = None if moment is not None else _timestamp_time(sig)
	try:
		status = run_sync(
			async_validate_pdf_signature(
				sig,
				trust.validation_context(claimed_ts or moment, extra_crls, extra_certs),
				ts_validation_context=trust.validation_context(moment, extra_crls, extra_certs),
				diff_policy=diff_policy,
			)
		)
	except Exception as error:
		item.problems.append(f"không kiểm tra được chữ ký: {_one_line(error)}")
		return cert
	ts_time = None
	if status.timestamp_validity is not None:
		item.timestamped = True
		if status.timestamp_validity.trusted:
			ts_time = status.timestamp_validity.timestamp
		else:
			item.problems.append("dấu thời gian không đáng tin cậy")
	if claimed_ts is not None and ts_time != claimed_ts:
		status = run_sync(
			async_validate_pdf_signature(
				sig, trust.validation_context(moment, extra_crls, extra_certs), diff_policy=diff_policy
			)
		)
		ts_time = None
	at = moment or ts_time or dt.datetime.now(dt.timezone.utc)
	signing_time = ts_time or status.signer_reported_dt
	item.time = signing_time.isoformat() if signing_time else None
	item.claimed_role = _claimed_role(status)
	item.intact = bool(status.intact and status.valid)
	item.cert_status = _cert_status(status, cert, at)
	item.coverage = status.coverage.name.lower() if status.coverage is not None else None
	level = status.modification_level
	item.changed_after = level.name.lower() if level is not None else None
	item.docmdp_ok = status.docmdp_ok

	if not item.intact:
		item.problems.append("nội dung đã ký bị thay đổi hoặc giá trị chữ ký sai")
	if item.cert_status != CertStatus.TRUSTED.value:
		item.problems.append(_status_reason(item.cert_status, cert, at, status))
	if is_last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
		item.problems.append("tài liệu có nội dung được thêm sau chữ ký cuối cùng")
	elif not is_last and status.coverage not in (
		SignatureCoverageLevel.ENTIRE_REVISION,
		SignatureCoverageLevel.ENTIRE_FILE,
	):
		item.problems.append("chữ ký không bao trùm toàn bộ phiên bản tài liệu của nó")
	if level is not None and level > ModificationLevel.FORM_FILLING:
		item.problems.append(f"tài liệu bị sửa sau chữ ký này ({item.changed_after})")
	if status.docmdp_ok is False:
		item.problems.append("các thay đổi sau chữ ký này vi phạm quyền DocMDP/FieldMDP của nó")
	return cert


def _vn_time(moment: dt.datetime) -> str:
	from hoso_longan.core.signing.appearance import signed_at_label

	return signed_at_label(moment)


def _status_reason(cert_status: str, cert: x509.Certificate, at: dt.datetime, status) -> str:
	"""Why a certificate is not trusted, in Vietnamese, with the dates that decide it."""
	if cert_status == CertStatus.REVOKED.value:
		revoked = getattr(getattr(status, "revocation_details", None), "revocation_date", None)
		since = f" từ {_vn_time(revoked)}" if isinstance(revoked, dt.datetime) else ""
		return f"chứng thư số đã bị thu hồi{since} (thời điểm kiểm tra: {_vn_time(at)})"
	if cert_status == CertStatus.EXPIRED.value:
		return (
			f"chứng thư số đã hết hạn từ {_vn_time(cert.not_valid_after_utc)} "
			f"(thời điểm kiểm tra: {_vn_time(at)})"
		)
	if cert_status == CertStatus.NOT_YET_VALID.value:
		return f"chứng thư số chưa có hiệu lực ({_vn_time(cert.not_valid_before_utc)}) tại thời điểm ký {_vn_time(at)}"
	if cert_status == CertStatus.UNTRUSTED.value:
		return f"chứng thư số không do tổ chức chứng thực được tin cậy cấp ({cert.issuer.rfc4514_string()})"
	return "chứng thư số không hợp lệ"


def verify_file(
	path: str,
	*,
	trust: Trust,
	chain: SigningChain | None = None,
	expected: ExpectedSigners | None = None,
	holders: Mapping[str, RoleHolder] | None = None,
) -> DocumentReport:
	with open(path, "rb") as handle:
		return verify_pdf(
			handle.read(), trust=trust, chain=chain, expected=expected, path=path, holders=holders
		)


def expected_from_mapping(data: Mapping[str, Mapping]) -> ExpectedSigners:
	"""Expected signers from JSON: ``{"gvcn_2025": {"name": "...", "cert_sha256": ["ab12..."]}}``."""
	from hoso_longan.core.signing.service import ExpectedSigner

	return {
		field_name: ExpectedSigner(
			entry["name"], frozenset(x.lower().replace(":", "") for x in entry["cert_sha256"])
		)
		for field_name, entry in data.items()
	}
