// Việc chờ tôi xử lý: a row opens the record, or the class's list when several records wait.
frappe.query_reports["My Pending Work"] = {
	filters: [],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "action" && data && data.route) {
			return `<a href="${encodeURI(data.route)}">${value}</a>`;
		}
		return value;
	},
};
