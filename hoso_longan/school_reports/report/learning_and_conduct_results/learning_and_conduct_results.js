// Thống kê kết quả học tập và rèn luyện (Annual Result, grouped).
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Learning and Conduct Results"] = hoso_reports.report(
	hoso_reports.filters([
		hoso_reports.period_filter(),
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
	])
);
