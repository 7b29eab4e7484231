"""Small whitelisted helpers of the report screens (defaults from the reader's scope)."""

from __future__ import annotations

import frappe

from hoso_longan.school_reports.common import latest_year
from hoso_longan.school_reports.scope import ScopeError, reader_scope


@frappe.whitelist()
def report_defaults() -> dict:
	"""The reader's own top unit and the newest school year of its schools."""
	try:
		scope = reader_scope()
	except ScopeError:
		return {}
	return {
		"education_unit": scope.roots[0].name,
		"academic_year": latest_year(scope.school_names),
	}
