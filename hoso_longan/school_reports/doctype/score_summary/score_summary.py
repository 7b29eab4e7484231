# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


from frappe.model.document import Document


class ScoreSummary(Document):
	"""Phổ điểm of one class × subject × period (``core.reports.distribution``): written by the finalising of
	a score sheet (HK1, HK2) and by the year-end computation (CN), read by the score distribution report."""
