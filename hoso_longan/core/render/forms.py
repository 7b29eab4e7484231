"""Form versions as data: which template prints a record, keyed by instrument and school year (forms.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from hoso_longan.core.records.models import ClassBook, EducationPlan, HocBa, Record


@dataclass(frozen=True)
class FormVersion:
	"""One official layout: the instrument that sets it, the first school year it applies to, its template."""

	key: str
	record_type: str
	effective_from: int
	instrument: str
	template: str
	stylesheets: tuple[str, ...]
	title: str
	level: str | None = None
	kind: str | None = None
	issuer: str = ""
	level_name: str = ""
	default_columns: tuple[str, ...] = ()
	stamped: bool = False  # laid out once per shape, values written in (render/stamp.py)
	shared_pages: bool = False  # stamped, each distinct page section laid out once (stamp.share_pages)
	extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@cache
def all_forms() -> tuple[FormVersion, ...]:
	"""Every form version the renderer knows."""
	text = resources.files(__package__).joinpath("forms.json").read_text(encoding="utf-8")
	forms = []
	for entry in json.loads(text)["forms"]:
		entry = dict(entry)
		entry["stylesheets"] = tuple(entry["stylesheets"])
		entry["default_columns"] = tuple(entry.get("default_columns", ()))
		forms.append(FormVersion(**entry))
	return tuple(forms)


def _record_year(record: Record) -> int:
	if isinstance(record, HocBa):
		return min(page.school_year for page in record.years)
	return record.school_year


def form_for(record: Record) -> FormVersion:
	"""The newest form version in force in the record's (first) school year for its type, level and kind."""
	level = record.level if isinstance(record, HocBa | ClassBook) else None
	kind = record.kind if isinstance(record, EducationPlan) else None
	year = _record_year(record)
	candidates = [
		form
		for form in all_forms()
		if form.record_type == record.record_type
		and (form.level is None or form.level == level)
		and (form.kind is None or form.kind == kind)
		and form.effective_from <= year
	]
	if not candidates:
		raise LookupError(
			f"no official form for {record.record_type} (level {level}, kind {kind}) in school year {year}"
		)
	return max(candidates, key=lambda form: form.effective_from)
