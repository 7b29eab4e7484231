"""The signing service: add one signature of a chain to a rendered record PDF, or one signer's batch.

Every signature is a PAdES incremental update into a field the renderer created. The first signature of a
document certifies it (DocMDP, "form filling and signing allowed") so that later changes other than the next
signatures break it; every signature locks its own field (FieldMDP). The signer's name, the role and the
reason go into the signature dictionary and the role also into the CAdES ``signer-attributes-v2`` claim.
With a time stamp authority the result is PAdES B-T; with a :class:`~.verify.Trust` that has the CA's CRLs
it is B-LT (validation data embedded in the document security store), so a học bạ stays verifiable after
the teacher's certificate expires.

The service refuses what the chain forbids: a field outside the chain, out of order, signed twice, or a
signer whose certificate is not the one registered for the field's role holder.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from io import BytesIO

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields as pdf_fields
from pyhanko.sign import signers
from pyhanko.sign.ades.api import CAdESSignedAttrSpec, SignerAttrSpec
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import constants as signer_constants
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps.api import TimeStamper

from hoso_longan.core.gc_pause import gc_paused
from hoso_longan.core.signing import appearance
from hoso_longan.core.signing.aio import run_sync
from hoso_longan.core.signing.backends import certificate_name, signer_certificate
from hoso_longan.core.signing.chains import ROLE_LABELS, ChainError, ChainStep, SigningChain
from hoso_longan.core.signing.holders import RoleHolder, holder_problem
from hoso_longan.core.signing.metadata import prepare_signed_revision

MD_ALGORITHM = "sha256"
DEFAULT_LOCATION = "Việt Nam"


@dataclass(frozen=True)
class ExpectedSigner:
	"""The person who holds a field's role (given by the caller, e.g. the GVCN of *that* class).

	A teacher's CA certificate does not say "GVCN"; the application knows who holds which role and which
	certificates that person registered, so a field is bound to the SHA-256 fingerprints of those
	certificates. ``name`` is for reports.
	"""

	name: str
	cert_sha256: frozenset[str]

	@classmethod
	def from_certificates(cls, name: str, *certs: x509.Certificate) -> ExpectedSigner:
		return cls(name, frozenset(certificate_fingerprint(c) for c in certs))

	def matches(self, cert: x509.Certificate) -> bool:
		return certificate_fingerprint(cert) in self.cert_sha256


ExpectedSigners = Mapping[str, ExpectedSigner]


class SigningRefused(ChainError):
	"""The signature may not be made (wrong person, wrong order, field missing from the PDF).

	``field`` and ``signer`` locate the refusal (the CLI prints ``file: field (signer): reason``).
	"""

	def __init__(self, reason: str, *, field: str | None = None, signer: str | None = None) -> None:
		super().__init__(reason)
		self.reason = reason
		self.field = field
		self.signer = signer


def certificate_fingerprint(cert: x509.Certificate | asn1_x509.Certificate) -> str:
	der = (
		cert.dump()
		if isinstance(cert, asn1_x509.Certificate)
		else cert.public_bytes(serialization.Encoding.DER)
	)
	return hashlib.sha256(der).hexdigest()


def signed_fields(pdf: bytes) -> list[str]:
	"""Names of the signed fields of ``pdf``, in the order the signatures were added."""
	reader = PdfFileReader(BytesIO(pdf), strict=False)
	sigs = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
	return [s.field_name for s in sigs]


def empty_fields(pdf: bytes) -> list[str]:
	"""Names of the signature fields of ``pdf`` that are not signed yet."""
	return signature_field_states(PdfFileReader(BytesIO(pdf), strict=False))[1]


def _role_attribute(role: str) -> cms.AttCertAttribute:
	# X.509 "role" attribute (2.5.4.72), the claimed role of CAdES signer-attributes-v2.
	label = f"{role.upper()} - {ROLE_LABELS.get(role, role)}"
	return cms.AttCertAttribute(
		{
			"type": "role",
			"values": [
				cms.RoleSyntax({"role_name": {"uniform_resource_identifier": f"urn:hoso-longan:role:{role}"}})
			],
		}
	), label


def _lock_field(writer: IncrementalPdfFileWriter, field_name: str, locks: Sequence[str]) -> None:
	"""Give the field a /Lock dictionary (FieldMDP) if the renderer did not, locking ``locks``."""
	for _name, _value, ref in pdf_fields.enumerate_sig_fields(writer, with_name=field_name):
		field_dict = ref.get_object()
		if "/Lock" not in field_dict:
			field_dict["/Lock"] = pdf_fields.FieldMDPSpec(
				pdf_fields.FieldMDPAction.INCLUDE, list(locks) or [field_name]
			).as_pdf_object()
			writer.update_container(field_dict)
		return
	raise SigningRefused(f"tài liệu không có ô chữ ký {field_name}", field=field_name)


def check_signer(
	chain: SigningChain,
	field_name: str,
	cert: x509.Certificate,
	expected: ExpectedSigners | None,
	holders: Mapping[str, RoleHolder] | None = None,
	at: datetime | None = None,
) -> None:
	"""Refuse a certificate outside its validity period, and a signer who does not hold the field's role:
	not one of the certificates registered for its holder (``expected``), or not the holder the record
	names (``holders``, see :mod:`.holders`)."""
	signer = certificate_name(cert)
	at = at or datetime.now(timezone.utc)
	if at > cert.not_valid_after_utc:
		raise SigningRefused(
			f"chứng thư số đã hết hạn từ {appearance.signed_at_label(cert.not_valid_after_utc)}",
			field=field_name,
			signer=signer,
		)
	if at < cert.not_valid_before_utc:
		raise SigningRefused(
			f"chứng thư số chưa có hiệu lực (từ {appearance.signed_at_label(cert.not_valid_before_utc)})",
			field=field_name,
			signer=signer,
		)
	if expected is not None:
		registered = expected.get(field_name)
		if registered is None:
			raise SigningRefused(
				"không có chứng thư số nào được đăng ký cho ô này", field=field_name, signer=signer
			)
		if not registered.matches(cert):
			raise SigningRefused(
				f"chứng thư số không phải chứng thư đã đăng ký của {registered.name}",
				field=field_name,
				signer=signer,
			)
	if holders is not None:
		holder = holders.get(field_name)
		problem = holder_problem(holder, cert) if holder else "hồ sơ không có ô chữ ký này"
		if problem:
			raise SigningRefused(problem, field=field_name, signer=signer)


@dataclass
class _Opened:
	"""A document parsed once for the checks and for pyHanko's incremental writer."""

	pdf: bytes
	writer: IncrementalPdfFileWriter
	signed: list[str]
	empty: list[str]


