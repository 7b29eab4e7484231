# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


from frappe.model.document import Document

from hoso_longan.services import year_end


class AnnualResult(Document):
	"""One student × school year: KQHT, KQRL, absences, outcome, award, summer results. Written by the
	year-end job; the summer conduct level is entered by the homeroom teacher and recomputes the outcome."""

	def validate(self):
		year_end.recompute_summer(self)
