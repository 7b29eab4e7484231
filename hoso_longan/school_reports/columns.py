"""The columns the app's reports share, built one way: a class, a student, a user, a unit's code, a document
and its hidden type, counts and shares. Labels are the desk's (translated here, once)."""

from __future__ import annotations

from frappe import _


def column(fieldname: str, label: str, fieldtype: str = "Data", width: int = 120, **extra) -> dict:
	"""One report column; ``extra`` carries ``options``, ``precision`` or ``hidden``."""
	return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}


def hidden(fieldname: str, label: str) -> dict:
	"""A column the formatter or a Dynamic Link reads and nobody needs to see."""
	return {"fieldname": fieldname, "label": label, "fieldtype": "Data", "hidden": 1}


def link(fieldname: str, label: str, doctype: str, width: int) -> dict:
	return column(fieldname, label, "Link", width, options=doctype)


def count(fieldname: str, label: str, width: int = 110) -> dict:
	return column(fieldname, label, "Int", width)


def percent(fieldname: str, label: str = "%", width: int = 70) -> dict:
	return column(fieldname, label, "Percent", width)


def class_link(width: int = 130, fieldname: str = "student_group") -> dict:
	return link(fieldname, _("Class"), "Student Group", width)


def student_link(width: int = 130) -> dict:
	return link("student", _("Student"), "Student", width)


def user_link(width: int, fieldname: str = "user", label: str | None = None) -> dict:
	return link(fieldname, label or _("User"), "User", width)


def unit_code(width: int = 110, fieldname: str = "unit") -> dict:
	"""The unit's code, a link to the Education Unit (its name is shown in another column). The desk shows an
	Education Unit link by its title, the name: ``show_code`` tells the reports' formatter to show the code."""
	return {**link(fieldname, _("Unit Code"), "Education Unit", width), "show_code": 1}


def school_name(width: int) -> dict:
	return column("school_name", _("School"), "Data", width)


def document(width: int, type_field: str = "document_type", fieldname: str = "document", label=None) -> list:
	"""A link to any document, and the hidden column naming its DocType (a Dynamic Link reads it)."""
	return [
		column(fieldname, label or _("Document"), "Dynamic Link", width, options=type_field),
		hidden(type_field, _("Document Type")),
	]
