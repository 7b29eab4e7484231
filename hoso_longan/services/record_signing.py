"""Signing in the desk: a user signs the fields of an official PDF that the record's chain gives them next.

- Which field comes next and who may sign it is the core's answer (``chain_for_record`` and ``sign_field``
  refuse a field out of order, a certificate that is not one registered for the field's holder, or one that
  is not the holder's the record itself names: ``holders=record_holders(record)``); this module only finds
  the user's own certificate, opens it with the secret typed at signing (PKCS#12 password, token PIN or the
  remote service's PIN/OTP: never stored), stores the new PDF and logs a Signature Record.
- The school's seal (``dv``, after the principal) is signed with the school's organisational certificate
  (School Seal Certificate, services/school_seal.py) by the principal or a records office staff member the
  school names (``apply_seal``, or the batch with ``seal=1``); never with a personal certificate.
- A workflow transition into a signed state (``GATES``) passes only if the user has signed their fields of
  that role on the current rendering (``check_signature_gate``, a validate hook).
- Batch: one class, every field the user holds next ("Ký tất cả học bạ của lớp / môn của tôi"), one
  unlock per round, as a background job with progress.
- A correction (re-render of a signed draft) logs the signatures it voids (``SigningChain.voided_by``).
"""

from __future__ import annotations

import hashlib

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, get_transitions
from frappe.utils import now_datetime
from frappe.utils.password import decrypt, encrypt

from hoso_longan.core.records.models import ClassBook, EducationPlan, HocBa, LessonPlan, record_to_data
from hoso_longan.core.records.signatures import chain_for_record, signature_slots
from hoso_longan.core.signing.chains import ChainError, changed_blocks
from hoso_longan.core.signing.fields import parse_signature_field
from hoso_longan.services import official_pdf, official_records, school_seal, signing_certificates
from hoso_longan.services.names import full_name
from hoso_longan.services.signing_certificates import open_signer

SEAL_ROLE = "dv"

# Workflow state → the roles (chain roles) whose fields the user must have signed to enter it.
GATES = {
	"Student Record Book Page": {"Homeroom Signed": ("gvcn",), "Approved": ("ht",)},
	"Class Assessment Book": {"Homeroom Signed": ("gvcn",), "Approved": ("ht",)},
	"Lesson Plan": {"Pending Approval": ("gv",), "Approved": ("ttcm",)},
	"Education Plan": {"Submitted": ("gv", "ttcm"), "Department Reviewed": ("ttcm",), "Approved": ("ht",)},
}


class SignatureRequired(frappe.ValidationError):
	pass


ROLE_LABELS = {
	"gvbm": "Subject teacher of {0}",
	"gvcn": "Homeroom teacher",
	"ttcm": "Head of department",
	"gv": "Teacher",
	"ht": "Principal",
	"dv": "School seal",
}


def describe_field(field: str) -> str:
	"""A signature box in words: "Giáo viên bộ môn Toán, học kì I", "Hiệu trưởng" (never its field id)."""
	from hoso_longan.core.assessment.catalogue import subject_name

	parts = parse_signature_field(field)
	text = _(ROLE_LABELS[parts["role"]]).format(subject_name(parts["subject"]) if parts["subject"] else "")
	if parts["term"]:
		text += ", " + (_("term I") if parts["term"] == "HK1" else _("term II"))
	if parts["role"] == "ht" and parts["year"] is None:
		# The học bạ's particulars page has the principal's box without a year, signed with the first year's
		# page: named apart from that year's box, which the principal signs in the same act.
		text += ", " + _("particulars page")
	return text


def signed_fields_of(pdf: bytes) -> list[str]:
	from hoso_longan.core.signing.service import signed_fields

	return signed_fields(pdf)


# --- trust and certificates ----------------------------------------------------------------------------------


def site_trust():
	"""The trust anchors of this site (site_config ``hoso_longan_trust``: roots, intermediates, crls paths)."""
	from hoso_longan.core.signing.verify import Trust

	config = frappe.conf.get("hoso_longan_trust")
	if not config:
		return None
	return Trust.from_files(
		roots=config.get("roots") or (),
		intermediates=config.get("intermediates") or (),
		crls=config.get("crls") or (),
	)


def _load_certificate(pem: str):
	from cryptography import x509

	return x509.load_pem_x509_certificate(pem.encode())


