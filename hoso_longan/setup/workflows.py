"""Install the sign-off workflows of ``hoso_longan/workflow/*.json`` idempotently (ARCHITECTURE.md §5).

Workflow has no module field, so the chains are kept as data in this app and upserted at install and
migrate together with their Workflow State and Workflow Action Master records.
"""

from __future__ import annotations

import json
from pathlib import Path

import frappe

WORKFLOW_DIR = Path(__file__).resolve().parent.parent / "workflow"


def workflow_definitions() -> list[dict]:
	return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(WORKFLOW_DIR.glob("*.json"))]


def _ensure(doctype: str, name_field: str, name: str, **values) -> None:
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, name_field: name, **values}).insert(ignore_permissions=True)


def install_workflow(definition: dict) -> None:
	for state in definition["states"]:
		_ensure("Workflow State", "workflow_state_name", state["state"], style=state.get("style") or "")
	for transition in definition["transitions"]:
		_ensure("Workflow Action Master", "workflow_action_name", transition["action"])

	name = definition["workflow_name"]
	if frappe.db.exists("Workflow", name):
		workflow = frappe.get_doc("Workflow", name)
	else:
		workflow = frappe.new_doc("Workflow")
		workflow.workflow_name = name
	workflow.document_type = definition["document_type"]
	workflow.workflow_state_field = "workflow_state"
	workflow.is_active = 1
	workflow.send_email_alert = 0
	workflow.override_status = 0
	workflow.set("states", [])
	workflow.set("transitions", [])
	for state in definition["states"]:
		workflow.append(
			"states",
			{"state": state["state"], "doc_status": state["doc_status"], "allow_edit": state["allow_edit"]},
		)
	for transition in definition["transitions"]:
		workflow.append(
			"transitions",
			{
				"state": transition["state"],
				"action": transition["action"],
				"next_state": transition["next_state"],
				"allowed": transition["allowed"],
				"allow_self_approval": transition.get("allow_self_approval", 1),
				"condition": transition.get("condition"),
			},
		)
	workflow.flags.ignore_permissions = True
	workflow.save()


def install_workflows() -> None:
	for definition in workflow_definitions():
		install_workflow(definition)
