// Roster Import (Nhập danh sách): download the Excel template, attach the filled file, import it.
// The import is all or nothing; every problem is listed by row, column and person (services/roster_import.py).
const ROSTER = "hoso_longan.services.roster_import";

frappe.ui.form.on("Roster Import", {
	onload(frm) {
		if (!frm.is_new() || (frm.doc.school && frm.doc.academic_year)) return;
		frappe.call(`${ROSTER}.new_defaults`).then((r) => {
			for (const [field, value] of Object.entries(r.message || {})) {
				if (value && !frm.doc[field]) frm.set_value(field, value);
			}
		});
	},

	refresh(frm) {
		frm.set_query("school", () => ({ filters: { unit_type: "School" } }));
		frm.add_custom_button(__("Download Excel template"), () => {
			const args = new URLSearchParams({
				import_type: frm.doc.import_type || "Students",
				school: frm.doc.school || "",
				academic_year: frm.doc.academic_year || "",
			});
			// A link with "download" keeps the form open while the browser saves the file.
			const link = document.createElement("a");
			link.href = `/api/method/${ROSTER}.download_template?${args}`;
			link.download = "";
			document.body.appendChild(link);
			link.click();
			link.remove();
		});
		if (frm.is_new() || !frm.doc.file) return;
		frm.add_custom_button(__("Import"), () => import_roster(frm));
		if (frm.doc.status !== "Imported") frm.change_custom_button_type(__("Import"), null, "primary");
		show_problems(frm);
	},
});

function import_roster(frm) {
	const run = () =>
		frappe.call({
			method: `${ROSTER}.run`,
			args: { name: frm.doc.name },
			freeze: true,
			freeze_message: __("Checking and importing the file..."),
			callback(r) {
				if (r.exc || !r.message) return;
				frm.reload_doc();
				if (r.message.status === "Imported") {
					frappe.msgprint({
						title: __("Imported"),
						message: frappe.utils.escape_html(r.message.summary),
						indicator: "green",
					});
				}
			},
		});
	if (frm.is_dirty()) frm.save().then(run);
	else run();
}

function show_problems(frm) {
	if (frm.doc.status !== "Refused" || !frm.doc.problems) return;
	const count = frm.doc.problems.split("\n").length;
	frm.dashboard.set_headline_alert(
		__("The file was refused and nothing was written: {0} problems.", [count]),
		"red"
	);
}
