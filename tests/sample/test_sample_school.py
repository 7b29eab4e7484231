"""The demo's sample school is deterministic and carries the cases a real year has."""

from __future__ import annotations

import unicodedata

import pytest

from hoso_longan.core.sample.school import CO_TAUGHT, sample_school


def test_the_same_seed_gives_the_same_school():
	first, second = sample_school(classes=2, seed=7), sample_school(classes=2, seed=7)
	assert [s.full_name for s in first.classes[1].students] == [
		s.full_name for s in second.classes[1].students
	]
	assert first.classes[0].assessments == second.classes[0].assessments
	assert sample_school(classes=1, seed=8).classes[0].students != first.classes[0].students


def test_names_are_nfc_and_unique_within_the_school():
	school = sample_school(classes=4)
	names = [student.full_name for school_class in school.classes for student in school_class.students]
	assert all(unicodedata.is_normalized("NFC", name) for name in names)
	assert len(set(names)) == len(names)
	assert all(
		student.father.name.split()[0] == student.full_name.split()[0]
		for student in school.classes[0].students
	)


def test_co_taught_subjects_have_several_teachers_and_the_homeroom_teacher_teaches_hdtn():
	school_class = sample_school(classes=1).classes[0]
	for code, count in CO_TAUGHT.items():
		assert len(school_class.teachers[code]) == count
	assert school_class.gvcn == school_class.teachers["HDTN"][0]


def test_first_class_has_a_transfer_a_summer_retest_and_a_conduct_remediation():
	school_class = sample_school(classes=1).classes[0]
	results = {result["id"]: result for result in school_class.results()}
	transferred = school_class.transferred_in[0]
	assert results[transferred]["subjects"]["TOAN"]["HK1"] == 7.4
	outcomes = [result["outcome"] for result in results.values()]
	assert "summer_retest" in outcomes and "summer_conduct" in outcomes
	assert all(
		result.get("after_summer") for result in results.values() if result["outcome"].startswith("summer")
	)


@pytest.mark.parametrize("students", [1, 2])
def test_a_class_smaller_than_the_year_events_still_builds(students):
	"""The transfer, re-sit and conduct cases go to the first students; a class of one or two has fewer."""
	from hoso_longan.core.sample.school import sample_school

	school = sample_school(1, students)
	school_class = school.classes[0]
	assert len(school_class.students) == students
	assert school_class.transferred_in == [school_class.students[0].student_id]
	assert len(school_class.results()) == students
