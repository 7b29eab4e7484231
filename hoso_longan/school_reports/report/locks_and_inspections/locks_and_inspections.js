// Khóa sổ và đợt kiểm tra đang có hiệu lực.
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Locks and Inspections"] = {
	filters: hoso_reports.filters(
		[{ fieldname: "include_closed", label: __("Include Closed Inspections"), fieldtype: "Check" }],
		{ rows: false }
	),
	onload: (report) => hoso_reports.onload(report),
	formatter: (value, row, column, data, default_formatter) =>
		hoso_reports.formatter(value, row, column, data, default_formatter),
};
