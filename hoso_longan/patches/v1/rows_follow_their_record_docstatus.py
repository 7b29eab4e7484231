"""Rows of a finalised, signed or reopened record kept docstatus 0: the sample loader wrote them so, and a
score sheet's save skipped its unchanged rows even when finalising. Give every row its record's docstatus,
as Frappe's own save does."""

import frappe

from hoso_longan.services import bulk


def execute():
	for doctype in frappe.get_all(
		"DocType", filters={"module": ["in", _app_modules()], "is_submittable": 1, "istable": 0}, pluck="name"
	):
		bulk.align_children_docstatus(doctype)


def _app_modules() -> list[str]:
	return frappe.get_all("Module Def", filters={"app_name": "hoso_longan"}, pluck="name")
