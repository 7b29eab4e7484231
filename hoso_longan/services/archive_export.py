"""Archive Export: the year-end archive of a school's signed records (LA-12.2), built by the core.

One background job per class collects that class's signed official PDFs (the class book and every học bạ
page, submitted) into a staging folder of the site's private files and checks each signature against the
site's trust anchors; when the last class is in, a final job calls ``core.archive.build_archive`` (folder
per class, SHA-256 manifest, label, optional ISO 9660 images), verifies it with ``verify_archive`` and
attaches the zipped archive to the document.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import frappe
from frappe import _

from hoso_longan.services.official_pdf import ascii_name, current_pdf

ALLOWED_ROLES = {"Records Office Staff", "School Records Admin", "Principal", "System Manager"}


def validate(doc) -> None:
	if doc.is_new():
		doc.status = "Draft"
	if not doc.classes:
		for group in frappe.get_all(
			"Student Group",
			filters={"hoso_school": doc.school, "academic_year": doc.academic_year, "disabled": 0},
			pluck="name",
			order_by="name asc",
		):
			doc.append("classes", {"student_group": group})
	for row in doc.classes:
		if frappe.db.get_value("Student Group", row.student_group, "hoso_school") != doc.school:
			frappe.throw(_("Class {0} does not belong to school {1}.").format(row.student_group, doc.school))


def staging_root(name: str) -> Path:
	return Path(frappe.get_site_path("private", "files", "hoso_archive", ascii_name(name)))


def _class_documents(student_group: str, academic_year: str) -> list[tuple[str, str]]:
	found = []
	for doctype in ("Class Assessment Book", "Student Record Book Page"):
		found += [
			(doctype, name)
			for name in frappe.get_all(
				doctype,
				filters={"student_group": student_group, "academic_year": academic_year, "docstatus": 1},
				pluck="name",
				order_by="name asc",
			)
		]
	return found


def collect_class(export: str, row_name: str) -> None:
	"""Job: put one class's signed PDFs into the staging folder and mark its row."""
	from hoso_longan.core.verification import record_problems
	from hoso_longan.services.record_signing import site_trust

	doc = frappe.get_doc("Archive Export", export)
	row = next(r for r in doc.classes if r.name == row_name)
	trust = site_trust()
	folder = staging_root(export) / ascii_name(row.student_group)
	shutil.rmtree(folder, ignore_errors=True)
	folder.mkdir(parents=True)
	problems, count = [], 0
	for doctype, name in _class_documents(row.student_group, doc.academic_year):
		pdf = current_pdf(frappe.get_doc(doctype, name))
		if not pdf:
			problems.append(_("{0}: no official PDF").format(name))
			continue
		if trust is not None:
			problems += [f"{name}: {p}" for p in record_problems(pdf, trust, path=name)]
		(folder / f"{ascii_name(name)}.pdf").write_bytes(pdf)
		count += 1
	if not count:
		problems.append(_("No signed record in class {0}.").format(row.student_group))
	frappe.db.set_value(
		"Archive Export Class",
		row.name,
		{"status": "Failed" if problems else "Collected", "files": count, "problems": "\n".join(problems)},
	)
	rows = frappe.get_all("Archive Export Class", filters={"parent": export}, fields=["status"])
	done = sum(1 for r in rows if r.status != "Pending")
	frappe.db.set_value("Archive Export", export, "progress", 90 * done / max(len(rows), 1))
	frappe.publish_progress(
		90 * done / max(len(rows), 1),
		title=_("Archive Export"),
		doctype="Archive Export",
		docname=export,
		description=row.student_group,
	)
	if done == len(rows):
		_enqueue("hoso_longan.services.archive_export.finish", f"hoso-archive-final::{export}", export=export)


def finish(export: str) -> None:
	"""Job: build the archive from the staged classes, verify it, attach the zip."""
	from hoso_longan.core.archive import ArchiveFile, build_archive, verify_archive
	from hoso_longan.core.archive.label import render_label_pdf

	doc = frappe.get_doc("Archive Export", export)
	if doc.status == "Completed":
		return
	failed = [f"{r.student_group}: {r.problems}" for r in doc.classes if r.status != "Collected"]
	if failed:
		_fail(doc, "\n".join(failed))
		return
	staging = staging_root(export)
	files = [
		ArchiveFile(path.parent.name, path.name, path.read_bytes(), "signed_pdf")
		for path in sorted(staging.glob("*/*.pdf"))
	]
	school = frappe.db.get_value("Education Unit", doc.school, ["unit_name", "unit_code"], as_dict=True)
	root = staging / "archive"
	shutil.rmtree(root, ignore_errors=True)
	try:
		built = build_archive(
			root,
			school=school.unit_name,
			school_code=ascii_name(school.unit_code),
			school_year=ascii_name(doc.academic_year),
			files=files,
			disc_images=bool(doc.disc_images),
			render_label=render_label_pdf,
		)
		report = verify_archive(root)
	except (ValueError, OSError) as error:
		_fail(doc, str(error))
		return
	if not report.ok:
		_fail(doc, "\n".join(str(p) for p in report.problems))
		return
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
		for path in sorted(root.rglob("*")):
			if path.is_file():
				archive.write(path, path.relative_to(root).as_posix())
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{ascii_name(export)}.zip",
			"attached_to_doctype": "Archive Export",
			"attached_to_name": export,
			"attached_to_field": "archive_file",
			"is_private": 1,
			"content": buffer.getvalue(),
		}
	).insert(ignore_permissions=True)
	shutil.rmtree(staging, ignore_errors=True)
	doc.db_set(
		{
			"status": "Completed",
			"progress": 100,
			"archive_file": file.file_url,
			"manifest_sha256": report.manifest_digest or built.manifest.digest,
			"error_log": "",
		}
	)
	frappe.publish_progress(100, title=_("Archive Export"), doctype="Archive Export", docname=export)


def _fail(doc, message: str) -> None:
	doc.db_set({"status": "Failed", "error_log": message})


def _enqueue(method: str, job_id: str, **kwargs) -> None:
	frappe.enqueue(
		method, queue="long", job_id=job_id, deduplicate=True, now=bool(frappe.flags.in_test), **kwargs
	)


@frappe.whitelist()
def start(name: str) -> str:
	"""Start the archive: one background job per class, then the final build."""
	doc = frappe.get_doc("Archive Export", name)
	doc.check_permission("write")
	if not ALLOWED_ROLES & set(frappe.get_roles()):
		frappe.throw(_("Only the records office builds the archive."), frappe.PermissionError)
	if doc.status in ("Queued", "Running"):
		frappe.throw(_("The archive is being built already."))
	for row in doc.classes:
		frappe.db.set_value(
			"Archive Export Class", row.name, {"status": "Pending", "files": 0, "problems": ""}
		)
	doc.db_set({"status": "Running", "progress": 0, "error_log": "", "archive_file": None})
	for row in doc.classes:
		_enqueue(
			"hoso_longan.services.archive_export.collect_class",
			f"hoso-archive::{name}::{row.student_group}",
			export=name,
			row_name=row.name,
		)
	return frappe.db.get_value("Archive Export", name, "status")
