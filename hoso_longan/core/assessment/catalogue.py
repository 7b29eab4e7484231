"""The subject catalogue of Chương trình GDPT 2018 per level and grade, read from versioned data.

Source: layouts.md §2 (TT 32/2018/TT-BGDĐT as amended by TT 13/2022/TT-BGDĐT). A new programme is a new
data file, not a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

SCORE = "score"
COMMENT = "comment"


@dataclass(frozen=True)
class Subject:
	"""A subject or educational activity (môn học / hoạt động giáo dục) as taught in one grade."""

	code: str
	name: str
	mode: str  # "score" (nhận xét kết hợp điểm số) or "comment" (chỉ nhận xét)
	periods: int  # tiết per school year
	group: str  # compulsory, elective (THPT, choose 4 of 9) or optional
	co_taught: bool = False  # several teachers, one finaliser (KHTN, LS&ĐL, HĐTN-HN, GDĐP)
	chuyen_de: bool = False  # THPT subject that has chuyên đề học tập
	practical_exemption: bool = False  # Điều 10: the practical part may be exempted (GDTC, GDQP&AN)

	@property
	def regular_count(self) -> int:
		"""Recorded regular assessments (ĐĐGtx) per term, without chuyên đề (TT22 Điều 6)."""
		return regular_count(self.periods, self.mode)


def regular_count(periods: int, mode: str, chuyen_de: bool = False) -> int:
	"""Number of regular assessments recorded per term: TT22 Điều 6 k.2 (rules.md §4).

	Comment subjects record 2; score subjects 2 (≤ 35 periods a year), 3 (≤ 70) or 4 (> 70). A THPT subject
	studied with its chuyên đề cluster records one more.
	"""
	if mode == COMMENT:
		base = 2
	elif periods <= 35:
		base = 2
	elif periods <= 70:
		base = 3
	else:
		base = 4
	return base + (1 if chuyen_de else 0)


@cache
def _catalogue() -> dict:
	with resources.files(__package__).joinpath("data/ctgdpt2018.json").open(encoding="utf-8") as handle:
		return json.load(handle)


def level_of_grade(grade: int) -> str:
	"""THCS for grades 6-9, THPT for grades 10-12."""
	for level, spec in _catalogue()["levels"].items():
		if grade in spec["grades"]:
			return level
	raise ValueError(f"grade {grade} is not a lower- or upper-secondary grade (6-12)")


def subjects_for_grade(grade: int, include_optional: bool = False) -> list[Subject]:
	"""Every subject of ``grade`` in the order the học bạ prints them (THPT: all nine electives)."""
	spec = _catalogue()["levels"][level_of_grade(grade)]
	subjects = []
	for row in spec["subjects"]:
		if row["group"] == "optional" and not include_optional:
			continue
		periods = row.get("periods_by_grade", {}).get(str(grade), row["periods"])
		subjects.append(
			Subject(
				code=row["code"],
				name=row["name"],
				mode=row["mode"],
				periods=periods,
				group=row["group"],
				co_taught=row.get("co_taught", False),
				chuyen_de=row.get("chuyen_de", False),
				practical_exemption=row.get("practical_exemption", False),
			)
		)
	return subjects


def subject(grade: int, code: str) -> Subject:
	"""One subject of ``grade`` by code."""
	for candidate in subjects_for_grade(grade, include_optional=True):
		if candidate.code == code:
			return candidate
	raise KeyError(f"no subject {code!r} in grade {grade}")


def electives_required(grade: int) -> int:
	"""How many electives a THPT student chooses (TT 13/2022: any 4 of 9); 0 in THCS."""
	return _catalogue()["levels"][level_of_grade(grade)].get("electives_required", 0)


def subject_name(code: str) -> str:
	"""The subject's name in the catalogue (any grade): "TOAN" → "Toán"; an unknown code stays as it is."""
	for level in _catalogue()["levels"].values():
		for row in level["subjects"]:
			if row["code"] == code:
				return row["name"]
	return code


def subject_names() -> dict[str, str]:
	"""Subject code → name, lower then upper secondary, optional subjects included (the reports' subject
	list; a code of both levels keeps its lower-secondary name)."""
	names: dict[str, str] = {}
	for grade in (6, 10):
		for row in subjects_for_grade(grade, include_optional=True):
			names.setdefault(row.code, row.name)
	return names
