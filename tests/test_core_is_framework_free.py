"""The framework-free core (and the CLI) never imports frappe, erpnext or education (ARCHITECTURE §2.1)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import hoso_longan

PACKAGE = Path(hoso_longan.__file__).parent
FORBIDDEN = {"frappe", "erpnext", "education"}
FRAMEWORK_FREE = [PACKAGE / "core", PACKAGE / "commands", PACKAGE / "cli.py"]


def imported_top_level_modules(path: Path) -> set[str]:
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	names = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			names.update(alias.name.split(".")[0] for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
			names.add(node.module.split(".")[0])
		elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module" and node.args:
			argument = node.args[0]
			if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
				names.add(argument.value.split(".")[0])
	return names


def framework_free_files() -> list[Path]:
	files = []
	for root in FRAMEWORK_FREE:
		files.extend([root] if root.is_file() else sorted(root.rglob("*.py")))
	return files


def test_no_framework_import_in_the_core_source():
	offenders = {
		str(path.relative_to(PACKAGE.parent)): sorted(imported_top_level_modules(path) & FORBIDDEN)
		for path in framework_free_files()
		if imported_top_level_modules(path) & FORBIDDEN
	}
	assert offenders == {}


def test_the_scan_sees_a_frappe_import(tmp_path):
	sample = tmp_path / "leak.py"
	sample.write_text("def f():\n\tfrom frappe.utils import now\n\treturn now()\n", encoding="utf-8")
	assert imported_top_level_modules(sample) == {"frappe"}


def test_every_core_module_imports_with_frappe_blocked():
	modules = [
		name for _, name, _ in pkgutil.walk_packages([str(PACKAGE / "core")], prefix="hoso_longan.core.")
	]
	modules += [
		f"hoso_longan.commands.{name}" for _, name, _ in pkgutil.iter_modules([str(PACKAGE / "commands")])
	]
	script = (
		"import sys, importlib\n"
		"for blocked in ('frappe', 'erpnext', 'education'): sys.modules[blocked] = None\n"
		f"for name in {modules!r}: importlib.import_module(name)\n"
		"import hoso_longan.cli\n"
	)
	completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
	assert completed.returncode == 0, completed.stderr
