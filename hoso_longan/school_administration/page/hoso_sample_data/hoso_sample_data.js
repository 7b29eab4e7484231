// Dữ liệu mẫu: load one sample school to see the app populated, and remove it (services/sample_desk.py).
frappe.pages["hoso-sample-data"].on_page_load = (wrapper) => {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Sample Data"), single_column: true });
	const body = $(`<div class="frappe-card p-4"></div>`).appendTo(page.main);
	const SAMPLE = "hoso_longan.services.sample_desk";

	function render(status) {
		body.html(`
			<p>${__("A sample school shows the app with data in it: units, a school, classes, Vietnamese-named students and teachers, score sheets, conduct and records at every step of signing. Every account of the sample can be removed again in one action; nothing else on the site is touched.")}</p>
			<p class="text-muted">${
				status.loaded
					? __("Sample data is loaded: {0} schools, {1} students.", [status.schools, status.students])
					: __("No sample data is loaded.")
			}</p>`);
		page.clear_primary_action();
		page.clear_secondary_action();
		if (status.loaded) {
			page.set_secondary_action(__("Remove the sample data"), () =>
				frappe.confirm(__("Remove every record of the sample data?"), () => run("start_removing"))
			);
		} else {
			page.set_primary_action(__("Load a sample school"), () => run("start_loading"));
		}
	}

	function run(method) {
		frappe.call({ method: `${SAMPLE}.${method}`, freeze: true }).then(() =>
			frappe.show_alert({ message: __("Started in the background; progress is shown as it runs."), indicator: "blue" })
		);
	}

	function refresh() {
		frappe.call({ method: `${SAMPLE}.status` }).then((r) => render(r.message || {}));
	}

	frappe.realtime.on("hoso_sample_data_done", refresh);
	refresh();
};
