"""Public verification (trang xác minh, ``/xac-minh``): anyone holding a signed record, on paper or as a PDF,
checks it without logging in.

- From the QR code of any page (``/xac-minh?id=<record id>&h=<content hash>``, ``core.render.renderer
  .verification_payload``) or the short code printed beside it (``?ma=<16 hex digits>``): whether the school
  holds this version of the record now, an older one (and since when the newer one exists), and the
  signatures the school logged for that version. A code the school never issued gets the same answer as
  one that does not exist, so the page tells nothing about records one cannot name.
- Uploading the PDF (``verify_upload``, POST, multipart ``file``): the core's verdict (``core.verdict``:
  intact or changed, who signed which box and when, certificate valid/expired/revoked and trusted by the
  site's trust anchors, signer the person the record names), and the same version answer for the record the
  file carries. The file is read in memory and dropped: nothing is stored, and the answer shows nothing
  the file itself does not show besides the version's status and date. Requests are size- and
  rate-limited per IP address.

No rule is decided here: the verdict is the core's; this module only looks the version up and words it.
The CLI (``hoso-longan verify``) stays the offline way.
"""

from __future__ import annotations

import datetime as dt
import re

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint

from hoso_longan.services.official_records import OFFICIAL_DOCTYPES

DEFAULT_MAX_MB = 20
DEFAULT_RATE = 30  # uploads per IP address per window
RATE_WINDOW = 10 * 60  # seconds
KINDS = {
	"Student Record Book Page": "Student Record Book",
	"Class Assessment Book": "Class Assessment Book",
	"Lesson Plan": "Lesson Plan",
	"Education Plan": "Education Plan",
}
HEX = re.compile(r"^[0-9a-f]+$")


class FileTooLarge(frappe.ValidationError):
	http_status_code = 413


class NotAPdf(frappe.ValidationError):
	http_status_code = 415


def use_vietnamese() -> None:
	"""The page speaks Vietnamese to everyone (a visitor may still ask for another language with ``_lang``)."""
	if not frappe.form_dict.get("_lang"):
		frappe.local.lang = "vi"


def max_bytes() -> int:
	return cint(frappe.conf.get("hoso_longan_verify_max_mb") or DEFAULT_MAX_MB) * 1024 * 1024


def upload_rate() -> int:
	return cint(frappe.conf.get("hoso_longan_verify_rate_limit") or DEFAULT_RATE)


def _vietnam_time(moment) -> str:
	"""A stored (system time zone, naive) datetime as Vietnam time: ``30/05/2026 15:00:00 (UTC+7)``."""
	from zoneinfo import ZoneInfo

	from frappe.utils import get_datetime, get_system_timezone

	from hoso_longan.core.signing.appearance import signed_at_label

	if not moment:
		return ""
	value = get_datetime(moment)
	if value.tzinfo is None:
		value = value.replace(tzinfo=ZoneInfo(get_system_timezone() or "UTC"))
	return signed_at_label(value.astimezone(dt.timezone.utc))


# --- what the school holds -------------------------------------------------------------------------------------


def _find(record_id: str):
	for doctype in OFFICIAL_DOCTYPES:
		row = frappe.db.get_value(
			doctype, record_id, ["name", "content_hash", "docstatus", "school"], as_dict=True
		)
		if row:
			return doctype, row
	return None, None


def _signatures(doctype: str, name: str, digest: str) -> list[dict]:
	from hoso_longan.services.names import full_name
	from hoso_longan.services.record_signing import describe_field

	rows = frappe.get_all(
		"Signature Record",
		filters={"reference_doctype": doctype, "reference_name": name, "content_hash": digest},
		fields=["field_name", "signer", "signed_at", "event", "seal_certificate"],
		order_by="signed_at asc, creation asc",
	)
	voided = {row.field_name for row in rows if row.event == "Voided"}
	return [
		{
			"box": describe_field(row.field_name),
			"signer": full_name(row.signer) if row.signer else "",
			"seal": bool(row.seal_certificate),
			"time": _vietnam_time(row.signed_at),
			"voided": row.field_name in voided,
		}
		for row in rows
		if row.event == "Signed"
	]


