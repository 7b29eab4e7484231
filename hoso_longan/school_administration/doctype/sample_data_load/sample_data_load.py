# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later


from frappe.model.document import Document


class SampleDataLoad(Document):
	"""A sample province loaded on this site (services/sample_data.py): what it holds and what to remove."""
