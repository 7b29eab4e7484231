// Điểm sửa sau khi chốt: amended sheets compared with the sheets they amend.
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Score Changes"] = {
	filters: hoso_reports.filters(
		[
			{
				fieldname: "subject",
				label: __("Subject"),
				fieldtype: "Select",
				options: [""],
			},
			{ fieldname: "term", label: __("Term"), fieldtype: "Select", options: ["", "HK1", "HK2"] },
			{ fieldname: "teacher", label: __("Changed By"), fieldtype: "Link", options: "User" },
			{
				fieldname: "show",
				label: __("Show"),
				fieldtype: "Select",
				options: [
					{ value: "Changes", label: __("Each change") },
					{ value: "By Teacher", label: __("By teacher and subject") },
				],
				default: "Changes",
			},
		],
		{ rows: false }
	),
	onload(report) {
		hoso_reports.onload(report);
		frappe
			.call(
				"hoso_longan.school_reports.report.score_distribution.score_distribution.subject_options"
			)
			.then((r) => {
				const filter = report.get_filter("subject");
				filter.df.options = [{ value: "", label: "" }]
					.concat(r.message || [])
					.concat([{ value: "RL", label: __("Conduct") }]);
				filter.refresh();
			});
	},
	formatter: (value, row, column, data, default_formatter) =>
		hoso_reports.formatter(value, row, column, data, default_formatter),
};
