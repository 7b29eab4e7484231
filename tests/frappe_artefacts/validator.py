"""Framework-free validator of the Frappe artefacts of hoso_longan (ARCHITECTURE.md §7, tier 2).

Checks every DocType JSON, workflow definition, role, custom field and hooks.py against Frappe's rules,
using ``known_frappe.json`` (names defined by frappe, erpnext and education; see generate_known.py) instead of
a running bench. Run: ``python -m tests.frappe_artefacts.validator`` or the pytest tests beside it.
"""

from __future__ import annotations

import ast
import csv
import json
import keyword
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "hoso_longan"
KNOWN = json.loads((Path(__file__).with_name("known_frappe.json")).read_text(encoding="utf-8"))

# Frappe's and ERPNext's words this app translates differently on purpose, site-wide: a school's vocabulary
# (Student is "Học sinh", not "Sinh viên"; Course "Môn học"; Program "Khối lớp"; Department "Tổ") and
# machine translations that read wrong in Vietnamese ("Workflow State" as "Công việc nhà nước", "Clear" as
# "Thông thoáng"). Any other override needs a context or its own English text (site_wide_overrides).
SCHOOL_WORDS = frozenset(
	{
		"Added {0}",  # only Frappe's attachment line: "… đã đính kèm tệp X", not "đã đính kèm Đã thêm X"
		"Absent",
		"Academic Term",
		"Accounts",
		"Activities",
		"Amended From",
		"Approve",
		"Approved",
		"Assessment",
		"Assigned To",
		"Attachment",
		"Author",
		"Batch",  # a class's enrolment cohort (Student Group based on Batch), not ERPNext's lot of goods
		"By {0}",
		"Cancel",
		"Cancelled",
		"Certificate",
		"certificate",
		"Certificate Details",
		"Clear",
		"Content",
		"Course",
		"Day",
		"Department",
		"Document",
		"Document Type",
		"Done",
		"Draft",
		"Due Date",
		"Edit",
		"Email",
		"Enabled",
		"Event",
		"Files",
		"Follow",
		"Full Name",
		"Gender",
		"Grade",
		"Guardian",
		"Import",
		"Import Type",
		"In Progress",
		"Instructor",
		"Invalid",
		"Loading",
		"Members",
		"Number",
		"Old Parent",
		"Pending",
		"Pending Approval",
		"Period",
		"PIN",
		"Plans",
		"Program",
		"Progress",
		"Queued",
		"Reason",
		"Resolution",
		"Resolved",
		"Return",
		"Review",
		"Right",
		"Saved",
		"Scheduled",
		"Setup",
		"Show",
		"Student",
		"Student Group",
		"Student Name",
		"Students",
		"Subject",
		"Submit",
		"Submitted",
		"Summary",
		"Tags",
		"Time",
		"To Do",
		"Transfer Date",
		"Valid",
		"Valid From",
		"Values Changed",
		"Verification",
		"Website",
		"Workflow State",
		"Yes",
	}
)

# Columns every DocType table has; a field may not reuse them (frappe.model.default_fields etc.).
RESERVED_FIELDNAMES = {
	"name",
	"owner",
	"creation",
	"modified",
	"modified_by",
	"docstatus",
	"idx",
	"parent",
	"parentfield",
	"parenttype",
	"doctype",
	"_user_tags",
	"_comments",
	"_assign",
	"_liked_by",
	"_seen",
}
NO_VALUE_TYPES = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Fold", "Heading", "Image"}
PTYPES = {
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"report",
	"export",
	"import",
	"print",
	"email",
	"share",
	"select",
	"set_user_permissions",
	"if_owner",
}
VALID_DOCSTATUS_MOVES = {(0, 0), (0, 1), (1, 1), (1, 2)}


def scrub(name: str) -> str:
	return name.lower().replace(" ", "_").replace("-", "_")


@dataclass
class Report:
	problems: list[str] = field(default_factory=list)
	checked: dict[str, int] = field(default_factory=dict)

	def add(self, where: Path | str, message: str) -> None:
		where = where.relative_to(REPO) if isinstance(where, Path) else where
		self.problems.append(f"{where}: {message}")

	def count(self, kind: str) -> None:
		self.checked[kind] = self.checked.get(kind, 0) + 1


