// Thống kê kết quả học tập và rèn luyện (Annual Result, grouped).
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Learning and Conduct Results"] = {
	filters: hoso_reports.filters([
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "CN", label: __("Whole Year") },
				{ value: "HK1", label: __("Term I") },
				{ value: "HK2", label: __("Term II") },
			],
			default: "CN",
		},
		{
			fieldname: "by",
			label: __("Break Down By"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("Units") },
				{ value: "gender", label: __("Gender") },
				{ value: "ethnicity", label: __("Ethnicity") },
			],
		},
	]),
	onload: (report) => hoso_reports.onload(report),
	formatter: (value, row, column, data, default_formatter) =>
		hoso_reports.formatter(value, row, column, data, default_formatter),
};
