"""/giao-vien/ky-so: the documents waiting for the teacher's signature, the signing batch, and the teacher's
own signing certificates (register a .p12 here instead of in the desk)."""

import frappe
from frappe import _

from hoso_longan.services import read_memo
from hoso_longan.services.portal import certificates, page, signing

no_cache = 1


def get_context(context):
	with read_memo.scope():  # one answer per question for the whole page
		page.require_login_page()
		page.build(
			context,
			"signing",
			_("Digital signing"),
			{
				"queue": signing.get_queue(),
				"batch": signing.batch_status(),
				"certificates": certificates.my_certificates(frappe.session.user),
			},
		)