# Signature field states of documents this process signed, by the SHA-256 of the signed bytes: the next
# signer of a chain opens exactly those bytes, whose fields are the previous ones plus the field just signed,
# so its walk over the form (a quarter of the cost of adding a signature to a page signed twenty times) is
# skipped. Any other bytes (changed, or signed elsewhere) are walked as before.
_KNOWN_STATES: OrderedDict[bytes, tuple[tuple[str, ...], tuple[str, ...]]] = OrderedDict()
_KNOWN_STATES_KEPT = 1024
_KNOWN_STATES_LOCK = threading.Lock()


def _open(pdf: bytes) -> _Opened:
	writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
	known = _KNOWN_STATES.get(hashlib.sha256(pdf).digest())
	if known is not None:
		return _Opened(pdf, writer, list(known[0]), list(known[1]))
	# One walk over the form: which fields carry a signature value and which are empty. (pyHanko's
	# embedded_signatures would also parse every signature's CMS, the bulk of the cost of opening a page
	# that twenty people have signed; the checks only need the names.)
	signed, empty = signature_field_states(writer.prev)
	return _Opened(pdf, writer, signed, empty)


def _remember_signed(opened: _Opened, field_name: str, signed_pdf: bytes) -> None:
	"""Record the field states of ``signed_pdf``: ``opened`` with ``field_name`` now signed (the signed ones
	in signing order: the chain checks only ask which are signed)."""
	if field_name not in opened.empty:
		return
	states = (
		(*opened.signed, field_name),
		tuple(name for name in opened.empty if name != field_name),
	)
	with _KNOWN_STATES_LOCK:
		_KNOWN_STATES[hashlib.sha256(signed_pdf).digest()] = states
		while len(_KNOWN_STATES) > _KNOWN_STATES_KEPT:
			_KNOWN_STATES.popitem(last=False)


