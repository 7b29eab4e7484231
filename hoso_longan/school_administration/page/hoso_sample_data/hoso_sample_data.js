// Dữ liệu mẫu: load one sample school to see the app populated, and remove it (services/sample_desk.py).
frappe.pages["hoso-sample-data"].on_page_load = (wrapper) => {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Sample Data"), single_column: true });
	const body = $(`<div class="frappe-card p-4"></div>`).appendTo(page.main);
	const SAMPLE = "hoso_longan.services.sample_desk";

	function render(status) {
		body.html(`
			<p>${__("A sample school shows the app with data in it: units, a school, classes, Vietnamese-named students and teachers, score sheets, conduct and records at every step of signing. Every account of the sample can be removed again in one action; nothing else on the site is touched.")}</p>
			<p class="text-muted">${state_text(status)}</p>${status.loaded ? accounts_table(status.accounts || []) : ""}`);
		page.clear_primary_action();
		page.clear_secondary_action();
		if (status.status === "Loading") {
			setTimeout(refresh, 5000);
		} else if (status.name) {
			page.set_secondary_action(__("Remove the sample data"), () =>
				frappe.confirm(__("Remove every record of the sample data?"), () => run("start_removing"))
			);
		} else {
			page.set_primary_action(__("Load a sample school"), () => run("start_loading"));
		}
	}

	function state_text(status) {
		if (status.status === "Loading") return __("The sample school is being loaded…");
		if (status.status === "Failed") return __("Loading the sample failed: remove what was loaded, then try again.");
		if (status.loaded) return __("Sample data is loaded: {0} schools, {1} students.", [status.schools, status.students]);
		return __("No sample data is loaded.");
	}

	// Who can log in to see the sample, one account per role; the accounts have no password until an
	// administrator sets one (or impersonates the user from the User form).
	function accounts_table(accounts) {
		const rows = accounts
			.map(
				(a) => `<tr><td>${frappe.utils.escape_html(a.role)}</td><td>${frappe.utils.escape_html(a.name)}</td>
					<td><a href="/app/user/${encodeURIComponent(a.email)}">${frappe.utils.escape_html(a.email)}</a></td></tr>`
			)
			.join("");
		return `<h5 class="mt-4">${__("Sample accounts")}</h5>
			<p class="text-muted small">${__(
				"They have no password: set one on the user's form (Set New Password), or open the form and use Impersonate."
			)}</p>
			<table class="table table-bordered table-sm"><thead><tr><th>${__("Role")}</th><th>${__("Full Name")}</th><th>${__(
				"Email"
			)}</th></tr></thead><tbody>${rows}</tbody></table>`;
	}

	function run(method) {
		frappe.call({ method: `${SAMPLE}.${method}`, freeze: true }).then(() => {
			frappe.show_alert({ message: __("Started in the background; progress is shown as it runs."), indicator: "blue" });
			render({ status: "Loading" });
		});
	}

	function refresh() {
		frappe.call({ method: `${SAMPLE}.status` }).then((r) => render(r.message || {}));
	}

	frappe.realtime.on("hoso_sample_data_done", refresh);
	frappe.realtime.on("hoso_sample_data_failed", ({ message }) => {
		frappe.msgprint({ title: __("Sample Data"), message: frappe.utils.escape_html(message), indicator: "red" });
		refresh();
	});
	refresh();
};