def app_modules() -> list[str]:
	return [line.strip() for line in (APP / "modules.txt").read_text().splitlines() if line.strip()]


def app_doctype_files() -> list[Path]:
	return sorted(p for p in APP.glob("*/doctype/*/*.json") if p.stem == p.parent.name)


def load_app_doctypes() -> dict[str, dict]:
	return {
		json.loads(p.read_text(encoding="utf-8"))["name"]: json.loads(p.read_text(encoding="utf-8"))
		for p in app_doctype_files()
	}


def _module_constants(path: Path) -> dict[str, object]:
	"""String/tuple constants assigned at module level (no import of the module)."""
	values: dict[str, object] = {}
	for node in ast.parse(path.read_text(encoding="utf-8")).body:
		if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
			try:
				values[node.targets[0].id] = ast.literal_eval(node.value)
			except ValueError:
				continue
	return values


def app_roles() -> set[str]:
	constants = _module_constants(APP / "setup" / "roles.py")
	return {value for value in constants.values() if isinstance(value, str)}


def all_roles() -> set[str]:
	return set(KNOWN["roles"]) | app_roles()


def all_doctypes(app_doctypes: dict[str, dict]) -> dict[str, int]:
	"""DocType name → istable, for this app and frappe/erpnext/education."""
	names = {name: meta["istable"] for name, meta in KNOWN["doctypes"].items()}
	names.update({name: int(data.get("istable") or 0) for name, data in app_doctypes.items()})
	return names


def check_modules(report: Report) -> None:
	known = {module for modules in KNOWN["modules"].values() for module in modules}
	seen = set()
	for module in app_modules():
		report.count("module")
		if module in known:
			report.add(
				APP / "modules.txt", f"module {module!r} is already defined by frappe/erpnext/education"
			)
		if module in seen:
			report.add(APP / "modules.txt", f"module {module!r} listed twice")
		seen.add(module)
		if not (APP / scrub(module) / "__init__.py").exists():
			report.add(APP / "modules.txt", f"module {module!r} has no package {scrub(module)}/__init__.py")


