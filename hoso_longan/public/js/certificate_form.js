// Shared by the Signing Certificate and School Seal Certificate forms (each includes this file): the password
// or PIN asked once to read a certificate on the server (used for that reading only, never stored), and the
// facts read filling the form.
const CERTIFICATE_FACTS = ["certificate_pem", "chain_pem", "subject_name", "serial_number", "fingerprint", "valid_from", "valid_to"];

// Where the key is, as the form says it: a token (module, labels) or a remote service (credential).
function certificate_backend_args(frm) {
	const { backend, pkcs11_module, token_label, key_label, credential_id } = frm.doc;
	return { backend, pkcs11_module, token_label, key_label, credential_id };
}

function set_certificate_facts(frm, facts) {
	CERTIFICATE_FACTS.forEach((field) => frm.set_value(field, facts[field] || ""));
	frappe.show_alert({ message: __("Certificate of {0} read; save to register it.", [facts.subject_name]), indicator: "green" });
}

// ``read(secret)`` reads the certificate and returns its call's promise. The dialog closes at once, or with
// ``keep_open`` once the reading has succeeded (a mistyped password is typed again in the same dialog).
function ask_certificate_secret({ title, label, read, keep_open = false }) {
	const dialog = new frappe.ui.Dialog({
		title,
		fields: [
			{
				fieldname: "secret",
				fieldtype: "Password",
				label,
				reqd: 1,
				description: __("Used only to read the certificate now; never stored."),
			},
		],
		primary_action_label: __("Read the certificate"),
		primary_action({ secret }) {
			if (!keep_open) dialog.hide();
			read(secret).then(() => keep_open && dialog.hide());
		},
	});
	dialog.onhide = () => (secret_dialog_open = false);
	secret_dialog_open = true;
	dialog.show();
}

// Frappe's Attach control saves the form as soon as the file is uploaded, while the password dialog that the
// upload opened is still waiting: the server refused that save ("Chưa đọc được chứng thư…") over the dialog.
// A save before the file is read is held instead, and the dialog asked again if it was closed.
let secret_dialog_open = false;
function hold_save_until_read(frm, read) {
	if (!frm.doc.pkcs12_file || frm.doc.certificate_pem) return;
	frappe.validated = false;
	if (!secret_dialog_open) read(frm);
}

// A new .p12 file in the form: the facts of the previous one are cleared and the new one is read.
function on_pkcs12_file(frm, read) {
	frm.set_value("certificate_pem", "");
	if (frm.doc.pkcs12_file) read(frm);
}
