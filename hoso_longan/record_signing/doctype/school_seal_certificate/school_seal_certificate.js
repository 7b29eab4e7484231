// The school's organisational certificate (services/school_seal.py): read from its .p12 (password), token (PIN)
// or the remote service on the server and checked to be the school's own certificate. Passwords and PINs are
// used for the reading only, never stored.
{% include "hoso_longan/public/js/certificate_form.js" %}

const SEAL = "hoso_longan.services.school_seal";

frappe.ui.form.on("School Seal Certificate", {
	setup(frm) {
		frm.set_query("school", () => ({ filters: { unit_type: "School" } }));
	},
	refresh(frm) {
		if (frm.doc.school && (frm.is_new() || !frm.doc.certificate_pem)) {
			frm.add_custom_button(__("Read the school's certificate"), () => read_seal(frm));
		}
		if (frm.doc.valid_to && frappe.datetime.str_to_obj(frm.doc.valid_to) < new Date()) {
			frm.dashboard.set_headline_alert(__("This certificate has expired."), "red");
		}
	},
	school(frm) {
		frm.refresh();
	},
	backend(frm) {
		frm.set_value("certificate_pem", "");
	},
	pkcs12_file(frm) {
		on_pkcs12_file(frm, () => frm.doc.school && read_seal(frm));
	},
	validate(frm) {
		if (frm.doc.backend === "PKCS#12" && frm.doc.school) hold_save_until_read(frm, read_seal);
	},
});

function read_seal(frm) {
	const remote = frm.doc.backend === "Remote Signing Service";
	const args = {
		school: frm.doc.school,
		pkcs12_file: frm.doc.pkcs12_file,
		...certificate_backend_args(frm),
		name: frm.is_new() ? null : frm.doc.name,
	};
	const call = (secret) =>
		frappe
			.call({ method: `${SEAL}.read_seal_certificate`, args: { ...args, secret }, freeze: true })
			.then((r) => set_certificate_facts(frm, r.message || {}));
	if (remote) return call(null);
	ask_certificate_secret({
		title: __("Password or PIN of the school's certificate"),
		label: __("Password or PIN"),
		read: call,
	});
}