def check_doctype(path: Path, data: dict, doctypes: dict[str, int], roles: set[str], report: Report) -> None:
	report.count("doctype")
	name = data.get("name")
	if data.get("doctype") != "DocType" or not name:
		report.add(path, "not a DocType definition (doctype/name missing)")
		return
	if name in KNOWN["doctypes"]:
		report.add(path, f"DocType {name!r} already exists in {KNOWN['doctypes'][name]['app']}")
	if scrub(name) != path.stem:
		report.add(path, f"file name should be {scrub(name)}.json")
	module = data.get("module")
	if module not in app_modules():
		report.add(path, f"module {module!r} is not in modules.txt")
	elif path.parents[2].name != scrub(module):
		report.add(path, f"lives in {path.parents[2].name}/ but its module is {module!r}")
	controller = path.with_suffix(".py")
	class_name = name.replace(" ", "").replace("-", "")
	if not controller.exists():
		report.add(path, "controller .py is missing")
	elif f"class {class_name}(" not in controller.read_text(encoding="utf-8"):
		report.add(controller, f"controller class {class_name} not found")

	fields = data.get("fields", [])
	fieldnames = [f.get("fieldname") for f in fields]
	byname = {f.get("fieldname"): f for f in fields}
	if data.get("field_order") and data["field_order"] != fieldnames:
		report.add(path, "field_order does not match the order of fields")
	for f in fields:
		report.count("field")
		fname, ftype = f.get("fieldname"), f.get("fieldtype")
		where = f"{name}.{fname}"
		if not fname or not re.fullmatch(r"[a-z_][a-z0-9_]*", fname) or keyword.iskeyword(fname):
			report.add(path, f"{where}: invalid fieldname")
		if fname in RESERVED_FIELDNAMES:
			report.add(path, f"{where}: reserved fieldname")
		if fieldnames.count(fname) > 1:
			report.add(path, f"{where}: duplicate fieldname")
		if ftype not in KNOWN["fieldtypes"]:
			report.add(path, f"{where}: unknown fieldtype {ftype!r}")
			continue
		options = f.get("options")
		if ftype in ("Link", "Table", "Table MultiSelect"):
			if options not in doctypes:
				report.add(path, f"{where}: {ftype} target {options!r} does not exist")
			elif ftype != "Link" and not doctypes[options]:
				report.add(path, f"{where}: {ftype} target {options!r} is not a child table")
			elif ftype == "Link" and doctypes[options]:
				report.add(path, f"{where}: Link to a child table {options!r}")
		if ftype == "Dynamic Link" and options not in byname:
			report.add(path, f"{where}: Dynamic Link options must name a field")
		if ftype == "Select" and not (options or "").strip("\n"):
			report.add(path, f"{where}: Select without options")
		if f.get("reqd") and ftype in NO_VALUE_TYPES:
			report.add(path, f"{where}: a {ftype} cannot be mandatory")
		fetch = f.get("fetch_from")
		if fetch:
			link = fetch.split(".")[0]
			if link not in byname or byname[link].get("fieldtype") != "Link":
				report.add(path, f"{where}: fetch_from {fetch!r} does not start with a Link field")
		for flag in ("in_list_view", "reqd", "unique", "read_only", "hidden", "allow_on_submit"):
			if flag in f and f[flag] not in (0, 1):
				report.add(path, f"{where}: {flag} must be 0 or 1")

	autoname = data.get("autoname") or ""
	if autoname.startswith("field:") and autoname[6:] not in byname:
		report.add(path, f"autoname refers to missing field {autoname[6:]!r}")
	for placeholder in re.findall(r"\{(\w+)\}", autoname) if autoname.startswith("format:") else []:
		if placeholder not in byname:
			report.add(path, f"autoname format refers to missing field {placeholder!r}")
	for key in ("title_field", "search_fields", "sort_field"):
		for ref in (data.get(key) or "").split(","):
			ref = ref.strip()
			if ref and ref not in byname and ref not in RESERVED_FIELDNAMES:
				report.add(path, f"{key} refers to missing field {ref!r}")

	if data.get("istable"):
		if data.get("permissions"):
			report.add(path, "a child table carries no permissions")
		if data.get("is_submittable"):
			report.add(path, "a child table cannot be submittable")
	else:
		if not data.get("permissions"):
			report.add(path, "no permissions: nobody but Administrator could use it")
		for perm in data.get("permissions", []):
			report.count("permission")
			if perm.get("role") not in roles:
				report.add(path, f"permission for unknown role {perm.get('role')!r}")
			for key in perm:
				if key not in PTYPES | {"role", "permlevel"}:
					report.add(path, f"unknown permission flag {key!r}")
			if not data.get("is_submittable") and any(perm.get(k) for k in ("submit", "cancel", "amend")):
				report.add(path, f"{perm['role']}: submit/cancel/amend on a non-submittable doctype")
	if data.get("is_submittable"):
		amended = byname.get("amended_from")
		if not amended or amended.get("options") != name or not amended.get("no_copy"):
			report.add(path, "a submittable doctype needs amended_from (Link to itself, no_copy)")
	if data.get("is_tree"):
		parent = data.get("nsm_parent_field") or f"parent_{scrub(name)}"
		for required in ("lft", "rgt", "is_group", "old_parent", parent):
			if required not in byname:
				report.add(path, f"a tree doctype needs field {required!r}")
		if parent in byname and byname[parent].get("options") != name:
			report.add(path, f"tree parent field {parent!r} must link to {name!r}")


