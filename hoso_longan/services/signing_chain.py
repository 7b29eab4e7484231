"""Order of signatures (ARCHITECTURE.md §5): a step may start only when the previous signatures exist.

The class book and a học bạ page are signed by the homeroom teacher only once every subject of both terms and the
conduct of both terms are finalised (the same readiness as the year-end computation).
"""

from __future__ import annotations

import frappe
from frappe import _

HOMEROOM_STEP = "Homeroom Signed"


def check_previous_signatures(doc) -> None:
	before = doc.get_doc_before_save()
	entering = doc.workflow_state == HOMEROOM_STEP and (not before or before.workflow_state != HOMEROOM_STEP)
	if not entering:
		return
	from hoso_longan.services.year_end import class_gaps

	gaps = class_gaps(doc.student_group)
	if gaps:
		frappe.throw(
			"<br>".join(
				[
					_(
						"The homeroom teacher signs once every subject and the conduct are finalised. Still missing:"
					)
				]
				+ [f"• {gap.describe()}" for gap in gaps]
			),
			title=_("Signatures Missing"),
		)


def mark_resign_needed(score_sheet, method=None) -> None:
	"""Score Sheet on_cancel (after an unlock): the class book signed on top of it must be signed again."""
	for name in frappe.get_all(
		"Class Assessment Book",
		filters={"student_group": score_sheet.student_group, "docstatus": 1},
		pluck="name",
	):
		frappe.db.set_value("Class Assessment Book", name, "needs_resign", 1)
		frappe.get_doc("Class Assessment Book", name).add_comment(
			"Info", _("Score sheet {0} was reopened: signatures are required again.").format(score_sheet.name)
		)
