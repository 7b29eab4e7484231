"""The language of the person a background job works for.

Frappe runs a job as the user who queued it but in the site's default language (``frappe.init`` sets "en"
unless the site config says otherwise), so progress titles, messages and errors written by the job would
reach a Vietnamese user in English."""

from __future__ import annotations

import frappe


def user_language_in_jobs(method: str | None = None, kwargs=None, transaction_type=None) -> None:
	"""before_job hook: the app's jobs speak the language of the user who queued them."""
	if not (method or "").startswith("hoso_longan."):
		return
	from frappe.translate import get_user_lang

	frappe.local.lang = get_user_lang(frappe.session.user)
