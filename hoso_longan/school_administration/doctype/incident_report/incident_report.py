# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


from frappe.model.document import Document


class IncidentReport(Document):
	"""A problem with the system reported by a user to the board (LA-Điều 9)."""
