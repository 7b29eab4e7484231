// Conduct of a class for a term (rèn luyện): the homeroom teacher gives most pupils the same level and
// changes the few who differ, so empty rows can be filled with one level at once.
frappe.ui.form.on("Conduct Assessment", {
	refresh(frm) {
		if (frm.doc.docstatus !== 0 || !frm.perm[0].write || !(frm.doc.rows || []).length) return;
		frm.add_custom_button(__("Fill empty levels"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Fill empty levels"),
				fields: [
					{
						fieldname: "level",
						fieldtype: "Select",
						label: __("Conduct Level"),
						options: ["Tốt", "Khá", "Đạt", "Chưa đạt"],
						default: "Tốt",
						reqd: 1,
					},
				],
				primary_action_label: __("Fill"),
				primary_action({ level }) {
					let filled = 0;
					(frm.doc.rows || []).forEach((row) => {
						if (!row.level) {
							frappe.model.set_value(row.doctype, row.name, "level", level);
							filled += 1;
						}
					});
					dialog.hide();
					frm.refresh_field("rows");
					// Saved at once: on a slow connection Frappe's workflow buttons, loaded after the form,
					// would otherwise replace the Save button of the now unsaved form.
					frm.save().then(() =>
						frappe.show_alert({ message: __("{0} students given the level {1}, saved.", [filled, level]) })
					);
				},
			});
			dialog.show();
		});
	},
});
