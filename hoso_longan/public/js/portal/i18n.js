// Translation and formatting shared by the portal's modules. In the browser `__` is Frappe's (its messages
// are put on the page by the server); under node (unit tests) the English text is formatted as is.

export function format(text, args) {
	if (!args) return text;
	return String(text).replace(/\{(\d+)\}/g, (match, index) => (args[index] === undefined ? match : String(args[index])));
}

export function translate(text, args) {
	const frappeTranslate = globalThis.frappe && globalThis.frappe._;
	if (frappeTranslate) return frappeTranslate(text, args);
	return format(text, args);
}
