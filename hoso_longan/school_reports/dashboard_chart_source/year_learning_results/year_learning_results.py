# Copyright (c) 2026, hoso_longan developers
# License: AGPL-3.0-or-later
"""Dashboard chart source "Year Learning Results": ``school_reports.dashboard.learning_results`` for the reader's scope."""

import frappe

from hoso_longan.school_reports import dashboard


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
):
	return dashboard.learning_results()
