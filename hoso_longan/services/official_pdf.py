"""The official PDF of a document (bản chính thức): built by the core renderer, stored as a private File.

A document's ``official_pdf`` is the current rendering (with every signature made on it so far, as
incremental updates) and ``content_hash`` the SHA-256 of the record it binds (``core.records.models
.record_hash``, also in the QR code). A draft whose data changed is rendered again; if the old rendering was
signed, that is a correction: the signatures it voids are logged (``record_signing.void_signatures``) and
the new rendering is signed again. A signed (submitted) document is never re-rendered here.

Many documents (a class, a school) render as background jobs, one class per job, with progress.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import frappe
from frappe import _

from hoso_longan.core.records.models import record_hash
from hoso_longan.services import official_records

CLASS_DOCTYPES = ("Class Assessment Book", "Student Record Book Page")


def ascii_name(text: str) -> str:
	"""A file or folder name in plain ASCII (Đ → D, accents dropped, anything else → '-')."""
	text = unicodedata.normalize("NFKD", (text or "").replace("Đ", "D").replace("đ", "d"))
	text = "".join(ch for ch in text if not unicodedata.combining(ch))
	return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "record"


def check_print_permission(doc) -> None:
	if not frappe.has_permission(doc.doctype, "print", doc):
		frappe.throw(
			_("You are not permitted to print {0} {1}.").format(_(doc.doctype), doc.name),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


def _file_of(doc):
	if not doc.get("official_pdf"):
		return None
	name = frappe.db.get_value(
		"File",
		{"file_url": doc.official_pdf, "attached_to_doctype": doc.doctype, "attached_to_name": doc.name},
	)
	return frappe.get_doc("File", name) if name else None


def current_pdf(doc) -> bytes | None:
	"""The bytes of the document's current official PDF, or None."""
	file = _file_of(doc)
	return file.get_content() if file else None


def store_pdf(doc, pdf: bytes, content_hash: str, *, keep_previous: bool = False) -> str:
	"""Attach ``pdf`` to ``doc`` as a private File and point ``official_pdf`` at it.

	A newly signed version contains the previous one (signatures are incremental updates), so the previous
	File is removed unless ``keep_previous`` (a correction keeps the old signed rendering as evidence): its
	row now, its content on disk once the transaction commits (``_remove_replaced``).

	Frappe writes "attached …" and "removed attachment …" into the document's activity when a File attached to
	it is inserted or deleted: one pair per signature, which buries the signatures themselves (the workflow's
	lines and the Signature Records say who signed what). So the File is attached by setting its reference
	fields after the insert, and the replaced one is removed without Frappe's File.on_trash: the document's
	attachments are the same, without those lines.
	"""
	previous = _file_of(doc)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{ascii_name(doc.name)}.pdf",
			"is_private": 1,
			"content": pdf,
		}
	)
	file.flags.ignore_permissions = True
	file.flags.ignore_duplicate_entry_error = True  # its own file on disk, never another document's
	file.insert()
	file.db_set(
		{
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "official_pdf",
		},
		update_modified=False,
	)
	doc.db_set({"official_pdf": file.file_url, "content_hash": content_hash}, update_modified=False)
	if previous and not keep_previous:
		_remove_replaced(previous)
	return file.file_url


def _remove_replaced(file) -> None:
	"""Delete a replaced rendering's row, and its content on disk after the commit. Frappe's File.on_trash
	deletes the content at once: if a later step of the signing failed and the transaction rolled back, the
	document would point again at the previous rendering, whose file is gone."""
	frappe.db.delete("File", file.name)
	frappe.db.after_commit.add(lambda: _delete_content_unless_used(file))


def _delete_content_unless_used(file) -> None:
	# A File row may point at the same content again: a rollback to a savepoint brought it back, or Frappe
	# stored identical content once for two Files.
	if not frappe.db.exists("File", {"file_url": file.file_url}):
		file.delete_file_data_content()


def verify_url() -> str:
	"""Where the QR code on every page points: this site's public verification page (``/xac-minh``,
	www/xac-minh.html), or site_config ``hoso_longan_verify_url`` (e.g. the school's public address)."""
	return frappe.conf.get("hoso_longan_verify_url") or frappe.utils.get_url("/xac-minh")


def render_document(doc, *, force: bool = False) -> official_records.OfficialRecord:
	"""Make sure ``doc`` has a current official PDF; returns the record it binds (and its signers)."""
	from hoso_longan.core.render.renderer import render_pdf
	from hoso_longan.services import record_signing

	official = official_records.official_record(doc)
	digest = record_hash(official.record)
	existing = current_pdf(doc)
	if existing and (doc.docstatus != 0 or (digest == doc.get("content_hash") and not force)):
		return official
	rendered = render_pdf(official.record, verify_url=verify_url())
	signed_before = record_signing.signed_fields_of(existing) if existing else []
	if signed_before:
		record_signing.void_signatures(doc, existing, official, signed_before)
	store_pdf(doc, rendered.pdf, rendered.content_hash, keep_previous=bool(signed_before))
	return official


