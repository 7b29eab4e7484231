"""Regenerate ``known_frappe.json``: the names that frappe, erpnext and education define.

The artefact validator checks Link/Table targets, roles and modules against this file, so that CI can run
without a bench. It holds names only (no code). Regenerate after upgrading the bench:

    python tests/frappe_artefacts/generate_known.py /path/to/frappe-bench/apps > tests/frappe_artefacts/known_frappe.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

APPS = ("frappe", "erpnext", "education")


def _doctype_files(app_root: Path):
	yield from sorted(app_root.glob(f"{app_root.name}/*/doctype/*/*.json"))
	# frappe's core module folders sit one level deeper in a few places (e.g. frappe/core/doctype)


def collect(apps_dir: Path) -> dict:
	doctypes: dict[str, dict] = {}
	roles: set[str] = set()
	modules: dict[str, list[str]] = {}
	fieldtypes: list[str] = []
	for app in APPS:
		root = apps_dir / app
		modules[app] = [
			line.strip() for line in (root / app / "modules.txt").read_text().splitlines() if line.strip()
		]
		for path in _doctype_files(root):
			if path.stem != path.parent.name:
				continue
			try:
				data = json.loads(path.read_text(encoding="utf-8"))
			except ValueError:
				continue
			if not isinstance(data, dict):
				continue
			if data.get("doctype") == "DocType" and data.get("name"):
				doctypes[data["name"]] = {
					"app": app,
					"istable": int(data.get("istable") or 0),
					"is_tree": int(data.get("is_tree") or 0),
					"is_submittable": int(data.get("is_submittable") or 0),
				}
				roles.update(p["role"] for p in data.get("permissions", []) if p.get("role"))
				if data["name"] == "DocField":
					for field in data["fields"]:
						if field["fieldname"] == "fieldtype":
							fieldtypes = [t for t in field["options"].split("\n") if t]
	# roles created in code by the apps (install hooks and fixtures) rather than named in a permission
	roles.update({"Administrator", "Guest", "All", "System Manager", "Desk User", "Student", "Guardian"})
	return {
		"doctypes": dict(sorted(doctypes.items())),
		"roles": sorted(roles),
		"modules": modules,
		"fieldtypes": fieldtypes,
	}


if __name__ == "__main__":
	apps_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/bench/apps")
	json.dump(collect(apps_dir), sys.stdout, ensure_ascii=False, indent=1, sort_keys=False)
	sys.stdout.write("\n")
