// Điểm sửa sau khi chốt: amended sheets compared with the sheets they amend.
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Score Changes"] = hoso_reports.report(
	hoso_reports.filters(
		[
			{ fieldname: "subject", label: __("Subject"), fieldtype: "Select", options: [""] },
			hoso_reports.term_filter(),
			{ fieldname: "teacher", label: __("Changed By"), fieldtype: "Link", options: "User" },
			hoso_reports.show_filter([
				["Changes", __("Each change")],
				["By Teacher", __("By teacher and subject")],
			]),
		],
		{ rows: false }
	),
	(report) =>
		hoso_reports.load_subjects(report, (subjects) =>
			[{ value: "", label: "" }].concat(subjects).concat([{ value: "RL", label: __("Conduct") }])
		)
);
