frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Maths Score Distribution"] = {
	method: "hoso_longan.school_reports.dashboard_chart_source.maths_score_distribution.maths_score_distribution.get",
	filters: [],
};
