// Tiến độ số hóa hồ sơ (school_reports/progress.py): progress per unit and the đôn đốc list.
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Digitisation Progress"] = {
	filters: hoso_reports.filters([
		{
			fieldname: "term",
			label: __("Term"),
			fieldtype: "Select",
			options: ["", "HK1", "HK2"],
		},
		{
			fieldname: "show",
			label: __("Show"),
			fieldtype: "Select",
			options: [
				{ value: "Progress", label: __("Progress") },
				{ value: "Waiting", label: __("Waiting for whom") },
			],
			default: "Progress",
		},
	]),
	onload: (report) => hoso_reports.onload(report),
	formatter: (value, row, column, data, default_formatter) =>
		hoso_reports.formatter(value, row, column, data, default_formatter),
};
