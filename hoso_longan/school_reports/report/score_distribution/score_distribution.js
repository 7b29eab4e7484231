// Phổ điểm (Score Summary, added up).
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Score Distribution"] = {
	filters: hoso_reports.filters([
		{
			fieldname: "subject",
			label: __("Subject"),
			fieldtype: "Select",
			options: [{ value: "TOAN", label: "Toán" }],
			default: "TOAN",
		},
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
	]),
	onload(report) {
		hoso_reports.onload(report);
		frappe
			.call(
				"hoso_longan.school_reports.report.score_distribution.score_distribution.subject_options"
			)
			.then((r) => {
				const filter = report.get_filter("subject");
				filter.df.options = r.message || [];
				filter.refresh();
				filter.set_input(report.get_filter_value("subject") || "TOAN");
			});
	},
	formatter: (value, row, column, data, default_formatter) =>
		hoso_reports.formatter(value, row, column, data, default_formatter),
};
