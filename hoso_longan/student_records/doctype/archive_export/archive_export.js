frappe.ui.form.on("Archive Export", {
	refresh(frm) {
		if (!frm.is_new() && !["Queued", "Running"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Build Archive"), () =>
				frappe.call({ method: "hoso_longan.services.archive_export.start", args: { name: frm.docname } })
					.then(() => frm.reload_doc())
			);
		}
	},
});
