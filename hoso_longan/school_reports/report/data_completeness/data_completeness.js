// Dữ liệu còn thiếu: student particulars, subjects without a teacher, teachers without a certificate.
{% include "hoso_longan/school_reports/report_common.js" %}

frappe.query_reports["Data Completeness"] = hoso_reports.report(
	hoso_reports.filters([
		hoso_reports.show_filter([
			["Students", __("Students missing particulars")],
			["Subjects", __("Subjects without a teacher")],
			["Certificates", __("Teachers without a signing certificate")],
		]),
	])
);
