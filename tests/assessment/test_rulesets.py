"""Rule sets are versioned by instrument, school year and grade (rules.md §0.1, §14)."""

from __future__ import annotations

import pytest

from hoso_longan.core.assessment import TT22, LegacyRecordError, ruleset_for


@pytest.mark.parametrize(
	("school_year", "grade"),
	[
		("2021-2022", 6),
		("2022-2023", 10),
		("2023-2024", 8),
		("2023-2024", 11),
		("2024-2025", 9),
		("2026-2027", 12),
	],
)
def test_tt22_governs_the_grades_of_its_roll_out(school_year, grade):
	assert ruleset_for(school_year, grade) is TT22


@pytest.mark.parametrize(
	("school_year", "grade"),
	[("2020-2021", 6), ("2021-2022", 7), ("2022-2023", 9), ("2023-2024", 9), ("2023-2024", 12)],
)
def test_legacy_records_are_stored_as_issued_not_recomputed(school_year, grade):
	with pytest.raises(LegacyRecordError, match="stored as issued"):
		ruleset_for(school_year, grade)


@pytest.mark.parametrize("school_year", ["2025", "2025-2027", "25-26", "2025/2026"])
def test_malformed_school_years_are_rejected(school_year):
	with pytest.raises(ValueError, match="school year"):
		ruleset_for(school_year, 6)


def test_unknown_option_values_are_rejected():
	with pytest.raises(ValueError, match="adjust_mode"):
		TT22.with_options(adjust_mode="lenient")
	with pytest.raises(ValueError, match="unknown option"):
		TT22.with_options(rounding="half_even")
