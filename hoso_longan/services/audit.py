"""Audit trail of the school records (modelled on india-compliance's audit_trail).

- change tracking (Version) is on for every audited doctype and re-forced at each migrate;
- the stored versions of audited records can be neither edited nor deleted;
- a record changed after its first signature (an amendment) carries a reason, kept in the log;
- a record that was ever signed is never deleted.
"""

from __future__ import annotations

import frappe
from frappe import _

AUDITED_DOCTYPES = (
	"Score Sheet",
	"Conduct Assessment",
	"Annual Result",
	"Class Assessment Book",
	"Student Record Book Page",
	"Record Lock",
)


class AuditTrailError(frappe.ValidationError):
	pass


def protect_version(doc, method=None):
	"""Version.validate: a stored version of an audited record is immutable."""
	if doc.ref_doctype in AUDITED_DOCTYPES and not doc.is_new():
		frappe.throw(
			_("The change history of {0} cannot be edited.").format(_(doc.ref_doctype)), AuditTrailError
		)


def protect_version_delete(doc, method=None):
	"""Version.on_trash: the change history of an audited record cannot be deleted."""
	if doc.ref_doctype in AUDITED_DOCTYPES:
		frappe.throw(
			_("The change history of {0} cannot be deleted.").format(_(doc.ref_doctype)), AuditTrailError
		)


def require_change_reason(doc):
	"""An amendment of a signed record needs a reason, which is also written to the record's timeline."""
	if not doc.get("amended_from"):
		return
	if not (doc.get("change_reason") or "").strip():
		frappe.throw(
			_("A change after the record was signed needs a reason (Reason for Change)."),
			AuditTrailError,
			title=_("Reason Required"),
		)


def log_change_reason(doc):
	if doc.get("amended_from") and doc.get("change_reason"):
		doc.add_comment("Edit", _("Amends {0}. Reason: {1}").format(doc.amended_from, doc.change_reason))


def refuse_delete_of_signed(doc, method=None):
	"""on_trash: a record that was signed (submitted, cancelled or amended) stays in the archive."""
	if doc.docstatus != 0 or doc.get("amended_from"):
		frappe.throw(_("A signed {0} cannot be deleted.").format(_(doc.doctype)), AuditTrailError)


def enforce_track_changes():
	"""Undo any customisation that would switch change tracking off on an audited doctype."""
	for doctype in AUDITED_DOCTYPES:
		frappe.db.delete("Property Setter", {"doc_type": doctype, "property": "track_changes"})
		if not frappe.db.get_value("DocType", doctype, "track_changes"):
			frappe.db.set_value("DocType", doctype, "track_changes", 1)
		frappe.clear_cache(doctype=doctype)
