// Official PDF and digital signing on Student Record Book Page, Class Assessment Book, Lesson Plan and
// Education Plan (services/official_pdf.py, services/record_signing.py).
(() => {
	const PDF = "hoso_longan.services.official_pdf";
	const SIGN = "hoso_longan.services.record_signing";

	function download(frm) {
		frappe.call({
			method: `${PDF}.get_official_pdf`,
			args: { doctype: frm.doctype, name: frm.docname },
			freeze: true,
			freeze_message: __("Rendering the official record…"),
		}).then((r) => {
			frm.reload_doc();
			if (r.message && r.message.file_url) window.open(r.message.file_url);
		});
	}

	function ask_secret(title, callback, label) {
		const dialog = new frappe.ui.Dialog({
			title,
			fields: [
				{
					fieldname: "secret",
					fieldtype: "Password",
					label: label || __("Certificate password or PIN"),
					reqd: 1,
					description: __("Used for this signature only; never stored."),
				},
			],
			primary_action_label: __("Sign"),
			primary_action(values) {
				dialog.hide();
				callback(values.secret);
			},
		});
		dialog.show();
	}

	// "Đã ký với tư cách: …": each box signed in this act once (a label met twice is said once).
	function signed_as(answer) {
		const labels = [...new Set(answer.signed_now_labels || [])];
		return __("Signed as: {0}", [labels.join("; ")]);
	}

	// One signature in the form: ask the password or PIN, call ``method`` on this document, say which boxes
	// were signed and reload.
	function sign_here(frm, title, method, args, secret_label) {
		ask_secret(title, (secret) => {
			frappe.call({
				method: `${SIGN}.${method}`,
				args: { doctype: frm.doctype, name: frm.docname, secret, ...args },
				freeze: true,
				freeze_message: __("Signing…"),
			}).then((r) => {
				frappe.show_alert({
					message: signed_as(r.message),
					indicator: "green",
				});
				frm.reload_doc();
			});
		}, secret_label);
	}

	function sign(frm, action) {
		sign_here(frm, __("Sign {0}", [frm.docname]), "sign_document", { action: action || null });
	}

	function sign_class(frm, seal) {
		const title = seal ? __("Apply the school's seal to every record of the class") : __("Sign all học bạ of the class / my subject");
		ask_secret(title, (secret) => {
			frappe.call({
				method: `${SIGN}.enqueue_class_signing`,
				args: { student_group: frm.doc.student_group, secret, seal: seal ? 1 : 0 },
			}).then(() => frappe.show_alert({ message: __("Signing started in the background."), indicator: "blue" }));
		});
	}

	// The school's seal: the school's organisational certificate, after the principal's signature; the
	// password or PIN asked is the seal's (services/school_seal.py).
	function apply_seal(frm) {
		sign_here(
			frm,
			__("Apply the school's seal to {0}", [frm.docname]),
			"apply_seal",
			{},
			__("Password or PIN of the school's certificate")
		);
	}

	// The official PDF of a signed or locked record cannot be removed (services/official_file.py refuses it):
	// its attachment is drawn without Frappe's ×, the reason as its tooltip. Frappe's × removes every
	// attachment of the same file name, so a row of that name loses it too. Frappe redraws the attachments
	// (sidebar refresh, upload, removal) on its own: the form's Attachments do it after each redraw.
	function keep_official_pdf(frm) {
		const attachments = frm.attachments;
		if (!attachments) return;
		if (!attachments.hoso_keeps_pdf) {
			attachments.hoso_keeps_pdf = true;
			const refresh = attachments.refresh.bind(attachments);
			attachments.refresh = () => {
				refresh();
				hide_remove(frm);
			};
		}
		hide_remove(frm);
	}

	function hide_remove(frm) {
		const reason = frm.doc.__onload && frm.doc.__onload.official_pdf_kept;
		const files = frm.get_docinfo().attachments || [];
		const kept = reason && files.find((file) => file.file_url === frm.doc.official_pdf);
		if (!kept) return;
		frm.attachments.parent.find(".attachment-row").each((_i, row) => {
			const link = $(row).find('a[href^="/app/file/"]').attr("href") || "";
			const file = files.find((f) => `/app/file/${f.name}` === link);
			if (!file || file.file_name !== kept.file_name) return;
			$(row).find(".remove-btn").remove();
			$(row).find(".data-pill").attr("title", reason);
		});
	}

	const SEALED = ["Student Record Book Page", "Class Assessment Book"];
	const may_seal = () => frappe.user.has_role("Principal") || frappe.user.has_role("Records Office Staff");

	const setup = {
		// Frappe's workflow action writes its line in the activity ("… Đã phê duyệt") but the form keeps the
		// activity it loaded (that comment type sends no live update): load the document and its activity again.
		after_workflow_action(frm) {
			frm.reload_doc();
		},
		refresh(frm) {
			if (frm.is_new()) return;
			keep_official_pdf(frm);
			frm.add_custom_button(__("Tải bản chính thức (PDF)"), () => download(frm));
			if (frm.doc.docstatus === 0) {
				frm.add_custom_button(__("Sign"), () => sign(frm), __("Digital Signature"));
			}
			if (SEALED.includes(frm.doctype) && frm.doc.docstatus < 2 && may_seal()) {
				frm.add_custom_button(__("Apply the School's Seal"), () => apply_seal(frm), __("Digital Signature"));
			}
			if (frm.doctype === "Class Assessment Book") {
				frm.add_custom_button(__("Ký tất cả học bạ của lớp / môn của tôi"), () => sign_class(frm), __("Digital Signature"));
				if (may_seal()) {
					frm.add_custom_button(__("Apply the school's seal to the whole class"), () => sign_class(frm, true), __("Digital Signature"));
				}
				frm.add_custom_button(__("Render the whole class"), () =>
					frappe.call({ method: `${PDF}.enqueue_official_pdfs`, args: { student_group: frm.doc.student_group } })
						.then(() => frappe.show_alert({ message: __("Rendering started in the background."), indicator: "blue" }))
				, __("Digital Signature"));
			}
		},
	};
	["Student Record Book Page", "Class Assessment Book", "Lesson Plan", "Education Plan"].forEach((doctype) =>
		frappe.ui.form.on(doctype, setup)
	);
})();
