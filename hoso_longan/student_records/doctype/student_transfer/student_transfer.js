frappe.ui.form.on("Student Transfer", {
	refresh(frm) {
		if (frm.is_new()) return;
		const method = frm.doc.direction === "Transfer Out" ? "export_bundle" : "import_bundle";
		const label = frm.doc.direction === "Transfer Out" ? __("Export Signed Học Bạ") : __("Check and Import Bundle");
		frm.add_custom_button(label, () =>
			frappe.call({ method: `hoso_longan.services.student_transfer.${method}`, args: { name: frm.docname }, freeze: true })
				.always(() => frm.reload_doc())
		);
	},
});
