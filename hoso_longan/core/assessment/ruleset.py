"""Rule sets: the thresholds and choices of an assessment instrument, versioned by the instrument and the
school years and grades it governs (rules.md §0.1). A new circular is a new RuleSet, not a rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# Điều 9 k.3 "culprit" test (rules.md §8.1, Open Q2): classify without the subject, or with it made perfect.
ADJUST_IGNORE = "ignore"
ADJUST_PERFECT = "perfect"
# "mức liền kề" (Open Q1): one level above the computed level, or the level just below Tốt/Khá.
ADJACENT_ONE_ABOVE = "one_above"
ADJACENT_BELOW_TARGET = "below_target"


@dataclass(frozen=True)
class RuleSet:
	"""Everything of an instrument the engine needs. Scores and thresholds are in tenths (6,5 → 65)."""

	instrument: str
	name: str
	# Kết quả học tập (Điều 9 k.2): the same thresholds for a term and the year.
	good_floor: int = 65  # Tốt: every score subject ≥ 6,5 ...
	good_high: int = 80  # ... and at least `subject_count` subjects ≥ 8,0
	fair_floor: int = 50  # Khá: every score subject ≥ 5,0 ...
	fair_high: int = 65  # ... and at least `subject_count` subjects ≥ 6,5
	pass_score: int = 50  # Đạt: at least `subject_count` subjects ≥ 5,0 ...
	pass_floor: int = 35  # ... and none < 3,5
	pass_comment_failures: int = 1  # ... and at most one comment subject Chưa đạt
	subject_count: int = 6
	# Điều 12: promotion needs absences ≤ 45 buổi.
	absence_limit: int = 45
	# Điều 14: summer re-assessment of score subjects with ĐTBmcn < 5,0.
	retest_below: int = 50
	# Điều 15: Học sinh Xuất sắc needs at least 6 score subjects with ĐTBmcn ≥ 9,0.
	excellent_score: int = 90
	excellent_count: int = 6
	# Configurable readings of the open questions, defaults as documented in rules.md.
	adjust_mode: str = ADJUST_IGNORE
	adjacent_reading: str = ADJACENT_ONE_ABOVE
	allow_extra_regular: bool = False  # Điều 6 read as the exact count the form has columns for
	# Open Q3: both KQRL and KQHT Chưa đạt → conduct remediation first, then re-sit if conduct recovered.
	retest_after_conduct_remediation: bool = True

	def with_options(self, **options: object) -> RuleSet:
		"""A copy with some readings changed; ValueError for an unknown option or value."""
		allowed = {
			"adjust_mode": (ADJUST_IGNORE, ADJUST_PERFECT),
			"adjacent_reading": (ADJACENT_ONE_ABOVE, ADJACENT_BELOW_TARGET),
			"allow_extra_regular": (True, False),
			"retest_after_conduct_remediation": (True, False),
		}
		for key, value in options.items():
			if key not in allowed:
				raise ValueError(f"unknown option {key!r}; known options: {', '.join(allowed)}")
			if value not in allowed[key]:
				raise ValueError(f"option {key} must be one of {allowed[key]}, not {value!r}")
		return replace(self, **options)


TT22 = RuleSet(instrument="Thông tư 22/2021/TT-BGDĐT", name="TT22")


class LegacyRecordError(ValueError):
	"""Records under TT 58/2011 as amended by TT 26/2020 are stored as issued, never recomputed (rules.md §14)."""


# Roll-out of TT22 by school year (first calendar year) and grade; from 2024-2025 every grade (rules.md §0.1).
_TT22_GRADES_BEFORE_2024 = {2021: {6}, 2022: {6, 7, 10}, 2023: {6, 7, 8, 10, 11}}
_TT22_FIRST_YEAR = 2021
_TT22_ALL_GRADES_FROM = 2024


def school_year_start(school_year: str | int) -> int:
	"""'2025-2026' → 2025; checks that the two years follow each other."""
	if isinstance(school_year, int):
		return school_year
	parts = str(school_year).strip().split("-")
	if len(parts) != 2 or not all(part.isdigit() and len(part) == 4 for part in parts):
		raise ValueError(f"school year {school_year!r} must look like 2025-2026")
	start, end = int(parts[0]), int(parts[1])
	if end != start + 1:
		raise ValueError(f"school year {school_year!r} must span two consecutive years")
	return start


def ruleset_for(school_year: str | int, grade: int) -> RuleSet:
	"""The rule set that governs ``grade`` in ``school_year``; LegacyRecordError for TT58/TT26 records."""
	if grade not in range(6, 13):
		raise ValueError(f"grade {grade} is not a lower- or upper-secondary grade (6-12)")
	start = school_year_start(school_year)
	if start >= _TT22_ALL_GRADES_FROM or grade in _TT22_GRADES_BEFORE_2024.get(start, set()):
		return TT22
	raise LegacyRecordError(
		f"grade {grade} in {start}-{start + 1} was assessed under TT 58/2011 as amended by TT 26/2020: "
		"such records are stored as issued, not recomputed"
	)