def check_workflow(
	path: Path, data: dict, app_doctypes: dict[str, dict], roles: set[str], report: Report
) -> None:
	report.count("workflow")
	doctype = data.get("document_type")
	meta = app_doctypes.get(doctype)
	if meta is None:
		report.add(path, f"document_type {doctype!r} is not a DocType of this app")
		return
	fields = {f["fieldname"]: f for f in meta["fields"]}
	if "workflow_state" not in fields:
		report.add(path, f"{doctype} has no workflow_state field")
	elif not fields["workflow_state"].get("allow_on_submit"):
		report.add(path, f"{doctype}.workflow_state must allow_on_submit")
	states = {}
	for state in data.get("states", []):
		report.count("workflow state")
		docstatus = int(state.get("doc_status", -1))
		if docstatus not in (0, 1, 2):
			report.add(path, f"state {state.get('state')!r}: doc_status must be 0, 1 or 2")
		if state.get("allow_edit") not in roles:
			report.add(path, f"state {state.get('state')!r}: unknown role {state.get('allow_edit')!r}")
		states[state["state"]] = docstatus
	if not states:
		report.add(path, "no states")
		return
	first = data["states"][0]["state"]
	if states[first] != 0:
		report.add(path, f"the first state {first!r} must be a draft (doc_status 0)")
	if any(docstatus in (1, 2) for docstatus in states.values()) and not meta.get("is_submittable"):
		report.add(path, f"{doctype} is not submittable but a state has doc_status 1 or 2")
	reachable = {first}
	for transition in data.get("transitions", []):
		report.count("workflow transition")
		source, target = transition.get("state"), transition.get("next_state")
		label = f"transition {source!r} -{transition.get('action')}-> {target!r}"
		if source not in states or target not in states:
			report.add(path, f"{label}: unknown state")
			continue
		if (states[source], states[target]) not in VALID_DOCSTATUS_MOVES:
			report.add(path, f"{label}: doc_status {states[source]} -> {states[target]} is not allowed")
		if transition.get("allowed") not in roles:
			report.add(path, f"{label}: unknown role {transition.get('allowed')!r}")
		if not transition.get("action"):
			report.add(path, f"{label}: no action")
		condition = transition.get("condition")
		if condition:
			try:
				ast.parse(condition, mode="eval")
			except SyntaxError:
				report.add(path, f"{label}: condition is not a Python expression")
			for ref in re.findall(r"\bdoc\.(\w+)", condition):
				if ref not in fields and ref not in RESERVED_FIELDNAMES:
					report.add(path, f"{label}: condition uses unknown field doc.{ref}")
	changed = True
	while changed:
		changed = False
		for transition in data.get("transitions", []):
			if transition.get("state") in reachable and transition.get("next_state") not in reachable:
				reachable.add(transition["next_state"])
				changed = True
	for state in states:
		if state not in reachable:
			report.add(path, f"state {state!r} cannot be reached from {first!r}")
	submitted = [s for s, d in states.items() if d == 1]
	if meta.get("is_submittable") and not submitted:
		report.add(path, "a workflow on a submittable doctype needs a submitted (doc_status 1) state")


PRINT_FORMAT_TYPES = {"Jinja", "JS"}


def app_print_format_files() -> list[Path]:
	return sorted(p for p in APP.glob("*/print_format/*/*.json") if p.stem == p.parent.name)


