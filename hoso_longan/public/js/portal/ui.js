// Small DOM helpers of the portal: elements built with textContent (never innerHTML of data), a status
// line, banners, and a dialog asking for the certificate's password or PIN.

import { translate as __ } from "./i18n.js";

export function h(tag, props = {}, ...children) {
	const element = document.createElement(tag);
	for (const [key, value] of Object.entries(props || {})) {
		if (value === undefined || value === null || value === false) continue;
		if (key === "class") element.className = value;
		else if (key === "dataset") Object.assign(element.dataset, value);
		else if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
		else if (key in element && typeof value !== "string") element[key] = value;
		else element.setAttribute(key, value === true ? "" : value);
	}
	for (const child of children.flat(Infinity)) {
		if (child === null || child === undefined || child === false) continue;
		element.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return element;
}

// The first two cells of a class-list row, "STT" and the student's name (their headings without a row): both
// stay in view while a wide table scrolls sideways (teacher_portal.bundle.css).
export function numberAndName(row) {
	if (!row) {
		return [h("th", { class: "hp-col-number", scope: "col" }, __("No.")), h("th", { class: "hp-col-name", scope: "col" }, __("Full Name"))];
	}
	return [h("td", { class: "hp-col-number" }, row.number), h("th", { class: "hp-col-name", scope: "row" }, row.student_name)];
}

export function clear(element) {
	while (element.firstChild) element.removeChild(element.firstChild);
	return element;
}

// Empty ``element`` and put ``children`` in it (null, undefined and false are left out, arrays flattened).
export function fill(element, ...children) {
	clear(element);
	for (const child of children.flat(Infinity)) {
		if (child === null || child === undefined || child === false) continue;
		element.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return element;
}

export function banner(text, kind = "info", ...extra) {
	return h("div", { class: `hp-banner hp-banner-${kind}`, role: kind === "danger" ? "alert" : "status" }, text, ...extra);
}

export function stateBadge(state, label) {
	return h("span", { class: `hp-state hp-state-${state}`, dataset: { state } }, label);
}

export function toast(text, kind = "success") {
	const box = document.querySelector(".hp-toasts") || document.body.appendChild(h("div", { class: "hp-toasts" }));
	const item = h("div", { class: `hp-toast hp-toast-${kind}`, role: "status" }, text);
	box.append(item);
	setTimeout(() => item.remove(), 4000);
}

export function formatTime(date = new Date()) {
	return date.toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" });
}

// A modal dialog; resolves with the value of its field (or true for a confirmation), null when cancelled.
export function dialog({ title, text = "", field = null, confirmLabel = __("OK"), danger = false }) {
	return new Promise((resolve) => {
		const input = field
			? field.type === "textarea"
				? h("textarea", { class: "form-control", rows: 4, name: field.name, required: true })
				: h("input", {
						class: "form-control",
						type: field.type || "text",
						name: field.name,
						autocomplete: field.type === "password" ? "off" : undefined,
						required: true,
					})
			: null;
		const error = h("div", { class: "hp-dialog-error" });
		const close = (value) => {
			overlay.remove();
			document.removeEventListener("keydown", onKey);
			resolve(value);
		};
		const submit = (event) => {
			event.preventDefault();
			if (input && !input.value.trim()) {
				error.textContent = __("This is required.");
				input.focus();
				return;
			}
			close(input ? input.value : true);
		};
		const onKey = (event) => {
			if (event.key === "Escape") close(null);
		};
		const form = h(
			"form",
			{ class: "hp-dialog", role: "dialog", "aria-modal": "true", "aria-label": title, onsubmit: submit },
			h("h3", {}, title),
			text ? h("p", {}, text) : null,
			field ? h("label", { class: "hp-label" }, field.label, input) : null,
			field && field.help ? h("p", { class: "hp-help" }, field.help) : null,
			error,
			h(
				"div",
				{ class: "hp-dialog-actions" },
				h("button", { type: "button", class: "btn btn-default", onclick: () => close(null) }, __("Cancel")),
				h("button", { type: "submit", class: `btn ${danger ? "btn-danger" : "btn-primary"} hp-dialog-ok` }, confirmLabel)
			)
		);
		const overlay = h("div", { class: "hp-overlay" }, form);
		document.body.append(overlay);
		document.addEventListener("keydown", onKey);
		(input || form.querySelector(".hp-dialog-ok")).focus();
	});
}

export function askSecret(title, text) {
	return dialog({
		title,
		text,
		field: {
			name: "secret",
			type: "password",
			label: __("Certificate password or PIN"),
			help: __("Used for this signature only; never stored."),
		},
		confirmLabel: __("Sign"),
	});
}

// The page is drawn and usable: the browser tests wait for this, and read how long it took since the
// navigation started (``performance.now()``).
export function markReady() {
	document.body.dataset.portalReadyMs = String(Math.round(globalThis.performance ? performance.now() : 0));
	document.body.dataset.portalReady = "1";
}
