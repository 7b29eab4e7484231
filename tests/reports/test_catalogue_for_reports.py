"""The catalogue's lists the reports read: subject names of both levels, result levels from the best."""

from hoso_longan.core.assessment.catalogue import subject_name, subject_names, subjects_for_grade
from hoso_longan.core.assessment.levels import LEVEL_BY_LABEL, LEVELS_BEST_FIRST


def test_subject_names_cover_every_subject_of_every_grade_by_its_catalogue_name():
	names = subject_names()
	for grade in range(6, 13):
		for subject in subjects_for_grade(grade, include_optional=True):
			assert subject.code in names
	assert names["TOAN"] == subject_name("TOAN") == "Toán"
	assert next(iter(names)) == subjects_for_grade(6, include_optional=True)[0].code  # lower secondary first


def test_levels_run_from_the_best_to_chua_dat():
	assert LEVELS_BEST_FIRST == ("Tốt", "Khá", "Đạt", "Chưa đạt")
	assert [LEVEL_BY_LABEL[label] for label in LEVELS_BEST_FIRST] == sorted(
		LEVEL_BY_LABEL.values(), reverse=True
	)
