frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Digitisation by Unit"] = {
	method: "hoso_longan.school_reports.dashboard_chart_source.digitisation_by_unit.digitisation_by_unit.get",
	filters: [],
};
