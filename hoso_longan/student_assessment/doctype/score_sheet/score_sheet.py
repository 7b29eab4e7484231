# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


from frappe.model.document import Document

from hoso_longan.services import audit, score_sheet


class ScoreSheet(Document):
	"""One class × subject × term of the sổ theo dõi và đánh giá học sinh: regular (ĐĐGtx), midterm and
	end-of-term assessments per student; term results computed by the TT22 engine on every save."""

	def _validate_links(self):
		score_sheet.prefetch_student_links(
			self
		)  # one query for every row's Student link, then Frappe's check
		super()._validate_links()

	def validate(self):
		audit.require_change_reason(self)
		score_sheet.validate(self)

	def after_insert(self):
		audit.log_change_reason(self)

	def on_trash(self):
		audit.refuse_delete_of_signed(self)
