// /giao-vien/ky-so: every document waiting for the teacher's signature; a preview of its official PDF; sign
// the chosen ones (or all) with the certificate's password or PIN asked once; progress while the batch runs;
// a named reason for each document that could not be signed (services/portal/signing.py).

import { call, upload } from "./api.js";
import { translate as __ } from "./i18n.js";
import { askSecret, banner, clear, fill, h, markReady, toast } from "./ui.js";

const API = "hoso_longan.services.portal.signing";
const CERTIFICATES = "hoso_longan.services.portal.certificates";
const POLL_MS = 1000;

export function startSigningPage(root, data) {
	const notices = h("div", { class: "hp-notices" });
	const progress = h("div", { class: "hp-progress-box" });
	const list = h("div", { class: "hp-queue" });
	const actions = h("div", { class: "hp-actions" });
	const preview = h("div", { class: "hp-preview" });
	const certificates = h("section", { class: "hp-certificates" });
	fill(root, h("h2", { class: "hp-title" }, __("Digital signing")), notices, actions, progress, list, preview, certificates);
	const checks = new Map();

	function drawQueue(queue) {
		clear(list);
		checks.clear();
		if (!queue.length) {
			list.append(h("p", { class: "hp-empty" }, __("Nothing is waiting for your signature.")));
			clear(actions);
			return;
		}
		const rows = queue.map((item) => {
			const box = h("input", { type: "checkbox", class: "hp-check", checked: item.ready, disabled: !item.ready, "aria-label": item.title });
			checks.set(box, item);
			return h(
				"li",
				{ class: `hp-queue-item${item.ready ? "" : " is-waiting"}`, dataset: { name: item.name, doctype: item.doctype } },
				h("label", { class: "hp-queue-label" }, box, " ", h("strong", {}, item.title), h("span", { class: "hp-meta" }, ` · ${item.group} · ${item.state}`)),
				item.waiting ? h("div", { class: "hp-reason" }, item.waiting) : null,
				item.read_only_reason ? h("div", { class: "hp-reason" }, item.read_only_reason) : null,
				h("button", { type: "button", class: "btn btn-link btn-xs hp-preview-button", onclick: () => showPreview(item) }, __("Preview the official PDF"))
			);
		});
		list.append(h("ul", { class: "hp-queue-list" }, rows));
		const all = h("input", { type: "checkbox", class: "hp-check-all", checked: true, "aria-label": __("Select all") });
		all.addEventListener("change", () => {
			for (const [box, item] of checks) if (item.ready) box.checked = all.checked;
		});
		fill(actions, 
			h("label", { class: "hp-label-inline" }, all, " ", __("Select all")),
			" ",
			h("button", { type: "button", class: "btn btn-primary hp-sign", onclick: sign }, __("Sign the selected documents"))
		);
	}

	async function showPreview(item) {
		fill(preview, h("p", {}, __("Rendering the official record…")));
		try {
			const answer = await call(`${API}.preview`, { doctype: item.doctype, name: item.name });
			fill(preview, 
				h("h3", {}, item.title),
				h("p", {}, h("a", { href: answer.file_url, target: "_blank", rel: "noopener", class: "btn btn-default btn-sm hp-pdf-link" }, __("Open the PDF"))),
				window.matchMedia("(min-width: 768px)").matches
					? h("object", { data: answer.file_url, type: "application/pdf", class: "hp-pdf" }, h("a", { href: answer.file_url }, __("Open the PDF")))
					: null
			);
		} catch (error) {
			fill(preview, banner(error.message, "danger"));
		}
	}

	async function sign() {
		const chosen = [...checks].filter(([box]) => box.checked).map(([, item]) => ({ doctype: item.doctype, name: item.name }));
		if (!chosen.length) {
			toast(__("Choose at least one document to sign."), "danger");
			return;
		}
		const secret = await askSecret(__("Sign {0} documents", [chosen.length]), __("Your certificate's password or PIN is asked once for the whole batch."));
		if (!secret) return;
		clear(progress); // the last batch's report goes: what shows next is this batch's
		try {
			const state = await call(`${API}.start_batch`, { documents: chosen, secret }, { post: true });
			drawProgress(state);
			poll();
		} catch (error) {
			fill(notices, banner(error.message, "danger"));
		}
	}

	async function poll() {
		let state;
		try {
			state = await call(`${API}.batch_status`);
		} catch (error) {
			setTimeout(poll, POLL_MS * 3);
			return;
		}
		drawProgress(state);
		if (state.state === "queued" || state.state === "running") {
			setTimeout(poll, POLL_MS);
		} else if (state.state === "done" || state.state === "failed") {
			try {
				drawQueue(await call(`${API}.get_queue`));
			} catch (error) {
				// the report stays on the page
			}
		}
	}

	function drawProgress(state) {
		clear(progress);
		if (!state || state.state === "idle") return;
		const percent = state.total ? Math.round((100 * (state.done || 0)) / state.total) : 0;
		const label =
			state.state === "done"
				? __("Signed: {0} of {1} documents.", [Object.keys(state.signed || {}).length, state.total])
				: state.state === "failed"
					? __("The batch stopped: {0}", [state.message])
					: __("Signing… {0} of {1}", [state.done || 0, state.total]);
		progress.append(
			h("div", { class: "hp-progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": percent },
				h("div", { class: "hp-progress-bar", style: `width: ${percent}%` })),
			h("p", { class: `hp-progress-label hp-batch-${state.state}`, dataset: { state: state.state } }, label)
		);
		const failed = Object.entries(state.failed || {});
		if (failed.length) {
			progress.append(
				h("h4", {}, __("Not signed")),
				h("ul", { class: "hp-failed" }, failed.map(([name, reason]) => h("li", { dataset: { name } }, h("strong", {}, (state.titles || {})[name] || name), ": ", reason)))
			);
		}
	}

	// The teacher's own certificates, and the form that registers a .p12 (services/portal/certificates.py).
	function drawCertificates(rows) {
		// the browser's own file button speaks the browser's language: a button of the page's stands over it
		const file = h("input", { type: "file", class: "hp-p12-file", name: "p12", accept: ".p12,.pfx" });
		const chosen = h("span", { class: "hp-meta hp-p12-chosen" }, __("No file chosen"));
		file.addEventListener("change", () => fill(chosen, file.files.length ? file.files[0].name : __("No file chosen")));
		const password = h("input", { type: "password", class: "form-control hp-p12-password", name: "p12_password", autocomplete: "off" });
		const result = h("div", { class: "hp-p12-result", "aria-live": "polite" });
		const register = async () => {
			if (!file.files.length) return fill(result, banner(__("Choose your .p12 file."), "danger"));
			if (!password.value) return fill(result, banner(__("Type the password of the .p12 file."), "danger"));
			try {
				const answer = await upload(`${CERTIFICATES}.register_pkcs12`, { password: password.value }, file.files[0]);
				password.value = "";
				drawCertificates(answer.certificates);
				toast(__("Your certificate is registered: you can sign now."));
			} catch (error) {
				password.value = "";
				fill(result, banner(error.message, "danger"));
			}
		};
		fill(certificates,
			h("h3", {}, __("My signing certificates")),
			rows.length
				? h("ul", { class: "hp-certificate-list" }, rows.map((row) => h("li", { class: "hp-certificate", dataset: { name: row.name } },
					h("strong", {}, row.holder), h("span", { class: "hp-meta" }, ` · ${row.backend} · ${__("valid until {0}", [row.valid_to])}${row.enabled ? "" : ` · ${__("disabled")}`}`))))
				: h("p", { class: "hp-empty" }, __("You have not registered a signing certificate yet.")),
			h("form", { class: "hp-form hp-p12-form", onsubmit: (event) => { event.preventDefault(); register(); } },
				h("p", { class: "hp-help" }, __("Register the .p12 (or .pfx) file your certificate provider gave you. Its password is used once to read the certificate and is not stored.")),
				h("div", { class: "hp-label" }, __("Certificate file (.p12)")),
				h("div", {}, h("label", { class: "btn btn-default btn-sm hp-upload" }, __("Choose the .p12 file"), file), " ", chosen),
				h("label", { class: "hp-label" }, __("Password of the .p12 file"), password),
				h("button", { type: "submit", class: "btn btn-primary btn-sm hp-p12-register" }, __("Register the certificate")),
				result)
		);
	}

	drawCertificates(data.certificates || []);
	drawQueue(data.queue);
	if (data.batch && data.batch.state !== "idle") {
		drawProgress(data.batch);
		if (data.batch.state === "queued" || data.batch.state === "running") poll();
	}
	markReady();
}
