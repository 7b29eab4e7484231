// A class (lớp) of a school: its list in Vietnamese alphabetical order (services/classes.py).
frappe.ui.form.on("Student Group", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.hoso_school || !frm.perm[0].write) return;
		frm.add_custom_button(__("Number the list in Vietnamese order"), () =>
			frappe.confirm(__("Renumber every student of {0} in Vietnamese alphabetical order?", [frm.doc.name]), () =>
				frappe
					.call({ method: "hoso_longan.services.classes.renumber", args: { student_group: frm.doc.name } })
					.then(() => frm.reload_doc())
			)
		);
	},
});
