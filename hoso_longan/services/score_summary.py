"""Phổ điểm of a term, kept as the sheets are finalised (Score Sheet on_submit / on_cancel).

A finalised sheet writes the summary of its students' term results (``core.reports.distribution``); a
reopened one takes it back. The year's summary (CN) is written by the year-end computation.
"""

from __future__ import annotations

import frappe

from hoso_longan.core.reports.distribution import summarise


def store_term(doc, method=None) -> None:
	"""Score Sheet on_submit."""
	remove_term(doc)
	summary = summarise([row.term_result for row in doc.rows], doc.mode)
	if not summary["students"]:
		return
	frappe.get_doc(
		{
			"doctype": "Score Summary",
			"school": doc.school,
			"academic_year": doc.academic_year,
			"student_group": doc.student_group,
			"grade": doc.grade,
			"subject_code": doc.subject_code,
			"period": doc.term,
			"mode": doc.mode,
			"score_sheet": doc.name,
			**summary,
		}
	).insert(ignore_permissions=True)


def remove_term(doc, method=None) -> None:
	"""Score Sheet on_cancel (reopened for correction): its figures leave the distribution until it is
	finalised again."""
	frappe.db.delete("Score Summary", {"score_sheet": doc.name})