def user_certificates(user: str) -> list:
	"""Enabled, currently valid Signing Certificates of ``user`` (names and PEMs)."""
	now = now_datetime()
	return frappe.get_all(
		"Signing Certificate",
		filters={"user": user, "enabled": 1, "valid_from": ["<=", now], "valid_to": [">=", now]},
		fields=["name", "certificate_pem", "serial_number"],
		order_by="valid_to desc",
	)


def expected_signers(holders: dict[str, str]) -> dict:
	"""Field → the holder's registered certificates, for the core's signer check."""
	from hoso_longan.core.signing.service import ExpectedSigner

	expected, cache = {}, {}
	for field, user in holders.items():
		if not user:
			continue
		if user not in cache:
			certs = [_load_certificate(c.certificate_pem) for c in user_certificates(user)]
			cache[user] = ExpectedSigner.from_certificates(full_name(user), *certs) if certs else None
		if cache[user] is not None:
			expected[field] = cache[user]
	return expected


def expected_for(official) -> dict:
	"""The registered certificates of every field of ``official``: each person's Signing Certificates, and
	the school's seal certificates for its seal fields."""
	from hoso_longan.core.signing.service import ExpectedSigner

	expected = expected_signers(official.holders)
	seals = [_load_certificate(c.certificate_pem) for c in school_seal.school_seals(official.school)]
	if seals:
		school = ExpectedSigner.from_certificates(school_seal.school_name(official.school), *seals)
		expected.update({field: school for field in seal_fields(official)})
	return expected


def seal_fields(official) -> list[str]:
	return [slot.name for slot in signature_slots(official.record) if slot.role == SEAL_ROLE]


def own_certificate(name: str | None = None, *, check_holder: bool = True):
	"""The session user's certificate (the named one, or their newest valid one); never someone else's.
	Without ``check_holder`` the caller checks the name it is issued to (``check_own_name``) itself."""
	user = frappe.session.user
	if name:
		cert = frappe.get_doc("Signing Certificate", name)
		if cert.user != user:
			frappe.throw(
				_("You can only sign with your own certificate."),
				frappe.PermissionError,
				title=_("Not Your Certificate"),
			)
		if not cert.enabled or not any(c.name == cert.name for c in user_certificates(user)):
			frappe.throw(
				_("Certificate {0} is disabled or not valid today.").format(name),
				title=_("No Valid Certificate"),
			)
	else:
		found = user_certificates(user)
		if not found:
			frappe.throw(
				_("You have no valid signing certificate. Register one under Signing Certificate."),
				title=_("No Valid Certificate"),
			)
		cert = frappe.get_doc("Signing Certificate", found[0].name)
	if check_holder:
		check_own_name(cert)
	return cert


def check_own_name(cert, doc=None, field: str | None = None) -> None:
	"""The certificate is issued to the session user's own name. Registration checked it; a row changed behind
	the form's back is caught here too (located on ``doc``'s ``field`` when signing one)."""
	from hoso_longan.core.signing.backends import certificate_name

	certificate = _load_certificate(cert.certificate_pem)
	problem = signing_certificates.holder_problem(certificate, frappe.session.user)
	if problem:
		if doc is not None:
			problem = refused(doc, field, certificate_name(certificate), problem)
		frappe.throw(problem, frappe.PermissionError, title=_("Not Your Certificate"))


# --- the log -------------------------------------------------------------------------------------------------


def _verification(pdf: bytes, field: str, official) -> tuple[str, str]:
	"""The core's verdict on the signature just made: registered certificate and the record's holder both."""
	from hoso_longan.core.verification import record_report

	trust = site_trust()
	if trust is None:
		return "Not Verified", _("No trust anchors are configured on this site.")
	report = record_report(pdf, trust, expected_for(official), record=official.record, check_holders=True)
	sig = next((s for s in report.signatures if s.field == field), None)
	problems = list(report.problems) + (list(sig.problems) if sig else [_("signature not found")])
	return ("Valid", "") if not problems else ("Invalid", "\n".join(problems))


def log_signature(doc, official, field: str, pdf: bytes, cert, event: str = "Signed", detail: str = ""):
	verification, detail_text = ("Not Verified", detail)
	if event == "Signed":
		verification, detail_text = _verification(pdf, field, official)
	record = frappe.get_doc(
		{
			"doctype": "Signature Record",
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"school": official.school,
			"field_name": field,
			"role": parse_signature_field(field)["role"],
			"event": event,
			"content_hash": doc.get("content_hash") or "",
			"pdf_sha256": hashlib.sha256(pdf).hexdigest() if pdf else "",
			"signer": frappe.session.user if event == "Signed" else (official.holders.get(field) or ""),
			"signed_at": now_datetime(),
			"signing_certificate": cert.name if cert and cert.doctype == "Signing Certificate" else None,
			"seal_certificate": cert.name if cert and cert.doctype == school_seal.DOCTYPE else None,
			"certificate_serial": cert.serial_number if cert else "",
			"verification": verification,
			"verification_detail": detail_text,
		}
	)
	record.flags.ignore_permissions = True
	record.insert()
	return record.name


