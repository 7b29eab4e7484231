"""Order of signatures (ARCHITECTURE.md §5): a step may start only when the previous signatures exist.

The class book and a học bạ page are signed by the homeroom teacher only once every subject teacher has signed
the class's score sheets of both terms and the conduct of both terms is signed.
"""

from __future__ import annotations

import frappe
from frappe import _

HOMEROOM_STEP = "Homeroom Signed"


def unsigned_sheets(student_group: str, academic_year: str) -> list[str]:
	"""Subjects × terms of the class that have no signed score sheet yet."""
	courses = set(
		frappe.get_all(
			"Teaching Assignment",
			filters={
				"student_group": student_group,
				"academic_year": academic_year,
				"assignment_type": "Subject Teacher",
			},
			pluck="course",
		)
	)
	signed = {
		(row.course, row.term)
		for row in frappe.get_all(
			"Score Sheet", filters={"student_group": student_group, "docstatus": 1}, fields=["course", "term"]
		)
	}
	missing = [
		f"{course} {term}"
		for course in sorted(courses)
		for term in ("HK1", "HK2")
		if (course, term) not in signed
	]
	conduct = set(
		frappe.get_all(
			"Conduct Assessment", filters={"student_group": student_group, "docstatus": 1}, pluck="term"
		)
	)
	missing += [_("Conduct {0}").format(term) for term in ("HK1", "HK2") if term not in conduct]
	return missing


def check_previous_signatures(doc) -> None:
	before = doc.get_doc_before_save()
	entering = doc.workflow_state == HOMEROOM_STEP and (not before or before.workflow_state != HOMEROOM_STEP)
	if not entering:
		return
	missing = unsigned_sheets(doc.student_group, doc.academic_year)
	if missing:
		frappe.throw(
			_("The homeroom teacher signs after every subject teacher. Not signed yet: {0}").format(
				", ".join(missing)
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
