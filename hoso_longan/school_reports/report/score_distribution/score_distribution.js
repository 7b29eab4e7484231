// Phổ điểm (Score Summary, added up).
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Score Distribution"] = hoso_reports.report(
	hoso_reports.filters([
		{
			fieldname: "subject",
			label: __("Subject"),
			fieldtype: "Select",
			options: [{ value: "TOAN", label: "Toán" }],
			default: "TOAN",
		},
		hoso_reports.period_filter(),
	]),
	(report) => hoso_reports.load_subjects(report, (subjects) => subjects, "TOAN")
);