# --- signing -------------------------------------------------------------------------------------------------


def my_next_fields(official, pdf: bytes, user: str, seal: bool = False) -> list[str]:
	"""The fields ``user`` signs next: those the record's holders give them, or with ``seal`` the school's
	seal fields (who may apply the seal is ``school_seal.seal_for``'s answer)."""
	chain = chain_for_record(official.record)
	upcoming = chain.next_fields(signed_fields_of(pdf))
	if seal:
		return [f for f in upcoming if parse_signature_field(f)["role"] == SEAL_ROLE]
	return [f for f in upcoming if official.holders.get(f) == user]


def refused(doc, field: str | None, signer: str | None, reason: str) -> str:
	"""A refusal located as the core locates it: document, signature box (in words), signer, reason."""
	where = doc.name
	if field:
		where += ", " + describe_field(field)
	if signer:
		where += f" ({signer})"
	return _("Signing refused: {0}: {1}").format(where, reason)


def check_holder_before_signing(doc, official, field: str, cert) -> None:
	"""Refuse before asking the token or the service: the record names someone else for ``field``."""
	from hoso_longan.core.signing.backends import certificate_name
	from hoso_longan.core.verification import signer_problem

	certificate = _load_certificate(cert.certificate_pem)
	problem = signer_problem(official.record, field, certificate)
	if problem:
		frappe.throw(
			refused(doc, field, certificate_name(certificate), problem),
			SignatureRequired,
			title=_("Not the Signer the Record Names"),
		)


def _sign_one(doc, official, signer, cert, seal: bool = False) -> list[str]:
	"""Sign every field the user holds next (e.g. the principal's two boxes); returns the fields signed."""
	from hoso_longan.core.signing.service import SigningRefused, sign_field
	from hoso_longan.core.verification import record_holders

	user, done = frappe.session.user, []
	chain = chain_for_record(official.record)
	expected = expected_for(official)
	holders = record_holders(official.record)
	pdf = official_pdf.current_pdf(doc)
	while fields := my_next_fields(official, pdf, user, seal):
		try:
			pdf = sign_field(pdf, fields[0], signer, chain=chain, expected=expected, holders=holders)
		except SigningRefused as error:
			frappe.throw(
				refused(doc, error.field or fields[0], error.signer, error.reason),
				SignatureRequired,
				title=_("Signing Refused"),
			)
		official_pdf.store_pdf(doc, pdf, doc.content_hash)
		log_signature(doc, official, fields[0], pdf, cert)
		done.append(fields[0])
	return done


def _signed(doctype: str, name: str, done: list[str]) -> dict:
	return {
		**official_pdf.describe(frappe.get_doc(doctype, name)),
		"signed_now": done,
		"signed_now_labels": [describe_field(field) for field in done],
	}


@frappe.whitelist()
def sign_document(
	doctype: str, name: str, secret: str, action: str | None = None, certificate: str | None = None
):
	"""Sign the user's next fields of the document's official PDF; then apply the workflow ``action``."""
	from hoso_longan.services import locks

	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	locks.guard(doc)  # a signature changes the stored record: not while a lock or an inspection covers it
	official = official_pdf.render_document(doc)
	doc.reload()
	cert = own_certificate(certificate, check_holder=False)
	fields = my_next_fields(official, official_pdf.current_pdf(doc), frappe.session.user)
	# Someone else's certificate: the record's check first, which says whose it is and whom the record names
	# for the box, then the account's own name; each refusal says where (document, box, certificate holder).
	if fields:
		check_holder_before_signing(doc, official, fields[0], cert)
	check_own_name(cert, doc, fields[0] if fields else None)
	if not fields:
		frappe.throw(
			_("Nothing of this document is yours to sign now.")
			+ " "
			+ refusal(official, official_pdf.current_pdf(doc), frappe.session.user),
			SignatureRequired,
			title=_("Nothing to Sign"),
		)
	with open_signer(cert, secret) as signer:
		done = _sign_one(doc, official, signer, cert)
	if action:
		apply_workflow(frappe.get_doc(doctype, name), action)
	return _signed(doctype, name, done)


