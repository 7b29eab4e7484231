// Registering a certificate: upload the .p12, type its password once; the certificate and its chain are read
// from the file on the server (services/signing_certificates.py) and checked to be issued to you.
frappe.ui.form.on("Signing Certificate", {
	refresh(frm) {
		if (frm.doc.backend === "PKCS#12" && frm.doc.pkcs12_file && !frm.doc.certificate_pem) {
			frm.add_custom_button(__("Read the certificate from the file"), () => read_pkcs12(frm));
		}
		if (frm.doc.valid_to && frappe.datetime.str_to_obj(frm.doc.valid_to) < new Date()) {
			frm.dashboard.set_headline_alert(__("This certificate has expired."), "red");
		}
	},
	pkcs12_file(frm) {
		frm.set_value("certificate_pem", "");
		if (frm.doc.pkcs12_file) read_pkcs12(frm);
	},
});

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
				.call({
					method: "hoso_longan.services.signing_certificates.read_pkcs12",
					args: { file_url: frm.doc.pkcs12_file, password },
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					const facts = r.message || {};
					["certificate_pem", "chain_pem", "subject_name", "serial_number", "fingerprint", "valid_from", "valid_to"].forEach(
						(field) => frm.set_value(field, facts[field] || "")
					);
					frappe.show_alert({ message: __("Certificate of {0} read; save to register it.", [facts.subject_name]), indicator: "green" });
				});
		},
	});
	dialog.show();
}
