// Batch signing from the desk's lists (the principal signs a class's học bạ pages and class book at once):
// the same service as the teachers' portal (services/portal/signing.py), the password or PIN asked once,
// progress while the background job runs, and the reason for each document that could not be signed.
(() => {
	const SIGNING = "hoso_longan.services.portal.signing";
	const DOCTYPES = ["Student Record Book Page", "Class Assessment Book", "Lesson Plan", "Education Plan"];

	function report(status) {
		const signed = Object.keys(status.signed || {}).length;
		const failed = Object.entries(status.failed || {});
		const titles = status.titles || {};
		let html = `<p>${__("{0} documents signed.", [signed])}</p>`;
		if (failed.length) {
			html += `<p>${__("Not signed:")}</p><ul>${failed
				.map(
					([name, reason]) =>
						`<li><b>${frappe.utils.escape_html(titles[name] || name)}</b>: ${frappe.utils.escape_html(reason)}</li>`
				)
				.join("")}</ul>`;
		}
		frappe.msgprint({ title: __("Signing finished"), message: html, indicator: failed.length ? "orange" : "green" });
	}

	function follow(listview) {
		frappe.call({ method: `${SIGNING}.batch_status` }).then(({ message: status }) => {
			if (["queued", "running"].includes(status.state)) {
				frappe.show_progress(__("Signing"), status.done || 0, status.total || 1, __("Signing the chosen documents…"));
				setTimeout(() => follow(listview), 2000);
				return;
			}
			frappe.hide_progress();
			if (status.state === "failed") {
				frappe.msgprint({ title: __("Signing failed"), message: frappe.utils.escape_html(status.message), indicator: "red" });
			} else {
				report(status);
			}
			listview.refresh();
		});
	}

	function sign_selected(listview) {
		const documents = listview.get_checked_items().map((doc) => ({ doctype: listview.doctype, name: doc.name }));
		if (!documents.length) return;
		const dialog = new frappe.ui.Dialog({
			title: __("Sign {0} documents", [documents.length]),
			fields: [
				{
					fieldname: "secret",
					fieldtype: "Password",
					label: __("Certificate password or PIN"),
					reqd: 1,
					description: __("Asked once for the whole batch; it is not stored."),
				},
			],
			primary_action_label: __("Sign"),
			primary_action({ secret }) {
				dialog.hide();
				frappe
					.call({ method: `${SIGNING}.start_batch`, args: { documents, secret }, type: "POST" })
					.then(() => follow(listview));
			},
		});
		dialog.show();
	}

	for (const doctype of DOCTYPES) {
		const settings = (frappe.listview_settings[doctype] = frappe.listview_settings[doctype] || {});
		if (settings.hoso_sign_selected) continue;
		settings.hoso_sign_selected = true;
		const onload = settings.onload;
		settings.onload = (listview) => {
			if (onload) onload(listview);
			listview.page.add_actions_menu_item(__("Sign selected"), () => sign_selected(listview), false);
		};
	}
})();
