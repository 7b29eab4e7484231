// Tiến độ số hóa hồ sơ (school_reports/progress.py): progress per unit and the đôn đốc list.
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Digitisation Progress"] = hoso_reports.report(
	hoso_reports.filters([
		hoso_reports.term_filter(),
		hoso_reports.show_filter([
			["Progress", __("Progress")],
			["Waiting", __("Waiting for whom")],
		]),
	])
);
