// Dữ liệu còn thiếu: student particulars, subjects without a teacher, teachers without a certificate.
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Data Completeness"] = {
	filters: hoso_reports.filters([
		{
			fieldname: "show",
			label: __("Show"),
			fieldtype: "Select",
			options: [
				{ value: "Students", label: __("Students missing particulars") },
				{ value: "Subjects", label: __("Subjects without a teacher") },
				{ value: "Certificates", label: __("Teachers without a signing certificate") },
			],
			default: "Students",
		},
	]),
	onload: (report) => hoso_reports.onload(report),
	formatter: (value, row, column, data, default_formatter) =>
		hoso_reports.formatter(value, row, column, data, default_formatter),
};