def version_of(record_id: str | None, digest: str | None) -> dict | None:
	"""What the school holds of ``record_id`` for the content hash ``digest``: ``current`` (the version it
	holds now), ``older`` (a version it issued and signed before a correction, with the date of the newer
	one), or None (no such record, or a version the school never issued: the same answer)."""
	if not record_id or not digest or not HEX.match(digest):
		return None
	doctype, row = _find(record_id)
	if not row:
		return None
	if row.content_hash == digest:
		status = "current"
	elif frappe.db.exists(
		"Signature Record",
		{"reference_doctype": doctype, "reference_name": record_id, "content_hash": digest},
	):
		status = "older"
	else:
		return None
	newer_since = None
	if status == "older":
		first = frappe.get_all(
			"Signature Record",
			filters={
				"reference_doctype": doctype,
				"reference_name": record_id,
				"content_hash": row.content_hash,
				"event": "Signed",
			},
			fields=["signed_at"],
			order_by="signed_at asc",
			limit=1,
		)
		newer_since = _vietnam_time(first[0].signed_at) if first else ""
	from hoso_longan.services.school_seal import school_name

	signatures = _signatures(doctype, record_id, digest)
	return {
		"status": status,
		"record_id": record_id,
		"kind": _(KINDS[doctype]),
		"school": school_name(row.school) if row.school else "",
		"final": row.docstatus == 1,
		"newer_since": newer_since,
		"code": digest[:16],
		"signatures": signatures,
		"signed_count": sum(1 for line in signatures if not line["voided"]),
	}


def find_by_code(code: str) -> tuple[str, str] | None:
	"""(record id, content hash) of the version whose verification code (16 hex digits) is ``code``."""
	code = (code or "").strip().lower().replace(" ", "")
	if len(code) != 16 or not HEX.match(code):
		return None
	for doctype in OFFICIAL_DOCTYPES:
		found = frappe.get_all(
			doctype, filters={"content_hash": ["like", f"{code}%"]}, fields=["name", "content_hash"], limit=1
		)
		if found:
			return found[0].name, found[0].content_hash
	found = frappe.get_all(
		"Signature Record",
		filters={"content_hash": ["like", f"{code}%"], "reference_doctype": ["in", list(OFFICIAL_DOCTYPES)]},
		fields=["reference_name", "content_hash"],
		limit=1,
	)
	return (found[0].reference_name, found[0].content_hash) if found else None


# --- an uploaded PDF -------------------------------------------------------------------------------------------


def _uploaded_pdf() -> bytes:
	upload = frappe.request.files.get("file") if frappe.request else None
	if upload is None:
		frappe.throw(_("Choose the PDF file to check."), NotAPdf)
	limit = max_bytes()
	content = upload.stream.read(limit + 1)
	upload.close()
	if len(content) > limit:
		frappe.throw(
			_("The file is larger than {0} MB: the page checks files up to {0} MB.").format(
				limit // (1024 * 1024)
			),
			FileTooLarge,
		)
	if b"%PDF-" not in content[:1024]:
		frappe.throw(_("This file is not a PDF: choose the PDF of the record."), NotAPdf)
	return content


def check_pdf(pdf: bytes) -> dict:
	"""The core's verdict on ``pdf`` and what the school holds of the record it carries."""
	from hoso_longan.core.signing.verify import Trust
	from hoso_longan.core.verdict import verdict
	from hoso_longan.services.record_signing import site_trust

	trust = site_trust()
	answer = verdict(pdf, trust or Trust(roots=[]))
	return {
		"verdict": answer.to_dict(),
		"trust_configured": trust is not None,
		"version": version_of(answer.record_id, answer.content_hash),
	}


def render_result(result: dict) -> str:
	return frappe.render_template("hoso_longan/templates/includes/xac_minh_ket_qua.html", {"result": result})


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=upload_rate, seconds=RATE_WINDOW)
def verify_upload() -> dict:
	"""POST a PDF (multipart ``file``): the verdict and the version, as data and as the page's HTML."""
	use_vietnamese()
	pdf = _uploaded_pdf()
	try:
		result = check_pdf(pdf)
	finally:
		del pdf  # nothing of the upload outlives the request
	return {**result, "html": render_result(result)}
