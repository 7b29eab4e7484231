// Registering a certificate: the certificate and its chain are read on the server from where the key is
// (services/signing_certificates.py) and checked to be issued to you. A .p12 file: upload it, type its password
// once. A USB token (PKCS#11): type the token and key labels, then the token's PIN. A remote signing service:
// type the credential ID the service gave you. Passwords and PINs are used for the reading only, never stored.
const SC = "hoso_longan.services.signing_certificates";
const FACTS = ["certificate_pem", "chain_pem", "subject_name", "serial_number", "fingerprint", "valid_from", "valid_to"];

frappe.ui.form.on("Signing Certificate", {
	refresh(frm) {
		if (frm.doc.backend === "PKCS#12" && frm.doc.pkcs12_file && !frm.doc.certificate_pem) {
			frm.add_custom_button(__("Read the certificate from the file"), () => read_pkcs12(frm));
		}
		if (frm.doc.backend === "PKCS#11" && frm.is_new()) {
			frm.add_custom_button(__("Read the certificate from the token"), () => read_backend(frm));
		}
		if (frm.doc.backend === "Remote Signing Service" && frm.is_new()) {
			frm.add_custom_button(__("Read the certificate from the remote service"), () => read_backend(frm));
		}
		if (frm.doc.valid_to && frappe.datetime.str_to_obj(frm.doc.valid_to) < new Date()) {
			frm.dashboard.set_headline_alert(__("This certificate has expired."), "red");
		}
	},
	backend(frm) {
		frm.set_value("certificate_pem", "");
		frm.refresh();
	},
	pkcs12_file(frm) {
		frm.set_value("certificate_pem", "");
		if (frm.doc.pkcs12_file) read_pkcs12(frm);
	},
});

function set_facts(frm, facts) {
	FACTS.forEach((field) => frm.set_value(field, facts[field] || ""));
	frappe.show_alert({ message: __("Certificate of {0} read; save to register it.", [facts.subject_name]), indicator: "green" });
}

function read_pkcs12(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Password of the .p12 file"),
		fields: [
			{
				fieldname: "password",
				fieldtype: "Password",
				label: __("Password"),
				reqd: 1,
				description: __("Used only to read the certificate now; never stored."),
			},
		],
		primary_action_label: __("Read the certificate"),
		primary_action({ password }) {
			frappe
				.call({ method: `${SC}.read_pkcs12`, args: { file_url: frm.doc.pkcs12_file, password }, freeze: true })
				.then((r) => {
					dialog.hide();
					set_facts(frm, r.message || {});
				});
		},
	});
	dialog.show();
}

function read_backend(frm) {
	const token = frm.doc.backend === "PKCS#11";
	const args = {
		backend: frm.doc.backend,
		pkcs11_module: frm.doc.pkcs11_module,
		token_label: frm.doc.token_label,
		key_label: frm.doc.key_label,
		credential_id: frm.doc.credential_id,
	};
	const call = (secret) =>
		frappe.call({ method: `${SC}.read_certificate`, args: { ...args, secret }, freeze: true }).then((r) => set_facts(frm, r.message || {}));
	if (!token) return call(null);
	const dialog = new frappe.ui.Dialog({
		title: __("PIN of the token"),
		fields: [
			{
				fieldname: "pin",
				fieldtype: "Password",
				label: __("PIN"),
				reqd: 1,
				description: __("Used only to read the certificate now; never stored."),
			},
		],
		primary_action_label: __("Read the certificate"),
		primary_action({ pin }) {
			dialog.hide();
			call(pin);
		},
	});
	dialog.show();
}
