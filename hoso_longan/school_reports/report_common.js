// Shared by the consolidated reports (school_reports): the filters every report has, defaults from the
// reader's scope, and the drill-down: a row's label opens the same report one level down.
window.hoso_reports = window.hoso_reports || {
	filters(extra = [], options = {}) {
		const filters = [
			{
				fieldname: "academic_year",
				label: __("Academic Year"),
				fieldtype: "Link",
				options: "Academic Year",
			},
			{
				fieldname: "education_unit",
				label: __("Education Unit"),
				fieldtype: "Link",
				options: "Education Unit",
			},
			{
				fieldname: "grade",
				label: __("Grade"),
				fieldtype: "Select",
				options: ["", "6", "7", "8", "9", "10", "11", "12"],
			},
			{
				fieldname: "student_group",
				label: __("Class"),
				fieldtype: "Link",
				options: "Student Group",
				get_query: () => {
					const year = frappe.query_report.get_filter_value("academic_year");
					return { filters: year ? { academic_year: year } : {} };
				},
			},
		];
		if (options.rows !== false) {
			filters.push({
				fieldname: "view",
				label: __("Rows"),
				fieldtype: "Select",
				options: [
					{ value: "", label: __("Next level down") },
					{ value: "Units", label: __("Units") },
					{ value: "Schools", label: __("Schools") },
					{ value: "Grades", label: __("Grades") },
					{ value: "Classes", label: __("Classes") },
				],
			});
		}
		return filters.concat(extra);
	},

	onload(report) {
		frappe
			.call("hoso_longan.school_reports.api.report_defaults")
			.then((r) => {
				const defaults = r.message || {};
				const values = {};
				for (const key of ["academic_year", "education_unit"]) {
					if (defaults[key] && !report.get_filter_value(key)) values[key] = defaults[key];
				}
				if (Object.keys(values).length) report.set_filter_value(values);
			});
		report.page.wrapper.on("click", ".hoso-drill", (event) => {
			event.preventDefault();
			const drill = JSON.parse(decodeURIComponent($(event.currentTarget).attr("data-drill")));
			report.set_filter_value(Object.assign({ view: "" }, drill));
		});
	},

	formatter(value, row, column, data, default_formatter) {
		const shown = default_formatter(value, row, column, data);
		if (column.fieldname === "label" && data && data.drill && data.drill !== "{}") {
			const drill = encodeURIComponent(data.drill);
			return `<a href="#" class="hoso-drill" data-drill="${drill}" title="${__("Open the level below")}">${shown}</a>`;
		}
		if (column.fieldname && column.fieldname.endsWith("overdue") && value > 0) {
			return `<span style="color: var(--red-600); font-weight: 600">${shown}</span>`;
		}
		return shown;
	},
};
