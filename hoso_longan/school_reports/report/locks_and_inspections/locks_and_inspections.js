// Khóa sổ và đợt kiểm tra đang có hiệu lực.
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Locks and Inspections"] = hoso_reports.report(
	hoso_reports.filters(
		[{ fieldname: "include_closed", label: __("Include Closed Inspections"), fieldtype: "Check" }],
		{ rows: false }
	)
);
