// Year-end computation from the desk (services/year_end.py): on the class book for one class, on the
// school (Education Unit) for every class. Refused while anything is missing: the message names each
// missing finalised sheet (subject, term, teacher) and the missing conduct.
(() => {
	const YEAR_END = "hoso_longan.services.year_end";

	function compute_class(frm) {
		frappe.confirm(
			__("Compute the year results of class {0}? Results already computed are replaced.", [frm.doc.student_group]),
			() =>
				frappe
					.call({
						method: `${YEAR_END}.enqueue_class`,
						args: { student_group: frm.doc.student_group },
						freeze: true,
						freeze_message: __("Checking the class…"),
					})
					.then(() => {
						frappe.show_alert({ message: __("Year-end computation started in the background."), indicator: "blue" });
						setTimeout(() => frm.reload_doc(), 3000);
					})
		);
	}

	function readiness_table(rows) {
		const body = rows
			.map(
				(row) => `<tr><td>${frappe.utils.escape_html(row.student_group)}</td><td>${
					row.locked
						? `<span class="indicator-pill gray">${__("Locked")}</span><div class="small">${frappe.utils.escape_html(row.locked)}</div>`
						: row.ready
						? `<span class="indicator-pill green">${__("Ready")}</span>`
						: `<span class="indicator-pill orange">${__("Not ready")}</span><ul class="small">${row.gaps
								.map((gap) => `<li>${frappe.utils.escape_html(gap)}</li>`)
								.join("")}</ul>`
				}</td></tr>`
			)
			.join("");
		return `<table class="table table-bordered"><thead><tr><th>${__("Class")}</th><th>${__(
			"Status"
		)}</th></tr></thead><tbody>${body}</tbody></table>`;
	}

	function compute_school(frm) {
		const dialog = new frappe.ui.Dialog({
			title: __("Year-end computation of {0}", [frm.doc.unit_name]),
			fields: [
				{ fieldname: "academic_year", fieldtype: "Link", options: "Academic Year", label: __("Academic Year"), reqd: 1 },
				{ fieldname: "check", fieldtype: "Button", label: __("Check the classes") },
				{ fieldname: "readiness", fieldtype: "HTML" },
			],
			primary_action_label: __("Compute the ready classes"),
			primary_action(values) {
				frappe
					.call({
						method: `${YEAR_END}.enqueue_school`,
						args: { school: frm.doc.name, academic_year: values.academic_year, only_ready: 1 },
						freeze: true,
					})
					.then((r) => {
						dialog.hide();
						frappe.show_alert({
							message: __("Year-end computation started for {0} classes.", [(r.message || []).length]),
							indicator: "blue",
						});
					});
			},
		});
		dialog.fields_dict.check.$input.on("click", () => {
			const academic_year = dialog.get_value("academic_year");
			if (!academic_year) return;
			frappe
				.call({ method: `${YEAR_END}.readiness`, args: { school: frm.doc.name, academic_year }, freeze: true })
				.then((r) => dialog.fields_dict.readiness.$wrapper.html(readiness_table(r.message || [])));
		});
		dialog.show();
	}

	const may_compute = () => frappe.user.has_role(["Principal", "School Records Admin", "System Manager"]);

	frappe.ui.form.on("Class Assessment Book", {
		refresh(frm) {
			if (frm.is_new() || frm.doc.docstatus !== 0 || !may_compute()) return;
			frm.add_custom_button(__("Compute year results"), () => compute_class(frm), __("Year End"));
		},
	});

	frappe.ui.form.on("Education Unit", {
		refresh(frm) {
			if (frm.is_new() || frm.doc.unit_type !== "School" || !may_compute()) return;
			frm.add_custom_button(__("Compute year results"), () => compute_school(frm), __("Year End"));
		},
	});
})();
