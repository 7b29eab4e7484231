"""Regenerate ``known_frappe.json``: the names that frappe, erpnext and education define, and their own
Vietnamese for short texts (the words an app's translation could replace across the whole site).

The artefact validator checks Link/Table targets, roles and modules against this file, so that CI can run
without a bench. It holds names only (no code). Regenerate after upgrading the bench:

    python tests/frappe_artefacts/generate_known.py /path/to/frappe-bench/apps > tests/frappe_artefacts/known_frappe.json
"""

from __future__ import annotations

import csv
import hashlib
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
		"bundles": _bundles(apps_dir),
		"vi_words": _vietnamese_words(apps_dir),
		"doctypes": dict(sorted(doctypes.items())),
		"roles": sorted(roles),
		"modules": modules,
		"fieldtypes": fieldtypes,
	}


def _bundles(apps_dir: Path) -> list[str]:
	"""The apps' bundle entry names (``desk.bundle.js``): an app's bundle of the same name replaces theirs in
	the site's assets.json, and the desk does not start."""
	names = {
		path.name
		for app in APPS
		for path in (apps_dir / app / app / "public").rglob("*.bundle.*")
		if "dist" not in path.parts and "node_modules" not in path.parts and path.name.count(".") == 2
	}
	return sorted(names)


def digest(text: str) -> str:
	"""Texts are kept as short digests: the check needs only "same or not", and no other app's text is copied here."""
	return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _vietnamese_words(apps_dir: Path) -> dict[str, str]:
	"""Short texts (up to three words) the apps translate without a context, with their Vietnamese: a later
	app's row for the same text replaces it everywhere on the site (the validator's site-wide check)."""
	words: dict[str, str] = {}
	for app in APPS:
		path = apps_dir / app / app / "translations" / "vi.csv"
		if not path.exists():
			continue
		with path.open(encoding="utf-8", newline="") as handle:
			for row in csv.reader(handle):
				if len(row) >= 2 and row[1].strip() and not (row[2:] and row[2]):
					if len(row[0].split()) <= 3 and len(row[0]) <= 40:
						words[digest(row[0])] = digest(row[1].strip())
	return dict(sorted(words.items()))


if __name__ == "__main__":
	apps_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/bench/apps")
	json.dump(collect(apps_dir), sys.stdout, ensure_ascii=False, indent=1, sort_keys=False)
	sys.stdout.write("\n")