@frappe.whitelist()
def apply_seal(doctype: str, name: str, secret: str):
	"""Sign the school's seal field with the school's organisational certificate (after the principal)."""
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	official = official_pdf.render_document(doc)
	doc.reload()
	seal = school_seal.seal_for(frappe.session.user, official.school)
	fields = my_next_fields(official, official_pdf.current_pdf(doc), frappe.session.user, seal=True)
	if not fields:
		frappe.throw(
			_("The school's seal is applied after the principal has signed, once per document."),
			SignatureRequired,
			title=_("Seal Not Applied"),
		)
	check_holder_before_signing(doc, official, fields[0], seal)
	with open_signer(seal, secret) as signer:
		done = _sign_one(doc, official, signer, seal, seal=True)
	return _signed(doctype, name, done)


def check_signature_gate(doc, method=None):
	"""validate hook: entering a signed workflow state needs the user's signature on the current rendering."""
	roles = GATES.get(doc.doctype, {}).get(doc.get("workflow_state"))
	before = doc.get_doc_before_save()
	if not roles or not before or before.get("workflow_state") == doc.workflow_state:
		return
	user = frappe.session.user
	official = official_records.official_record(doc)
	from hoso_longan.core.records.models import record_hash

	mine = [
		f
		for f, holder in official.holders.items()
		if holder == user and parse_signature_field(f)["role"] in roles
	]
	current = record_hash(official.record) == doc.get("content_hash")
	signed = set(
		frappe.get_all(
			"Signature Record",
			filters={
				"reference_doctype": doc.doctype,
				"reference_name": doc.name,
				"signer": user,
				"event": "Signed",
				"content_hash": doc.get("content_hash") or "",
			},
			pluck="field_name",
		)
	)
	if not mine or not current or not set(mine) <= signed:
		frappe.throw(
			_("Sign the official PDF first (button Sign): {0} needs your digital signature.").format(
				_(doc.workflow_state)
			),
			SignatureRequired,
			title=_("Signature Required"),
		)


def advance_workflow(doc) -> str | None:
	"""After a batch signature: take the gated transition the user may now take (e.g. Sign as Homeroom)."""
	gates = GATES.get(doc.doctype, {})
	for transition in get_transitions(doc):
		if transition.next_state in gates:
			try:
				apply_workflow(doc, transition.action)
				return transition.action
			except SignatureRequired:
				frappe.clear_last_message()
				return None
	return None


def _class_credential(student_group: str, certificate: str | None, seal: bool):
	"""The user's own certificate, or for the seal the school's seal certificate they may apply."""
	if seal:
		from hoso_longan.services.assignments import class_context

		return school_seal.seal_for(frappe.session.user, class_context(student_group).school)
	return own_certificate(certificate)


def refusal(official, pdf: bytes | None, user: str) -> str:
	"""Why ``user`` cannot sign this document now, naming who signs before them."""
	chain = chain_for_record(official.record)
	signed = signed_fields_of(pdf) if pdf else []
	mine = [f for f, holder in official.holders.items() if holder == user]
	if not mine:
		return _("You hold no signature on this document.")
	if set(mine) <= set(signed):
		return _("Already signed by you.")
	waiting = sorted({full_name(official.holders.get(f)) or f for f in chain.next_fields(signed)})
	return _("Not your turn yet: waiting for {0}.").format(", ".join(waiting))


