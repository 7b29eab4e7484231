frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Year Learning Results"] = {
	method: "hoso_longan.school_reports.dashboard_chart_source.year_learning_results.year_learning_results.get",
	filters: [],
};