def describe(doc) -> dict:
	"""What the desk shows: the file, its hash, signed fields, and who signs next."""
	from hoso_longan.core.records.signatures import chain_for_record
	from hoso_longan.services import record_signing

	official = official_records.official_record(doc)
	pdf = current_pdf(doc)
	signed = record_signing.signed_fields_of(pdf) if pdf else []
	chain = chain_for_record(official.record)
	upcoming = chain.next_fields(signed)
	seals = set(record_signing.seal_fields(official)) & set(upcoming)
	return {
		"file_url": doc.get("official_pdf"),
		"content_hash": doc.get("content_hash"),
		"sha256": hashlib.sha256(pdf).hexdigest() if pdf else None,
		"signed": signed,
		"next": [
			{
				"field": f,
				"user": official.holders.get(f) or "",
				"seal": f in seals,
				"mine": (
					may_seal(official.school)
					if f in seals
					else official.holders.get(f) == frappe.session.user
				),
			}
			for f in upcoming
		],
	}


def may_seal(school: str) -> bool:
	"""The session user may apply the school's seal now (a valid seal certificate that names them)."""
	from hoso_longan.services import school_seal

	found = school_seal.school_seals(school)
	return bool(found) and school_seal.may_apply(
		frappe.session.user, frappe.get_doc(school_seal.DOCTYPE, found[0].name)
	)


@frappe.whitelist()
def get_official_pdf(doctype: str, name: str) -> dict:
	"""Desk button "Tải bản chính thức (PDF)": render if needed (drafts), then return the File's URL."""
	if doctype not in official_records.OFFICIAL_DOCTYPES:
		frappe.throw(
			_("{0} has no official layout.").format(_(doctype)), title=_("Rendering official records")
		)
	doc = frappe.get_doc(doctype, name)
	check_print_permission(doc)
	render_document(doc)
	doc.reload()
	return describe(doc)


# --- many documents: one class per background job --------------------------------------------------------


def class_documents(student_group: str, academic_year: str | None = None) -> list[tuple[str, str]]:
	"""(doctype, name) of the class book and every học bạ page of a class (not cancelled)."""
	filters = {"student_group": student_group, "docstatus": ["<", 2]}
	if academic_year:
		filters["academic_year"] = academic_year
	return [
		(doctype, name)
		for doctype in CLASS_DOCTYPES
		for name in frappe.get_all(doctype, filters, pluck="name")
	]


def render_class(student_group: str, academic_year: str | None = None) -> dict:
	"""Render every document of one class the current user may print; returns counts and failures."""
	done, refused, failed = [], [], {}
	for doctype, name in class_documents(student_group, academic_year):
		doc = frappe.get_doc(doctype, name)
		if not frappe.has_permission(doctype, "print", doc):
			refused.append(name)
			continue
		try:
			render_document(doc)
			done.append(name)
		except frappe.ValidationError as error:
			failed[name] = str(error)
			frappe.clear_last_message()
	return {"rendered": done, "refused": refused, "failed": failed}


def render_class_job(student_group: str, academic_year: str | None = None, index: int = 1, total: int = 1):
	result = render_class(student_group, academic_year)
	frappe.publish_progress(
		index * 100 / max(total, 1),
		title=_("Rendering official records"),
		description=_("{0}: {1} rendered, {2} not permitted, {3} failed").format(
			student_group, len(result["rendered"]), len(result["refused"]), len(result["failed"])
		),
	)
	return result


@frappe.whitelist()
def enqueue_official_pdfs(
	student_group: str | None = None, school: str | None = None, academic_year: str | None = None
) -> list[str]:
	"""Render the official PDFs of a class, or of every class of a school: one background job per class."""
	if student_group:
		groups = [student_group]
		frappe.has_permission("Student Record Book Page", "print", throw=True)  # each document is checked too
	elif school:
		frappe.has_permission("Education Unit", "read", school, throw=True)
		filters = {"hoso_school": school, "disabled": 0}
		if academic_year:
			filters["academic_year"] = academic_year
		groups = frappe.get_all("Student Group", filters=filters, pluck="name")
	else:
		frappe.throw(_("Choose a class or a school."), title=_("Rendering official records"))
	for index, group in enumerate(groups, start=1):
		frappe.enqueue(
			"hoso_longan.services.official_pdf.render_class_job",
			queue="long",
			job_id=f"hoso-render::{group}",
			deduplicate=True,
			student_group=group,
			academic_year=academic_year,
			index=index,
			total=len(groups),
			now=bool(frappe.flags.in_test),
		)
	return groups
