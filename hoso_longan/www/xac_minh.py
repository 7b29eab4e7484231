"""Public page /xac-minh (trang xác minh): anyone, without logging in, checks a signed record from the QR code
of any of its pages (``?id=…&h=…``), the short code printed beside it (``?ma=…``), or by uploading its PDF
(services/public_verification.py; the page decides nothing itself)."""

import frappe
from frappe import _

from hoso_longan.services import public_verification

no_cache = 1


def get_context(context):
	public_verification.use_vietnamese()
	context.no_cache = 1
	context.lang = frappe.local.lang
	context.title = _("Verify a signed school record")
	context.no_breadcrumbs = 1
	args = frappe.form_dict
	code = (args.get("ma") or "").strip()
	record_id, digest = args.get("id"), (args.get("h") or "").strip().lower()
	context.asked = bool(code or (record_id and digest))
	if code:
		record_id, digest = public_verification.find_by_code(code) or (None, None)
	context.version = public_verification.version_of(record_id, digest) if context.asked else None
	context.code = code or (digest or "")[:16]
	context.max_mb = public_verification.max_bytes() // (1024 * 1024)
	return context
