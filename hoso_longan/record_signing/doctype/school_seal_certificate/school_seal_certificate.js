// The school's organisational certificate (services/school_seal.py): read from its .p12 (password), token (PIN)
// or the remote service on the server and checked to be the school's own certificate. Passwords and PINs are
// used for the reading only, never stored.
const SEAL = "hoso_longan.services.school_seal";
const SEAL_FACTS = ["certificate_pem", "chain_pem", "subject_name", "serial_number", "fingerprint", "valid_from", "valid_to"];

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
		frm.set_value("certificate_pem", "");
		if (frm.doc.pkcs12_file && frm.doc.school) read_seal(frm);
	},
});

function read_seal(frm) {
	const remote = frm.doc.backend === "Remote Signing Service";
	const args = {
		school: frm.doc.school,
		backend: frm.doc.backend,
		pkcs12_file: frm.doc.pkcs12_file,
		pkcs11_module: frm.doc.pkcs11_module,
		token_label: frm.doc.token_label,
		key_label: frm.doc.key_label,
		credential_id: frm.doc.credential_id,
		name: frm.is_new() ? null : frm.doc.name,
	};
	const call = (secret) =>
		frappe.call({ method: `${SEAL}.read_seal_certificate`, args: { ...args, secret }, freeze: true }).then((r) => {
			const facts = r.message || {};
			SEAL_FACTS.forEach((field) => frm.set_value(field, facts[field] || ""));
			frappe.show_alert({ message: __("Certificate of {0} read; save to register it.", [facts.subject_name]), indicator: "green" });
		});
	if (remote) return call(null);
	const dialog = new frappe.ui.Dialog({
		title: __("Password or PIN of the school's certificate"),
		fields: [
			{
				fieldname: "secret",
				fieldtype: "Password",
				label: __("Password or PIN"),
				reqd: 1,
				description: __("Used only to read the certificate now; never stored."),
			},
		],
		primary_action_label: __("Read the certificate"),
		primary_action({ secret }) {
			dialog.hide();
			call(secret);
		},
	});
	dialog.show();
}
