"""Stable names of the signature fields that the renderer creates and the signers fill.

A name encodes who signs and what: ``gvbm_TOAN_2025`` (subject teacher of Toán, school year 2025-2026),
``gvbm_KHTN_2_2025`` (second co-teacher of KHTN), ``gvbm_TOAN_HK1_2025`` (class book block of term I),
``gvcn_2025`` (homeroom teacher), ``ht_2025`` (principal), ``dv_2025`` (the school's organisational seal).
Plans use ``gv`` (author teacher), ``ttcm`` (head of department) and ``ht``. The year is the first calendar
year of the school year.
"""

from __future__ import annotations

import re

ROLES = ("gvbm", "gvcn", "ttcm", "gv", "ht", "dv")
_FIELD = re.compile(
	r"^(?P<role>gvbm|gvcn|ttcm|gv|ht|dv)"
	r"(?:_(?P<subject>[A-Z][A-Z0-9]*))?(?:_(?P<index>[2-9]))?(?:_(?P<term>HK[12]))?(?:_(?P<year>\d{4}))?$"
)


def signature_field(
	role: str,
	year: int | None = None,
	subject: str | None = None,
	index: int = 1,
	term: str | None = None,
) -> str:
	"""The field name for ``role``; ``index`` numbers co-teachers of one subject from 1."""
	if role not in ROLES:
		raise ValueError(f"unknown signer role {role!r}; expected one of {', '.join(ROLES)}")
	if (role == "gvbm") != (subject is not None):
		raise ValueError("a subject is given exactly for the subject teacher role 'gvbm'")
	if subject is not None and not re.fullmatch(r"[A-Z][A-Z0-9]*", subject):
		raise ValueError(
			f"subject code {subject!r} must be an upper-case ASCII letter followed by letters or digits"
		)
	if not 1 <= index <= 9:
		raise ValueError("co-teacher index must be between 1 and 9")
	if term not in (None, "HK1", "HK2"):
		raise ValueError(f"term must be HK1 or HK2, not {term!r}")
	parts = [role]
	if subject:
		parts.append(subject)
	if index > 1:
		parts.append(str(index))
	if term:
		parts.append(term)
	if year is not None:
		parts.append(str(year))
	return "_".join(parts)


def parse_signature_field(name: str) -> dict[str, str | int | None]:
	"""The parts of a field name made by :func:`signature_field`."""
	match = _FIELD.match(name)
	if not match:
		raise ValueError(f"{name!r} is not a signature field name of this application")
	parts = match.groupdict()
	return {
		"role": parts["role"],
		"subject": parts["subject"],
		"index": int(parts["index"] or 1),
		"term": parts["term"],
		"year": int(parts["year"]) if parts["year"] else None,
	}
