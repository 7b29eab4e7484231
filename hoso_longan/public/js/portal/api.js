// Calls to the portal's whitelisted methods (services/portal/*), with the session's CSRF token. A failed
// connection is told apart from a refusal by the server, so a page can keep a draft and try again later.

import { translate as __ } from "./i18n.js";

export class PortalError extends Error {
	constructor(message, { offline = false, status = 0, type = "" } = {}) {
		super(message);
		this.offline = offline;
		this.status = status;
		this.type = type;
	}
}

function csrfToken() {
	return (globalThis.frappe && globalThis.frappe.csrf_token) || "";
}

// Frappe's _server_messages: a JSON list of JSON objects {message, title}; the text, without markup.
export function serverMessages(data) {
	const texts = [];
	try {
		for (const item of JSON.parse(data._server_messages || "[]")) {
			let message = item;
			try {
				message = JSON.parse(item).message;
			} catch (error) {
				// a plain string
			}
			texts.push(plainText(message));
		}
	} catch (error) {
		// not a list: nothing to show
	}
	if (!texts.length && data.exception) texts.push(plainText(String(data.exception).split(":").slice(1).join(":")));
	return texts.filter(Boolean);
}

export function plainText(html) {
	return String(html ?? "")
		.replace(/<br\s*\/?>/gi, "\n")
		.replace(/<[^>]*>/g, "")
		.replace(/&nbsp;/g, " ")
		.replace(/&lt;/g, "<")
		.replace(/&gt;/g, ">")
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, "&")
		.trim();
}

async function send(url, init) {
	let response;
	try {
		response = await fetch(url, { credentials: "same-origin", ...init });
	} catch (error) {
		throw new PortalError(__("No connection to the server. Your work is kept on this device."), {
			offline: true,
		});
	}
	let data = {};
	try {
		data = await response.json();
	} catch (error) {
		data = {};
	}
	if (!response.ok) {
		const messages = serverMessages(data);
		throw new PortalError(messages.join("\n") || __("The server refused the request ({0}).", [response.status]), {
			status: response.status,
			type: data.exc_type || "",
		});
	}
	return data.message;
}

export function call(method, args = {}, { post = false } = {}) {
	const url = `/api/method/${method}`;
	if (!post) {
		const query = new URLSearchParams();
		for (const [key, value] of Object.entries(args)) {
			if (value !== undefined && value !== null) query.set(key, typeof value === "object" ? JSON.stringify(value) : value);
		}
		return send(`${url}?${query}`, { headers: { Accept: "application/json" } });
	}
	return send(url, {
		method: "POST",
		headers: {
			Accept: "application/json",
			"Content-Type": "application/json",
			"X-Frappe-CSRF-Token": csrfToken(),
		},
		body: JSON.stringify(args),
	});
}

export function upload(method, fields, file) {
	const form = new FormData();
	for (const [key, value] of Object.entries(fields)) form.append(key, value);
	form.append("file", file, file.name);
	return send(`/api/method/${method}`, {
		method: "POST",
		headers: { Accept: "application/json", "X-Frappe-CSRF-Token": csrfToken() },
		body: form,
	});
}
