// Registering a certificate: the certificate and its chain are read on the server from where the key is
// (services/signing_certificates.py) and checked to be issued to you. A .p12 file: upload it, type its password
// once. A USB token (PKCS#11): type the token and key labels, then the token's PIN. A remote signing service:
// type the credential ID the service gave you. Passwords and PINs are used for the reading only, never stored.
{% include "hoso_longan/public/js/certificate_form.js" %}

const SC = "hoso_longan.services.signing_certificates";

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
		on_pkcs12_file(frm, read_pkcs12);
	},
	validate(frm) {
		if (frm.doc.backend === "PKCS#12") hold_save_until_read(frm, read_pkcs12);
	},
});

function read_pkcs12(frm) {
	ask_certificate_secret({
		title: __("Password of the .p12 file"),
		label: __("Password"),
		keep_open: true,
		read: (password) =>
			frappe
				.call({ method: `${SC}.read_pkcs12`, args: { file_url: frm.doc.pkcs12_file, password }, freeze: true })
				.then((r) => set_certificate_facts(frm, r.message || {})),
	});
}

function read_backend(frm) {
	const token = frm.doc.backend === "PKCS#11";
	const args = certificate_backend_args(frm);
	const call = (secret) =>
		frappe
			.call({ method: `${SC}.read_certificate`, args: { ...args, secret }, freeze: true })
			.then((r) => set_certificate_facts(frm, r.message || {}));
	if (!token) return call(null);
	ask_certificate_secret({ title: __("PIN of the token"), label: __("PIN"), read: call });
}
