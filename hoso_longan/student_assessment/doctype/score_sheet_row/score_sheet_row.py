# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


from frappe.model.document import Document


class ScoreSheetRow(Document):
	"""One student's assessments of a term. The name comes from the class list (services/score_sheet.py)."""

	def db_update(self):
		# A row equal to its stored version (services.score_sheet.mark_unchanged_rows) is not written again.
		if self.flags.unchanged and not self.is_new():
			return
		super().db_update()