def signature_field_states(handler) -> tuple[list[str], list[str]]:
	"""(signed, empty) signature field names in form order, as ``enumerate_sig_fields`` lists them.

	The same walk as pyHanko's (fully qualified names, inherited /FT, the same refusals), but a field counts
	as signed when it has a /V entry, without reading that signature dictionary: opening a page for its
	n-th signature no longer parses the n-1 signatures before it.
	"""
	signed: list[str] = []
	empty: list[str] = []
	try:
		fields = handler.root["/AcroForm"]["/Fields"]
	except KeyError:
		return signed, empty

	def walk(field_list, parent_name: str, parents: tuple, refs_seen: frozenset) -> None:
		if not isinstance(field_list, generic.ArrayObject):
			return
		for field_ref in field_list:
			if not isinstance(field_ref, generic.IndirectObject):
				continue
			if field_ref.reference in refs_seen:
				raise PdfReadError("Circular reference in form tree")
			field = field_ref.get_object()
			if not isinstance(field, generic.DictionaryObject) or "/T" not in field:
				continue
			name = field["/T"] if not parent_name else f"{parent_name}.{field['/T']}"
			path = (field, *parents)
			field_type = next((node["/FT"] for node in path if "/FT" in node), None)
			if field_type == "/Sig":
				(signed if "/V" in field else empty).append(name)
			if "/Kids" in field:
				walk(field["/Kids"], name, path, refs_seen | {field_ref.reference})

	walk(fields, "", (), frozenset())
	return signed, empty


def _check(opened: _Opened, field_name: str, chain: SigningChain) -> ChainStep:
	try:
		step = chain.check_can_sign(field_name, opened.signed)
	except ChainError as error:
		raise SigningRefused(str(error), field=field_name)
	if field_name not in opened.empty:
		raise SigningRefused(f"tài liệu không có ô chữ ký trống {field_name}", field=field_name)
	return step


@dataclass
class _Session:
	"""What stays the same for every document one signer signs in one call (a batch or a single one)."""

	signer: signers.Signer
	cert: x509.Certificate
	name: str | None
	location: str
	timestamper: TimeStamper | None
	validation_context: object | None
	embed_validation_info: bool
	bytes_reserved: int | None = None

	@classmethod
	async def start(
		cls,
		signer: signers.Signer,
		*,
		name: str | None,
		location: str,
		timestamper: TimeStamper | None,
		trust,
		embed_validation_info: bool | None,
	) -> _Session:
		if embed_validation_info is None:
			embed_validation_info = trust is not None
		session = cls(
			signer,
			signer_certificate(signer),
			name,
			location,
			timestamper,
			trust.validation_context() if embed_validation_info else None,
			embed_validation_info,
		)
		session.bytes_reserved = await contents_size(signer, timestamper)
		return session


# Room in /Contents, in DER bytes, for what the estimate does not count exactly: signed attributes
# (content type, digest, signing-certificate-v2, signer-attributes-v2 with the role), SignerInfo and
# SignedData framing, and the variable parts of a time stamp token (serial number, nonce, time).
_CMS_ALLOWANCE = 1536
_TST_ALLOWANCE = 512


async def contents_size(signer: signers.Signer, timestamper: TimeStamper | None = None) -> int:
	"""Hex digits to reserve for a signature's /Contents, from what its CMS container will hold.

	pyHanko otherwise sizes every signature by a dry run that costs as much as the signature. The
	container holds the certificates, the signature value, the attributes and the time stamp token;
	the first three are fixed for a signer, the token's size is the timestamper's (cached) dummy token.
	"""
	fixed = signer.__dict__.get("_hoso_cms_fixed_size")
	if fixed is None:
		cert = signer.signing_cert
		if cert is None:
			raise SigningError("the signer has no certificate")
		certs = [cert, *signer.cert_registry]
		key = cert.public_key
		key_bytes = (key.bit_size + 7) // 8
		signature = 2 * key_bytes + 9 if key.algorithm == "ec" else key_bytes + 9
		fixed = sum(len(c.dump()) for c in certs) + signature + 2 * len(cert.issuer.dump()) + _CMS_ALLOWANCE
		signer.__dict__["_hoso_cms_fixed_size"] = fixed
	size = fixed
	if timestamper is not None:
		size += len((await timestamper.async_dummy_response(MD_ALGORITHM)).dump()) + _TST_ALLOWANCE
	return 2 * size


# What the signature box shows: who signed, in what role, when (appearance.py), in the record's embedded font.
SIGNATURE_APPEARANCE = appearance.RecordStampStyle()