def check_print_format(path: Path, data: dict, app_doctypes: dict[str, dict], report: Report) -> None:
	"""A standard Print Format: named after its folder, on a real DocType of its module, Jinja that parses and
	``doc.<field>`` / ``row.<field>`` (rows of ``for row in doc.<table>``) that exist."""
	report.count("print format")
	name = data.get("name") or ""
	if data.get("doctype") != "Print Format" or not name:
		report.add(path, "not a Print Format definition (doctype/name missing)")
		return
	if scrub(name) != path.stem:
		report.add(path, f"file name should be {scrub(name)}.json")
	module = data.get("module")
	if module not in app_modules():
		report.add(path, f"module {module!r} is not in modules.txt")
	elif path.parents[2].name != scrub(module):
		report.add(path, f"lives in {path.parents[2].name}/ but its module is {module!r}")
	if data.get("standard") != "Yes":
		report.add(path, 'a print format shipped in a module folder must be standard ("Yes")')
	if data.get("print_format_type") not in PRINT_FORMAT_TYPES:
		report.add(path, f"print_format_type must be one of {sorted(PRINT_FORMAT_TYPES)}")
	doctype = data.get("doc_type")
	if doctype not in app_doctypes and doctype not in KNOWN["doctypes"]:
		report.add(path, f"doc_type {doctype!r} does not exist")
		return
	html = data.get("html") or ""
	try:
		import jinja2

		jinja2.Environment().parse(html)
	except ImportError:
		pass
	except Exception as error:  # jinja2.TemplateSyntaxError and friends
		report.add(path, f"html is not valid Jinja: {error}")
	meta = app_doctypes.get(doctype)
	if meta is None:
		return
	fields = {f["fieldname"]: f for f in meta["fields"]}
	allowed = set(fields) | RESERVED_FIELDNAMES
	for ref in re.findall(r"\bdoc\.(\w+)", html):
		if ref not in allowed:
			report.add(path, f"uses unknown field doc.{ref} of {doctype}")
	for var, table in re.findall(r"for\s+(\w+)\s+in\s+doc\.(\w+)", html):
		child = app_doctypes.get((fields.get(table) or {}).get("options"))
		if child is None:
			continue
		child_fields = {f["fieldname"] for f in child["fields"]} | RESERVED_FIELDNAMES
		for ref in re.findall(rf"\b{var}\.(\w+)", html):
			if ref not in child_fields:
				report.add(path, f"uses unknown field {var}.{ref} of {child['name']}")


def _dotted_exists(dotted: str) -> bool:
	"""hoso_longan.a.b.func → hoso_longan/a/b.py defines func (def or assignment)."""
	parts = dotted.split(".")
	if parts[0] != "hoso_longan":
		return False
	for split in range(len(parts) - 1, 0, -1):
		module = APP.parent.joinpath(*parts[:split])
		candidates = [module.with_suffix(".py"), module / "__init__.py"]
		for candidate in candidates:
			if candidate.exists():
				attr = parts[split]
				tree = ast.parse(candidate.read_text(encoding="utf-8"))
				for node in tree.body:
					if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == attr:
						return True
					if isinstance(node, ast.Assign) and any(
						isinstance(t, ast.Name) and t.id == attr for t in node.targets
					):
						return True
				return False
	return False


def _hooks() -> dict:
	"""Evaluate hooks.py with no imports available (it must be plain data)."""
	namespace: dict = {"__builtins__": {"dict": dict}}
	exec(compile((APP / "hooks.py").read_text(encoding="utf-8"), "hooks.py", "exec"), namespace)
	return namespace


def check_hooks(app_doctypes: dict[str, dict], report: Report) -> None:
	hooks_path = APP / "hooks.py"
	try:
		hooks = _hooks()
	except Exception as error:  # hooks.py must be importable without the framework
		report.add(hooks_path, f"cannot be evaluated as plain data: {error}")
		return
	if hooks.get("app_name") != "hoso_longan":
		report.add(hooks_path, "app_name must be hoso_longan")
	if "education" not in hooks.get("required_apps", []):
		report.add(hooks_path, "required_apps must include education")
	doctypes = all_doctypes(app_doctypes)
	dotted: list[str] = []
	for key in ("before_install", "after_install", "before_migrate", "after_migrate"):
		if key in hooks:
			dotted.append(hooks[key])
	for mapping_key in ("has_permission", "permission_query_conditions"):
		for doctype, method in hooks.get(mapping_key, {}).items():
			if doctype not in doctypes:
				report.add(hooks_path, f"{mapping_key}: unknown doctype {doctype!r}")
			dotted.append(method)
	for doctype, events in hooks.get("doc_events", {}).items():
		if doctype != "*" and doctype not in doctypes:
			report.add(hooks_path, f"doc_events: unknown doctype {doctype!r}")
		for methods in events.values():
			dotted.extend(methods if isinstance(methods, list) else [methods])
	for method in dotted:
		report.count("hook")
		if not _dotted_exists(method):
			report.add(hooks_path, f"{method} does not exist")


