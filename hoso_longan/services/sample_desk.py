"""The sample-data page of the desk (Dữ liệu mẫu): load one sample school, or remove the sample, as a
background job with progress. The loader itself is ``services.sample_data`` (also ``bench … hoso-longan
load-sample``)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.background_jobs import is_job_enqueued

LOADER = "hoso_longan.services.sample_data"
JOB = "hoso-sample"  # one load or removal at a time


def _only_system_manager() -> None:
	frappe.only_for("System Manager")


@frappe.whitelist()
def status() -> dict:
	_only_system_manager()
	from hoso_longan.services.sample_data import sample_status

	state = sample_status()
	if not state.get("name") and is_job_enqueued(JOB):  # queued: the job writes its record when it starts
		state["status"] = "Loading"
	return state


def _run(action: str) -> None:
	# runs as a job, in the administrator's language (services/language.py): they read the account list
	try:
		frappe.get_attr(f"{LOADER}.{action}")()
	except Exception as error:
		# the page shows why (the job's own log keeps the traceback)
		message = frappe.utils.strip_html(str(error)) or _("The sample data job failed.")
		frappe.publish_realtime("hoso_sample_data_failed", {"message": message}, user=frappe.session.user)
		raise
	frappe.publish_realtime("hoso_sample_data_done", user=frappe.session.user)


@frappe.whitelist()
def start_loading() -> None:
	_only_system_manager()
	frappe.enqueue(
		"hoso_longan.services.sample_desk._run",
		action="load_sample",
		queue="long",
		timeout=3600,
		job_id=JOB,
		deduplicate=True,
	)


@frappe.whitelist()
def start_removing() -> None:
	_only_system_manager()
	frappe.enqueue(
		"hoso_longan.services.sample_desk._run",
		action="remove_sample",
		queue="long",
		timeout=3600,
		job_id=JOB,
		deduplicate=True,
	)