def _prepare(doctype: str, name: str, user: str, seal: bool = False):
	"""The document and its official record, ready to be signed by ``user`` (with ``seal``: sealed); raises
	with the reason if not."""
	from hoso_longan.services import locks

	doc = frappe.get_doc(doctype, name)
	if not frappe.has_permission(doctype, "read", doc):
		frappe.throw(
			_("You are not permitted to read {0} {1}.").format(_(doctype), name),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	# the seal follows the principal's signature, usually once the document is approved (submitted)
	if doc.docstatus == 2 or (doc.docstatus == 1 and not seal):
		frappe.throw(
			_("{0} {1} is signed through its whole chain.").format(_(doctype), name),
			title=_("Already Signed"),
		)
	locks.guard(doc)
	official = official_pdf.render_document(doc)
	doc.reload()
	if not my_next_fields(official, official_pdf.current_pdf(doc), user, seal):
		if seal:
			frappe.throw(
				_("The school's seal is applied after the principal has signed, once per document."),
				SignatureRequired,
				title=_("Seal Not Applied"),
			)
		frappe.throw(
			refusal(official, official_pdf.current_pdf(doc), user),
			SignatureRequired,
			title=_("Nothing to Sign"),
		)
	return doc, official


def sign_documents(
	refs: list[tuple[str, str]],
	secret: str,
	certificate: str | None = None,
	on_progress=None,
	seal: bool = False,
	credential=None,
) -> dict:
	"""Batch: every field the user holds next on each document, one unlock of the certificate, one
	``sign_batch`` per round (a round per field of the longest chain). A document that cannot be signed is
	left out with its reason (``failed``: name → reason); the others are signed. ``on_progress(done, total)``
	is called as documents are prepared (the first half) and signed (the second). With ``seal``, the
	school's seal field of each document, with ``credential`` (the School Seal Certificate)."""
	from hoso_longan.core.signing.service import BatchItem, SigningRefused, sign_batch, sign_field
	from hoso_longan.core.verification import record_holders

	user = frappe.session.user
	cert = credential or own_certificate(certificate)
	total = len(refs)
	documents, failed = [], {}
	for index, (doctype, name) in enumerate(refs, start=1):
		try:
			documents.append(_prepare(doctype, name, user, seal))
		except (frappe.ValidationError, frappe.PermissionError, frappe.DoesNotExistError) as error:
			failed[name] = frappe.utils.strip_html(str(error)) or _("Not ready to be signed.")
			frappe.clear_last_message()
		if on_progress:
			on_progress(index, 2 * total)
	# What each document's signers are checked against: its chain, the registered certificates and the
	# holders its record names.
	checks = {
		doc.name: (chain_for_record(official.record), expected_for(official), record_holders(official.record))
		for doc, official in documents
	}
	signed: dict[str, list[str]] = {}
	with open_signer(cert, secret) as signer:
		for _round in range(500):  # a round per field of the longest chain (the class book: ~30)
			items, owners = [], []
			for doc, official in documents:
				if doc.name in failed:
					continue
				pdf = official_pdf.current_pdf(doc)
				fields = my_next_fields(official, pdf, user, seal)
				if fields:
					items.append(BatchItem(pdf, fields[0], *checks[doc.name]))
					owners.append((doc, official, fields[0]))
			if not items:
				break
			try:
				pdfs = sign_batch(items, signer)
			except SigningRefused:
				pdfs = []  # find the document the core refuses: sign this round one by one
				for item, (doc, _official, _field) in zip(items, owners, strict=True):
					try:
						pdfs.append(
							sign_field(
								item.pdf,
								item.field,
								signer,
								chain=item.chain,
								expected=item.expected,
								holders=item.holders,
							)
						)
					except SigningRefused as error:
						failed[doc.name] = refused(doc, error.field or item.field, error.signer, error.reason)
						pdfs.append(None)
			for (doc, official, field), pdf in zip(owners, pdfs, strict=True):
				if pdf is None:
					continue
				official_pdf.store_pdf(doc, pdf, doc.content_hash)
				log_signature(doc, official, field, pdf, cert)
				signed.setdefault(doc.name, []).append(field)
			if on_progress:
				on_progress(total + len(signed), 2 * total)
	advanced = {}
	for doc, _official in documents:
		if doc.name in signed and not seal:
			action = advance_workflow(frappe.get_doc(doc.doctype, doc.name))
			if action:
				advanced[doc.name] = action
	if on_progress:
		on_progress(2 * total, 2 * total)
	return {"signed": signed, "advanced": advanced, "failed": failed}


def sign_class(
	student_group: str,
	secret: str,
	certificate: str | None = None,
	progress: bool = True,
	seal: bool = False,
) -> dict:
	"""Batch: every document of a class where the user signs next ("Ký tất cả học bạ của lớp / môn của
	tôi"); with ``seal`` the school's seal on every document the principal has signed ("Đóng dấu số cả
	lớp"). Documents the user may not read or already closed are left out."""
	credential = _class_credential(student_group, certificate, seal)
	refs = []
	for doctype, name in official_pdf.class_documents(student_group):
		doc = frappe.get_doc(doctype, name)
		if doc.docstatus == 2 or (doc.docstatus == 1 and not seal):
			continue
		if frappe.has_permission(doctype, "read", doc):
			refs.append((doctype, name))

	def publish(done, total):
		frappe.publish_progress(
			100 * done / max(total, 1),
			title=_("Signing"),
			description=_("{0}: {1} of {2} documents").format(student_group, done, total),
		)

	return sign_documents(
		refs,
		secret,
		certificate,
		on_progress=publish if progress else None,
		seal=seal,
		credential=credential,
	)


def sign_class_job(student_group: str, secret: str, certificate: str | None = None, seal: bool = False):
	result = sign_class(student_group, decrypt(secret), certificate, seal=seal)
	if not frappe.flags.in_test:
		frappe.db.commit()  # the desk reloads the form when it reads 100%: the signatures must be there
	frappe.publish_progress(
		100,
		title=_("Signing"),
		description=_("{0}: {1} documents signed").format(student_group, len(result["signed"])),
	)
	return result


@frappe.whitelist()
def enqueue_class_signing(
	student_group: str, secret: str, certificate: str | None = None, seal: int | bool = 0
) -> str:
	"""Desk button "Ký tất cả học bạ của lớp / môn của tôi" (with ``seal``: "Đóng dấu số cả lớp"): a
	background job for the class.

	The secret travels to the worker encrypted with the site key inside the job and is never written to
	the database."""
	from frappe.utils import cint

	seal = bool(cint(seal))
	frappe.has_permission("Student Record Book Page", "read", throw=True)  # each document is checked too
	_class_credential(student_group, certificate, seal)  # refuse early: someone else's, or none at all
	job_id = f"hoso-sign::{student_group}::{frappe.session.user}" + ("::seal" if seal else "")
	frappe.enqueue(
		"hoso_longan.services.record_signing.sign_class_job",
		queue="long",
		job_id=job_id,
		deduplicate=True,
		student_group=student_group,
		secret=encrypt(secret),
		certificate=certificate,
		seal=seal,
		now=bool(frappe.flags.in_test),
	)
	return job_id


# --- corrections ---------------------------------------------------------------------------------------------


def record_blocks(record) -> dict[str, object]:
	"""The data each chain block attests (``subject:<CODE>[:<TERM>]``, ``class_summary``, ``approval`` …).

	NOTE: this mapping belongs in the core next to the chains; it lives here until the core has it."""
	data = record_to_data(record)
	blocks: dict[str, object] = {}
	if isinstance(record, HocBa):
		blocks["particulars"] = [data["student"], data["history"]]
		for page in data["years"]:
			for row in page["subjects"]:
				blocks[f"subject:{row['code']}"] = row
			summary = {k: v for k, v in page.items() if k not in ("subjects", "principal")}
			blocks["class_summary"] = summary
			blocks["approval"] = page["principal"]
	elif isinstance(record, ClassBook):
		for subject in data["subjects"]:
			for term in ("HK1", "HK2"):
				blocks[f"subject:{subject['code']}:{term}"] = [subject[term.lower()], subject["teachers"]]
		blocks["class_summary"] = [data["students"], data["results"], data["attendance"], data["gvcn"]]
		blocks["approval"] = [data["principal"], data["remarks"]]
	elif isinstance(record, (LessonPlan, EducationPlan)):
		approval = {k: data.get(k) for k in ("head_of_department", "approval_comment", "principal")}
		blocks["content"] = {k: v for k, v in data.items() if k not in approval}
		blocks["approval"] = approval
		blocks["review"] = data.get("head_of_department")
	return blocks


def void_signatures(doc, old_pdf: bytes, official, signed_before: list[str]) -> list[str]:
	"""A signed draft is rendered again: log the signatures the correction voids, tell who signs again."""
	from hoso_longan.core.render.renderer import read_embedded_record

	chain = chain_for_record(official.record)
	try:
		old_blocks = record_blocks(read_embedded_record(old_pdf))
		new_blocks = record_blocks(official.record)
		changed = [
			b
			for b in changed_blocks(old_blocks, new_blocks)
			if b in {x for s in chain.steps for x in s.blocks}
		]
		voided = [f for f in chain.voided_by(changed) if f in signed_before]
	except (ChainError, ValueError, KeyError):
		voided = list(signed_before)
	for field in voided:
		log_signature(doc, official, field, old_pdf, None, event="Voided", detail=_("Voided by a correction"))
	if voided:
		holders = sorted({official.holders.get(f) or f for f in voided})
		doc.add_comment(
			"Info",
			_(
				"The official record was corrected after signing. Signatures voided: {0}. To sign again: {1}."
			).format(", ".join(voided), ", ".join(holders)),
		)
	return voided
