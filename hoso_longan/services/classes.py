"""Classes (lớp: Education's Student Group) as a Vietnamese school keeps them.

The class list is in Vietnamese alphabetical order (tên, tên đệm, họ: ``core.records.vietnamese``) and the
roll number (số thứ tự) follows it. Students added without a roll number are placed in that order after the
numbered ones (a pupil who joins mid-year is appended, as on paper); ``renumber`` re-sorts the whole list,
for the start of a school year.
"""

from __future__ import annotations

import frappe
from frappe import _

from hoso_longan.core.records.vietnamese import join_name, vietnamese_sort_key


def _names(students: list[str]) -> dict[str, str]:
	rows = frappe.get_all(
		"Student",
		filters={"name": ["in", students]},
		fields=["name", "first_name", "middle_name", "last_name"],
	)
	return {row.name: join_name(row.first_name, row.middle_name, row.last_name) for row in rows}


def _sort_rows(rows) -> list:
	names = _names([row.student for row in rows if row.student])
	return sorted(rows, key=lambda row: (vietnamese_sort_key(names.get(row.student, "")), row.student or ""))


def order_new_students(group, method=None) -> None:
	"""Student Group before_validate: rows without a roll number, in Vietnamese order, after the others."""
	numbered = [row for row in group.students if row.group_roll_number]
	new = [row for row in group.students if not row.group_roll_number]
	if not new:
		return
	start = max((row.group_roll_number for row in numbered), default=0)
	for offset, row in enumerate(_sort_rows(new), start=1):
		row.group_roll_number = start + offset
	group.students = sorted(group.students, key=lambda row: row.group_roll_number)
	for index, row in enumerate(group.students, start=1):
		row.idx = index


@frappe.whitelist()
def renumber(student_group: str) -> int:
	"""Sort the whole class list the Vietnamese way and number it 1, 2, 3 …; returns the class size."""
	group = frappe.get_doc("Student Group", student_group)
	group.check_permission("write")
	group.students = _sort_rows(group.students)
	for index, row in enumerate(group.students, start=1):
		row.idx = row.group_roll_number = index
	group.save()
	frappe.msgprint(
		_("The class list of {0} is in Vietnamese alphabetical order.").format(group.name), alert=True
	)
	return len(group.students)
