"""The official PDF stays with its record while the record holds signatures or is locked.

The official PDF is a private File attached to the record (``attached_to_field`` = ``official_pdf``, its URL in
the record's ``official_pdf``; services/official_pdf.py ``store_pdf``). Frappe removes an attachment by deleting
its File: the sidebar's × (``frappe.desk.form.utils.remove_attach``), REST DELETE, the File list, the File form.
``File.on_trash`` deletes the content on disk before any ``doc_events`` hook runs, so the check runs first, in
the File class itself (overrides/file.py), for every user, Administrator included. Editing the File (detaching
it, moving it to another record, making it public, pointing it at other content) and clearing the record's
``official_pdf`` / ``content_hash`` by a save are refused the same way.

The app's own replacement of a rendering (``store_pdf``) detaches the old File before deleting it, so that File
is no longer the record's; an unsigned, unlocked draft's PDF can still be removed (it is rendered again).

A refusal is written to the record's activity: at once, and again after the request's rollback (which undoes
the attempt and everything written with it), so the attempt is on record either way.
"""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.services.official_records import OFFICIAL_DOCTYPES

# The File fields that tie it to its record and its content.
BINDING_FIELDS = (
	"attached_to_doctype",
	"attached_to_name",
	"attached_to_field",
	"file_url",
	"is_private",
	"content_hash",
)
RECORD_FIELDS = ("official_pdf", "content_hash")
TITLE_FIELDS = ("student_name", "student", "student_group", "lesson_title", "plan_title")


class OfficialPdfKept(frappe.ValidationError):
	pass


def record_of(file):
	"""The official record whose official PDF ``file`` is, or None."""
	doctype, name = file.get("attached_to_doctype"), file.get("attached_to_name")
	if doctype not in OFFICIAL_DOCTYPES or not name or file.get("is_folder"):
		return None
	if not frappe.db.exists(doctype, name):
		return None
	if file.get("attached_to_field") != "official_pdf" and file.get("file_url") != frappe.db.get_value(
		doctype, name, "official_pdf"
	):
		return None
	return frappe.get_doc(doctype, name)


def document_label(doc) -> str:
	"""The record in words: its kind, its name and what it is about (the student, the class, the title)."""
	label = f"{_(doc.doctype)} {doc.name}"
	about = next((doc.get(field) for field in TITLE_FIELDS if doc.get(field)), None)
	if doc.doctype == "Student Record Book Page" and doc.get("student"):
		about = frappe.db.get_value("Student", doc.student, "student_name") or doc.student
	return f"{label} ({about})" if about else label


def _signed_fields(file) -> list[str]:
	from hoso_longan.services.record_signing import signed_fields_of

	try:
		content = file.get_content()
	except (OSError, frappe.DoesNotExistError):
		return []
	return signed_fields_of(content) if content else []


def why_kept(doc, file=None) -> str | None:
	"""Why ``doc`` keeps its official PDF (``file``, or the current one): the signatures it carries, the
	record's signed state, or a lock or an inspection covering the record. None: it may go."""
	from hoso_longan.services import locks
	from hoso_longan.services.record_signing import describe_field

	if file is None:
		file = official_pdf_file(doc)
	signed = _signed_fields(file) if file else []
	if signed:
		boxes = ", ".join(dict.fromkeys(describe_field(field) for field in signed))
		return _("it carries the digital signatures of: {0}").format(boxes)
	if doc.docstatus == 1:
		return _("the record is signed through its whole chain")
	if doc.docstatus == 2:
		return _("the record is cancelled and kept as signed evidence")
	reason = locks.read_only_reason(
		doc.doctype, doc.get("school"), doc.get("academic_year"), doc.get("student_group"), doc.get("term")
	)
	return reason.rstrip(".") if reason else None


def refuse(doc, file, reason: str, removing: bool) -> None:
	"""Record the refused attempt in the record's activity and raise the located message."""
	# the activity shows the line after the name of its author (the user who tried)
	attempt = (
		_("tried to remove the official PDF {0}; refused: {1}.")
		if removing
		else _("tried to detach or change the official PDF {0}; refused: {1}.")
	)
	name = file.get("file_name") or file.get("file_url") or ""
	_audit(doc.doctype, doc.name, frappe.session.user, attempt.format(name, reason))
	frappe.throw(
		_("The official PDF of {0} cannot be removed or changed: {1}.").format(document_label(doc), reason),
		OfficialPdfKept,
		title=_("Official PDF Kept"),
	)


def _audit(doctype: str, name: str, user: str, text: str) -> None:
	frappe.get_doc(doctype, name).add_comment("Info", text, comment_email=user)

	def after_rollback():
		# The request's rollback took the line away with the attempt: write it again. A rollback that also took
		# the record (a test's) leaves nothing to write on. Written row by row (no hooks, no realtime message,
		# whose queue the same rollback clears) and committed once every other after-rollback callback has run
		# (a commit drops the ones still queued).
		if not frappe.db.exists(doctype, name):
			return
		now = frappe.utils.now()
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Info",
				"reference_doctype": doctype,
				"reference_name": name,
				"comment_email": user,
				"content": text,
				"creation": now,
				"modified": now,
				"owner": user,
				"modified_by": user,
			}
		).db_insert()
		frappe.db.after_rollback.add(frappe.db.commit)

	frappe.db.after_rollback.add(after_rollback)


def check_delete(file) -> None:
	"""Before a File is deleted (and its content on disk with it)."""
	doc = record_of(file)
	if doc and (reason := why_kept(doc, file)):
		refuse(doc, file, reason, removing=True)


def check_change(file) -> None:
	"""Before a File is saved: the official PDF of a kept record keeps its record, URL, content and privacy."""
	before = None if file.is_new() else file.get_doc_before_save()
	if not before or not any(before.get(f) != file.get(f) for f in BINDING_FIELDS):
		return
	doc = record_of(before)
	if doc and (reason := why_kept(doc, before)):
		refuse(doc, before, reason, removing=False)


def check_record_fields(doc, method=None) -> None:
	"""validate / before_update_after_submit of an official record: ``official_pdf`` and ``content_hash`` are
	written by the rendering and signing services only (``db_set``); a save may not clear or repoint them
	while the record keeps its PDF."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if not before or all(before.get(f) == doc.get(f) for f in RECORD_FIELDS):
		return
	reason = why_kept(before)
	if reason:
		file = official_pdf_file(before) or frappe._dict(file_name=before.get("official_pdf"))
		refuse(before, file, reason, removing=False)


def check_record_delete(doc, method=None) -> None:
	"""on_trash of an official record: Frappe deletes its attachments after the record itself, when the record
	no longer exists to keep them; so a record that holds signatures (even a draft's) is not deleted at all."""
	reason = why_kept(doc)
	if reason:
		frappe.throw(
			_("{0} cannot be deleted: {1}.").format(document_label(doc), reason),
			OfficialPdfKept,
			title=_("Official PDF Kept"),
		)


def kept_in_form(doc, method=None) -> None:
	"""onload of an official record: why its official PDF is kept (empty when it may go), for the desk, which
	then draws that attachment without Frappe's × (public/js/official_record.js). The refusal above stays."""
	reason = why_kept(doc) if doc.get("official_pdf") else None
	doc.set_onload(
		"official_pdf_kept",
		_("The official PDF stays with the record: {0}.").format(reason) if reason else "",
	)


def official_pdf_file(doc):
	from hoso_longan.services import official_pdf

	return official_pdf._file_of(doc)
