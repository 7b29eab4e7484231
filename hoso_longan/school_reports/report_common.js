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

	// A report of this family: its filters, the shared onload (defaults, drill-down) followed by the report's
	// own ``onload`` if it has one, and the shared formatter.
	report(filters, onload) {
		return {
			filters,
			onload(report) {
				hoso_reports.onload(report);
				if (onload) onload(report);
			},
			formatter: (value, row, column, data, default_formatter) =>
				hoso_reports.formatter(value, row, column, data, default_formatter),
		};
	},

	term_filter() {
		return { fieldname: "term", label: __("Term"), fieldtype: "Select", options: ["", "HK1", "HK2"] };
	},

	period_filter() {
		return {
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "CN", label: __("Whole Year") },
				{ value: "HK1", label: __("Term I") },
				{ value: "HK2", label: __("Term II") },
			],
			default: "CN",
		};
	},

	// "What to show": options as [value, label] pairs, the first the default.
	show_filter(options) {
		return {
			fieldname: "show",
			label: __("Show"),
			fieldtype: "Select",
			options: options.map(([value, label]) => ({ value, label })),
			default: options[0][0],
		};
	},

	// The subject filter's options from the catalogue's subjects (code and name), read once per opening; a
	// filter with a default shows it again once its options are there.
	load_subjects(report, options_of, default_value) {
		frappe
			.call("hoso_longan.school_reports.report.score_distribution.score_distribution.subject_options")
			.then((r) => {
				const filter = report.get_filter("subject");
				filter.df.options = options_of(r.message || []);
				filter.refresh();
				if (default_value) filter.set_input(report.get_filter_value("subject") || default_value);
			});
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
			hoso_reports.drill(report, Object.assign({ view: "" }, drill));
		});
	},

	// One run of the report once every filter of the level below is set. set_filter_value runs the report
	// on each change, and a unit (a Link shown by its title) reads back empty until its title is fetched:
	// the last run could go without the unit and show the level above again.
	async drill(report, values) {
		report._no_refresh = true;
		try {
			for (const [fieldname, value] of Object.entries(values)) {
				const filter = report.get_filter(fieldname);
				if (filter) await filter.set_value(value);
			}
			const set = () =>
				Object.entries(values).every(
					([fieldname, value]) => !value || report.get_filter_value(fieldname) == value
				);
			for (let wait = 0; wait < 100 && !set(); wait++) {
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		} finally {
			report._no_refresh = false;
		}
		// A late change event of the same values (the Link's) then runs nothing more (query_report.js).
		report.previous_filters = report.get_filter_values();
		setTimeout(() => (report.previous_filters = null), 10000);
		report.refresh(true);
	},

	formatter(value, row, column, data, default_formatter) {
		if (column.show_code && value) {
			// The unit's code itself (an Education Unit link would show its title, the unit's name).
			const code = frappe.utils.escape_html(value);
			return `<a href="/app/education-unit/${encodeURIComponent(value)}" title="${code}">${code}</a>`;
		}
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
