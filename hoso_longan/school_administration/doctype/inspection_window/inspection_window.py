# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


from frappe import _, throw
from frappe.model.document import Document
from frappe.utils import get_datetime


class InspectionWindow(Document):
	"""A period set by province or district/commune staff during which the schools below a unit are read-only
	for inspection (LA-Điều 11.1)."""

	def validate(self):
		if get_datetime(self.to_datetime) <= get_datetime(self.from_datetime):
			throw(_("The window must end after it starts."))
