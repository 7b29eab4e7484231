// Two defects of Frappe 15's activity timeline that put English and "null" beside Vietnamese (the audit trail
// of a score sheet or conduct form is read by principals and inspectors):
// - a changed row's field is named with frappe.meta.get_label, which returns the label untranslated
//   ("Conduct Level từ … thành Tốt"), while changed fields of the form itself are translated;
// - an empty old value is printed as "null": html2text(null) parses the string "null".

export function translateLabels(meta, translate) {
	const getLabel = meta.get_label;
	meta.get_label = function (doctype, fieldname, docname) {
		return translate(getLabel.call(this, doctype, fieldname, docname), null, doctype);
	};
}

export function emptyForNothing(utils) {
	const html2text = utils.html2text;
	utils.html2text = function (html) {
		return html === null || html === undefined ? "" : html2text.call(this, html);
	};
}