# Select values that are codes or proper names, the same in every language.
UNTRANSLATED_OPTIONS = {"HK1", "HK2", "THCS", "THPT", "PKCS#12", "PKCS#11", "Tốt", "Khá", "Đạt", "Chưa đạt"}
_PY_MESSAGE = re.compile(r"""(?<![\w.])_\(\s*(?P<q>"|')(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")
_JS_MESSAGE = re.compile(r"""(?<![\w.])__\(\s*(?P<q>"|'|`)(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")


def _unescape(text: str) -> str:
	return text.replace("\\'", "'").replace('\\"', '"')


def _field_texts(field: dict) -> set[str]:
	texts = {field[key] for key in ("label", "description") if field.get(key)}
	if field.get("fieldtype") == "Select":
		texts |= {o for o in (field.get("options") or "").split("\n") if o.strip()} - UNTRANSLATED_OPTIONS
	return texts


def texts_shown_to_users(app_doctypes: dict[str, dict], workflows: list[dict]) -> set[str]:
	"""Every English text of the app that reaches a screen: DocType names, labels, descriptions and Select
	values, custom fields, workflow states and actions, roles and role profiles, portal menu titles, and
	every message passed to _() in Python or __() in JavaScript."""
	sys.path.insert(0, str(REPO))
	from hoso_longan.setup.custom_fields import custom_fields, property_setters
	from hoso_longan.setup.roles import ROLE_PROFILES

	needed = set(app_doctypes) | app_roles() | set(ROLE_PROFILES)
	for data in app_doctypes.values():
		for f in data.get("fields", []):
			needed |= _field_texts(f)
	for fields in custom_fields().values():
		for f in fields:
			needed |= _field_texts(f)
	for _doctype, _field, prop, value, _type in property_setters():
		if prop in ("label", "description"):
			needed.add(value)
	for workflow in workflows:
		needed.update(state["state"] for state in workflow["states"])
		needed.update(transition["action"] for transition in workflow["transitions"])
	needed.update(item["title"] for item in _hooks().get("standard_portal_menu_items", []))
	for kind in (
		"report",
		"workspace",
		"number_card",
		"dashboard_chart",
		"onboarding_step",
		"module_onboarding",
	):
		for path in APP.glob(f"*/{kind}/*/*.json"):
			data = json.loads(path.read_text(encoding="utf-8"))
			texts = [data.get(key) for key in ("report_name", "label", "title", "subtitle", "description")]
			texts += [data.get(key) for key in ("action_label", "success_message", "callback_title")]
			texts += [row.get("label") for row in data.get("links", []) + data.get("shortcuts", [])]
			# Texts written in Vietnamese in the JSON itself need no translation.
			needed.update(t for t in texts if isinstance(t, str) and t.strip() and t.isascii())
	for path in APP.rglob("*.py"):
		if "core" in path.relative_to(APP).parts[:1] or "tests" in path.relative_to(APP).parts[:1]:
			continue
		needed |= {_unescape(m.group("text")) for m in _PY_MESSAGE.finditer(path.read_text(encoding="utf-8"))}
	for path in list(APP.rglob("*.js")) + list(APP.rglob("*.html")) + list(APP.rglob("*.vue")):
		if "node_modules" in path.parts or "dist" in path.parts:
			continue
		text = path.read_text(encoding="utf-8")
		needed |= {_unescape(m.group("text")) for m in _JS_MESSAGE.finditer(text)}
		if path.suffix == ".html":
			needed |= {_unescape(m.group("text")) for m in _PY_MESSAGE.finditer(text)}
	return {text for text in needed if text.strip()}


def check_translations(app_doctypes: dict[str, dict], workflows: list[dict], report: Report) -> None:
	path = APP / "translations" / "vi.csv"
	if not path.exists():
		report.add(path, "missing")
		return
	with path.open(encoding="utf-8", newline="") as handle:
		rows = [row for row in csv.reader(handle) if row and len(row) >= 2 and row[1].strip()]
	translated = {row[0] for row in rows}
	for text in sorted(texts_shown_to_users(app_doctypes, workflows) - translated):
		report.count("missing translation")
		report.add(path, f"no Vietnamese translation for {text!r}")
	for text, _theirs, ours in site_wide_overrides(rows, KNOWN["vi_words"], SCHOOL_WORDS):
		report.add(
			path,
			f"{text!r} -> {ours!r} replaces Frappe's own Vietnamese on every page of the site: give the row a "
			"context (third column), use another English text, or add it to SCHOOL_WORDS with a reason",
		)


def site_wide_overrides(
	rows: list[list[str]], theirs: dict[str, str], deliberate: frozenset[str]
) -> list[tuple[str, str, str]]:
	"""Rows without a context that give one of Frappe's (or ERPNext's) own words another Vietnamese: Frappe
	then shows the app's word wherever its own appears (a list filter's "In" read "Chuyển đến")."""
	from tests.frappe_artefacts.generate_known import digest

	return [
		(row[0], "…", row[1])
		for row in rows
		if not (row[2:] and row[2])
		and digest(row[0]) in theirs
		and theirs[digest(row[0])] != digest(row[1])
		and row[0] not in deliberate
	]


def check_bundles(paths: list[Path], report: Report) -> None:
	"""A bundle named like one of Frappe's (``desk.bundle.js``) takes its place in the site's assets.json,
	and every desk page then loads the app's file instead of Frappe's."""
	for path in paths:
		report.count("bundle")
		if path.name in KNOWN["bundles"]:
			report.add(path, f"{path.name} is the name of a Frappe/ERPNext/Education bundle: rename it")


def check_custom_fields(report: Report) -> None:
	sys.path.insert(0, str(REPO))
	from hoso_longan.setup.custom_fields import custom_fields

	for doctype, fields in custom_fields().items():
		if doctype not in KNOWN["doctypes"]:
			report.add("setup/custom_fields.py", f"custom fields on unknown doctype {doctype!r}")
		for f in fields:
			report.count("custom field")
			if not f["fieldname"].startswith("hoso_"):
				report.add(
					"setup/custom_fields.py",
					f"{doctype}.{f['fieldname']}: custom fieldnames start with hoso_",
				)
			if f["fieldtype"] not in KNOWN["fieldtypes"]:
				report.add("setup/custom_fields.py", f"{doctype}.{f['fieldname']}: unknown fieldtype")
			if (
				f["fieldtype"] == "Link"
				and f.get("options") not in KNOWN["doctypes"]
				and not (APP / "school_administration" / "doctype" / scrub(f.get("options") or "x")).exists()
			):
				report.add(
					"setup/custom_fields.py", f"{doctype}.{f['fieldname']}: Link target does not exist"
				)


def validate() -> Report:
	report = Report()
	app_doctypes = {}
	files = app_doctype_files()
	for path in files:
		try:
			app_doctypes[json.loads(path.read_text(encoding="utf-8"))["name"]] = json.loads(
				path.read_text(encoding="utf-8")
			)
		except (ValueError, KeyError) as error:
			report.add(path, f"invalid JSON: {error}")
	doctypes = all_doctypes(app_doctypes)
	roles = all_roles()
	check_modules(report)
	for path in files:
		data = json.loads(path.read_text(encoding="utf-8"))
		check_doctype(path, data, doctypes, roles, report)
	workflows = []
	for path in sorted((APP / "workflow").glob("*.json")):
		data = json.loads(path.read_text(encoding="utf-8"))
		workflows.append(data)
		check_workflow(path, data, app_doctypes, roles, report)
	for path in app_print_format_files():
		check_print_format(path, json.loads(path.read_text(encoding="utf-8")), app_doctypes, report)
	check_hooks(app_doctypes, report)
	check_custom_fields(report)
	check_translations(app_doctypes, workflows, report)
	check_bundles(sorted((APP / "public").rglob("*.bundle.*")), report)
	for role in app_roles():
		report.count("role")
		if role in KNOWN["roles"] and role not in ("Student", "Guardian"):
			report.add("setup/roles.py", f"role {role!r} already exists in frappe/erpnext/education")
	return report


def main() -> int:
	report = validate()
	for problem in report.problems:
		print(problem)
	print(", ".join(f"{count} {kind}(s)" for kind, count in sorted(report.checked.items())))
	print(f"{len(report.problems)} problem(s)")
	return 1 if report.problems else 0


if __name__ == "__main__":
	raise SystemExit(main())
