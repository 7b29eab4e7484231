// Score Sheet: download the Excel template (class list filled in) and import a filled workbook.
// The import is all or nothing; problems are listed by row, column and student (services/score_import.py).
frappe.ui.form.on("Score Sheet", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(
			__("Download Excel Template"),
			() => {
				window.open(
					"/api/method/hoso_longan.services.score_import.download_template?score_sheet=" +
						encodeURIComponent(frm.doc.name)
				);
			},
			__("Excel")
		);
		if (frm.doc.docstatus !== 0 || !frm.perm[0] || !frm.perm[0].write) return;
		frm.add_custom_button(
			__("Import Scores from Excel"),
			() => {
				new frappe.ui.FileUploader({
					doctype: frm.doctype,
					docname: frm.doc.name,
					folder: "Home/Attachments",
					restrictions: { allowed_file_types: [".xlsx"] },
					on_success(file_doc) {
						frappe.call({
							method: "hoso_longan.services.score_import.import_file",
							args: { file_url: file_doc.file_url, score_sheet: frm.doc.name },
							freeze: true,
							freeze_message: __("Importing scores..."),
							callback(r) {
								if (r.exc) return;
								frappe.show_alert({
									message: __("{0} student rows imported", [r.message.rows]),
									indicator: "green",
								});
								frm.reload_doc();
							},
						});
					},
				});
			},
			__("Excel")
		);
	},
});