class PdfA3Signer(signers.PdfSigner):
	"""pyHanko's signer, keeping the document a PDF 1.7 file (PDF/A-3 is based on PDF 1.7).

	pyHanko declares the ISO/TS 32002 extension, and with it PDF 2.0 (catalog ``/Version /2.0``), whenever the
	key is ECDSA on one of that extension's curves (P-256 included). PDF 1.7 with the ESIC extension (PAdES),
	which pyHanko declares for every PAdES signature, already covers ECDSA signatures.
	"""

	def register_extensions(self, pdf_out: BasePdfFileWriter, *, md_algorithm: str) -> None:
		pdf_out.ensure_output_version((1, 7))
		pdf_out.register_extension(signer_constants.ESIC_EXTENSION_1)


def _validation_refusal(error: SigningError) -> str | None:
	"""Why pyHanko refused to sign with a certificate it could not validate (a trust was given), or None
	for any other signing error."""
	from pyhanko_certvalidator import errors

	cause = error.__cause__
	if isinstance(cause, errors.RevokedError):
		return f"chứng thư số đã bị thu hồi từ {appearance.signed_at_label(cause.revocation_dt)}"
	if isinstance(cause, errors.ExpiredError):
		return "chứng thư số đã hết hạn"
	if isinstance(cause, errors.NotYetValidError):
		return "chứng thư số chưa có hiệu lực"
	if isinstance(cause, errors.InsufficientRevinfoError):
		return "không có thông tin thu hồi (CRL) để kiểm tra chứng thư số"
	if isinstance(cause, errors.PathBuildingError):
		return "chứng thư số không dẫn tới CA gốc được tin cậy"
	if isinstance(cause, errors.PathValidationError):
		return f"chứng thư số không hợp lệ: {' '.join(str(cause).split())}"
	return None


async def _sign_opened(
	opened: _Opened,
	field_name: str,
	step: ChainStep,
	session: _Session,
	reason: str | None,
) -> bytes:
	writer, first = opened.writer, not opened.signed
	role_attr, role_label = _role_attribute(step.role)
	if not first:
		_lock_field(writer, field_name, step.locks)
	meta = signers.PdfSignatureMetadata(
		field_name=field_name,
		md_algorithm=MD_ALGORITHM,
		name=session.name or certificate_name(session.cert),
		reason=reason or step.reason,
		location=session.location,
		contact_info=role_label,
		certify=first,
		docmdp_permissions=pdf_fields.MDPPerm.FILL_FORMS,
		subfilter=pdf_fields.SigSeedSubFilter.PADES,
		embed_validation_info=session.embed_validation_info,
		validation_context=session.validation_context,
		# B-LT in the signature's own revision, so that nothing follows the last signature.
		dss_settings=DSSContentSettings(
			placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
		),
		cades_signed_attr_spec=CAdESSignedAttrSpec(
			signer_attributes=SignerAttrSpec(claimed_attrs=[role_attr], certified_attrs=())
		),
	)
	pdf_signer = PdfA3Signer(
		meta, session.signer, timestamper=session.timestamper, stamp_style=SIGNATURE_APPEARANCE
	)
	# In this signature's revision: the stamp's font (the first signature adds it to the form's resources),
	# and metadata on which the information dictionary and the XMP agree.
	stamp = appearance.stamp_parameters(
		font=appearance.stamp_font(writer, register=first),
		kind=appearance.SEAL if step.role == "dv" else appearance.PERSON,
		role=appearance.role_label(field_name),
		short_role=appearance.role_label(field_name, short=True),
	)
	prepare_signed_revision(writer, datetime.now(appearance.VIETNAM))
	output = BytesIO()
	try:
		await pdf_signer.async_sign_pdf(
			writer,
			existing_fields_only=True,
			output=output,
			bytes_reserved=session.bytes_reserved,
			appearance_text_params=stamp,
		)
	except SigningError as error:
		refusal = _validation_refusal(error)
		if refusal is not None:
			raise SigningRefused(refusal, field=field_name, signer=certificate_name(session.cert)) from None
		if session.bytes_reserved is None:
			raise
		# The estimate was too small (an unusual TSA or certificate): let pyHanko size it by a dry run.
		retry = replace(session, bytes_reserved=None)
		return await _sign_opened(_open(opened.pdf), field_name, step, retry, reason)
	signed = output.getvalue()
	_remember_signed(opened, field_name, signed)
	return signed


