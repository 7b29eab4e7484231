"""How a portal grid's save ends, the same for the score grid and the conduct grid: the answer for a conflict,
and the write of the merged cells (insert a new record, or save the stored one, as the teacher)."""

from __future__ import annotations

from collections.abc import Callable

import frappe


def conflict_answer(conflicts, view: dict) -> dict:
	"""Cells a co-worker changed differently since the page read them: nothing of the save is written."""
	return {
		"status": "conflict",
		"conflicts": [
			{"student": c.key[0], "field": c.key[1], "base": c.base, "mine": c.mine, "theirs": c.theirs}
			for c in conflicts
		],
		"sheet": view,
	}


def write(doc, written: int, change_reason: str | None, view: Callable[..., dict]) -> dict:
	"""Write ``doc`` with its ``written`` merged cells and answer with ``view(doc, write_checked=…)``.

	A new record is inserted (a correction of a reopened one carries its reason); two co-teachers creating
	it at the same moment get ``retry`` and the page saves again onto the record the other one created.
	A stored record is saved with ``Document.save`` without checking the write permission a second time:
	the caller has checked it on this very read, under the row lock (Frappe's check walks every row)."""
	if not written and not doc.is_new():
		return {"status": "saved", "written": 0, "sheet": view(doc)}
	if doc.is_new():
		if doc.get("amended_from"):
			doc.change_reason = (change_reason or "").strip()
		try:
			doc.insert()
		except frappe.DuplicateEntryError:
			frappe.clear_last_message()
			return {"status": "retry"}
		return {"status": "saved", "written": written, "sheet": view(doc)}
	doc.save(ignore_permissions=True)
	return {"status": "saved", "written": written, "sheet": view(doc, write_checked=True)}
