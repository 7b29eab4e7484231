// The unit tree (Sở → phòng/xã → trường) by unit names. A user sees the units of their own scope: the
// top of the tree is the highest unit they may read, not the province for everyone.
frappe.treeview_settings["Education Unit"] = {
	get_tree_nodes: "hoso_longan.school_administration.doctype.education_unit.education_unit.get_children",
	get_tree_root: false,
	root_label: __("All Education Units"),
	title: __("Education Units"),
	fields: [
		{ fieldtype: "Data", fieldname: "unit_name", label: __("Unit Name"), reqd: 1 },
		{ fieldtype: "Data", fieldname: "unit_code", label: __("Unit Code"), reqd: 1 },
		{
			fieldtype: "Select",
			fieldname: "unit_type",
			label: __("Unit Type"),
			options: ["Province Department", "Intermediate Office", "School"].map((value) => ({ value, label: __(value) })),
			reqd: 1,
		},
		{
			fieldtype: "Select",
			fieldname: "school_level",
			label: __("School Level"),
			options: ["", "THCS", "THPT", "Multi-level"].map((value) => ({ value, label: __(value) })),
			depends_on: "eval:doc.unit_type=='School'",
		},
	],
	ignore_fields: ["parent_education_unit", "is_group"],
	onload(treeview) {
		treeview.page.set_secondary_action(__("List"), () => frappe.set_route("List", "Education Unit"));
		// without get_tree_root, Frappe draws the tree only when the view is shown again
		treeview.make_tree();
	},
};
