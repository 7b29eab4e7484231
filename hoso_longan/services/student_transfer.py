"""Student Transfer (chuyển trường): the core's transfer bundle in the desk.

Out: the student's signed học bạ pages (official PDFs of the submitted Student Record Book Pages) go into
``core.transfer.export_transfer`` with every signature checked first. In: an attached bundle passes
``core.transfer.import_transfer`` (signatures valid against the site's trust anchors, finished years fully
signed, embedded data matching the pages) or is refused with every reason shown; the transfer links
Education's Student by the MOET id or name on the slip.
"""

from __future__ import annotations

import hashlib
import json

import frappe
from frappe import _

from hoso_longan.services.official_pdf import ascii_name, current_pdf
from hoso_longan.services.official_records import school_of, student_particulars
from hoso_longan.services.record_signing import site_trust


class TransferError(frappe.ValidationError):
	pass


def validate(doc) -> None:
	if doc.direction == "Transfer Out" and not doc.student:
		frappe.throw(_("Choose the student who leaves."))


def _trust():
	trust = site_trust()
	if trust is None:
		frappe.throw(
			_("No trust anchors are configured on this site: signatures cannot be checked."), TransferError
		)
	return trust


def _attach(doc, content: bytes, file_name: str) -> str:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "bundle",
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)
	return file.file_url


@frappe.whitelist()
def export_bundle(name: str) -> dict:
	"""Out: bundle the student's signed học bạ pages; refused if any signature is broken."""
	from hoso_longan.core.transfer import TransferRefused, export_transfer, signature_check

	doc = frappe.get_doc("Student Transfer", name)
	doc.check_permission("write")
	if doc.direction != "Transfer Out":
		frappe.throw(_("Only an outgoing transfer exports a bundle."))
	pages = frappe.get_all(
		"Student Record Book Page",
		filters={"student": doc.student, "docstatus": 1},
		pluck="name",
		order_by="academic_year asc",
	)
	pdfs = {}
	for page in pages:
		pdf = current_pdf(frappe.get_doc("Student Record Book Page", page))
		if pdf:
			pdfs[f"{ascii_name(page)}.pdf"] = pdf
	if not pdfs:
		frappe.throw(
			_("Student {0} has no signed học bạ page to hand over.").format(doc.student), TransferError
		)
	particulars = student_particulars(doc.student)
	school = school_of(doc.school)
	try:
		bundle = export_transfer(
			pdfs,
			student_id=particulars.student_id,
			full_name=particulars.full_name,
			from_school={"name": school.name, "code": school.code},
			to_school=doc.other_school or "",
			date=str(doc.transfer_date or frappe.utils.today()),
			decision=doc.decision_number or "",
			reason=doc.reason or "",
			check_signatures=signature_check(_trust()),
		)
	except TransferRefused as refused:
		_refuse(doc, refused)
	url = _attach(doc, bundle, f"{ascii_name(doc.name)}.zip")
	doc.db_set(
		{
			"status": "Exported",
			"bundle": url,
			"bundle_sha256": hashlib.sha256(bundle).hexdigest(),
			"problems": "",
		}
	)
	return {"bundle": url, "files": sorted(pdfs)}


def _refuse(doc, refused) -> None:
	reasons = "\n".join(str(problem) for problem in refused.problems)
	doc.db_set({"status": "Refused", "problems": reasons})
	if not frappe.flags.in_test:
		frappe.db.commit()  # nosemgrep: the refusal and its reasons are kept although the request fails
	frappe.throw(
		_("The transfer bundle is refused:")
		+ "<br>"
		+ "<br>".join(frappe.utils.escape_html(str(p)) for p in refused.problems),
		TransferError,
		title=_("Transfer Refused"),
	)


@frappe.whitelist()
def import_bundle(name: str) -> dict:
	"""In: check the attached bundle and accept it, or refuse it with the reasons."""
	from hoso_longan.core.transfer import TransferRefused, import_transfer, signature_check

	doc = frappe.get_doc("Student Transfer", name)
	doc.check_permission("write")
	if doc.direction != "Transfer In" or not doc.bundle:
		frappe.throw(_("Attach the bundle received from the sending school first."))
	data = frappe.get_doc("File", {"file_url": doc.bundle}).get_content()
	expected = None
	if doc.student:
		expected = frappe.db.get_value("Student", doc.student, "hoso_moet_id") or doc.student
	try:
		bundle = import_transfer(data, signature_check(_trust()), student_id=expected)
	except TransferRefused as refused:
		_refuse(doc, refused)
	slip = bundle.slip
	student = doc.student or _find_student(slip.get("student_id"))
	summary = [
		{
			"file": file_name,
			"record_id": record.record_id,
			"years": [page.school_year for page in record.years],
		}
		for file_name, record in sorted(bundle.records.items())
	]
	doc.db_set(
		{
			"status": "Imported",
			"student": student,
			"other_school": doc.other_school or (slip.get("from_school") or {}).get("name", ""),
			"bundle_sha256": hashlib.sha256(data).hexdigest(),
			"imported_summary": json.dumps(summary, ensure_ascii=False),
			"problems": "",
		}
	)
	return {"student": student, "records": summary}


def _find_student(student_id: str | None) -> str | None:
	if not student_id:
		return None
	return frappe.db.get_value("Student", {"hoso_moet_id": student_id}) or (
		student_id if frappe.db.exists("Student", student_id) else None
	)