async def async_sign_field(
	pdf: bytes,
	field_name: str,
	signer: signers.Signer,
	*,
	chain: SigningChain,
	expected: ExpectedSigners | None = None,
	holders: Mapping[str, RoleHolder] | None = None,
	name: str | None = None,
	reason: str | None = None,
	location: str = DEFAULT_LOCATION,
	timestamper: TimeStamper | None = None,
	trust=None,
	embed_validation_info: bool | None = None,
) -> bytes:
	"""Async form of :func:`sign_field`."""
	opened = _open(pdf)
	step = _check(opened, field_name, chain)
	check_signer(chain, field_name, signer_certificate(signer), expected, holders)
	session = await _Session.start(
		signer,
		name=name,
		location=location,
		timestamper=timestamper,
		trust=trust,
		embed_validation_info=embed_validation_info,
	)
	return await _sign_opened(opened, field_name, step, session, reason)


@gc_paused()
def sign_field(
	pdf: bytes,
	field_name: str,
	signer: signers.Signer,
	*,
	chain: SigningChain,
	expected: ExpectedSigners | None = None,
	holders: Mapping[str, RoleHolder] | None = None,
	name: str | None = None,
	reason: str | None = None,
	location: str = DEFAULT_LOCATION,
	timestamper: TimeStamper | None = None,
	trust=None,
	embed_validation_info: bool | None = None,
) -> bytes:
	"""Sign ``field_name`` of ``pdf`` (a rendered record with empty fields) and return the new PDF bytes.

	``chain`` decides whether the field may be signed now; ``expected`` (field → the holder's registered
	certificates) and ``holders`` (field → the holder the record names, ``verification.record_holders``)
	decide whether this signer may sign it; a certificate outside its validity period never may. ``timestamper`` (RFC 3161 TSA) makes the signature PAdES B-T;
	``trust`` (:class:`~.verify.Trust` with the CA's CRLs) embeds validation data, B-LT. ``reason``
	defaults to the chain's reason for the role ("Giáo viên bộ môn: xác nhận kết quả môn TOAN").
	"""
	return run_sync(
		async_sign_field(
			pdf,
			field_name,
			signer,
			chain=chain,
			expected=expected,
			holders=holders,
			name=name,
			reason=reason,
			location=location,
			timestamper=timestamper,
			trust=trust,
			embed_validation_info=embed_validation_info,
		)
	)


@dataclass(frozen=True)
class BatchItem:
	"""One document of a batch: its bytes, the field this signer signs and the document's chain."""

	pdf: bytes
	field: str
	chain: SigningChain
	expected: ExpectedSigners | None = None
	holders: Mapping[str, RoleHolder] | None = None


@gc_paused()
def sign_batch(
	items: Sequence[BatchItem],
	signer: signers.Signer,
	*,
	name: str | None = None,
	location: str = DEFAULT_LOCATION,
	timestamper: TimeStamper | None = None,
	trust=None,
	embed_validation_info: bool | None = None,
) -> list[bytes]:
	"""One signer signs many documents with one unlock or one remote authorisation; results in order.

	The documents are prepared concurrently, so a remote signer (:class:`~.remote.RemoteSigner`) sees
	all document hashes at once and asks its service for one authorisation of the whole batch. Every
	document is checked against its chain first; nothing is signed if one of them is refused.
	"""
	opened = []
	cert = signer_certificate(signer)
	for item in items:
		document = _open(item.pdf)
		try:
			step = _check(document, item.field, item.chain)
		except SigningRefused as error:
			raise SigningRefused(f"từ chối cả lô: {error.reason}", field=error.field)
		try:
			check_signer(item.chain, item.field, cert, item.expected, item.holders)
		except SigningRefused as error:
			raise SigningRefused(f"từ chối cả lô: {error.reason}", field=error.field, signer=error.signer)
		opened.append((document, step))

	async def run() -> list[bytes]:
		# The per-signer work (certificate, validation context, /Contents size) is done once.
		session = await _Session.start(
			signer,
			name=name,
			location=location,
			timestamper=timestamper,
			trust=trust,
			embed_validation_info=embed_validation_info,
		)
		begin = getattr(signer, "begin_batch", None)
		if begin is not None:
			begin(len(items))
		return await asyncio.gather(
			*(
				_sign_opened(document, item.field, step, session, None)
				for item, (document, step) in zip(items, opened, strict=True)
			)
		)

	return list(run_sync(run()))
