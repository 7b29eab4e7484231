"""Sign-off chains as data (ARCHITECTURE.md §5, digital.md §5, records.md §5)."""

from __future__ import annotations

import pytest

from hoso_longan.core.signing.chains import (
	ChainError,
	build_chain,
	chain_for_class_book,
	chain_for_education_plan,
	chain_for_hoc_ba_year,
	chain_for_lesson_plan,
	chain_from_dict,
	voided_by_correction,
)


def test_hoc_ba_year_chain_is_subject_teachers_then_homeroom_then_principal_then_seal():
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1, "KHTN": 2}, with_seal=True)
	assert chain.fields == (
		"gvbm_TOAN_2025",
		"gvbm_KHTN_2025",
		"gvbm_KHTN_2_2025",
		"gvcn_2025",
		"ht_2025",
		"dv_2025",
	)
	assert [s.role for s in chain.steps] == ["gvbm", "gvbm", "gvbm", "gvcn", "ht", "dv"]
	assert chain.form_version == "TT22/2021"


def test_subject_teachers_sign_in_any_order_but_all_before_the_homeroom_teacher():
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1, "VAN": 1})
	assert chain.next_fields([]) == ("gvbm_TOAN_2025", "gvbm_VAN_2025")
	chain.check_can_sign("gvbm_VAN_2025", [])
	with pytest.raises(ChainError, match="gvbm_VAN_2025"):
		chain.check_can_sign("gvcn_2025", ["gvbm_TOAN_2025"])
	assert chain.next_fields(["gvbm_TOAN_2025", "gvbm_VAN_2025"]) == ("gvcn_2025",)


def test_principal_cannot_sign_before_homeroom_teacher_nor_twice():
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1})
	with pytest.raises(ChainError):
		chain.check_can_sign("ht_2025", ["gvbm_TOAN_2025"])
	with pytest.raises(ChainError, match="đã được ký"):
		chain.check_can_sign("gvbm_TOAN_2025", ["gvbm_TOAN_2025"])
	with pytest.raises(ChainError, match="không thuộc chuỗi ký"):
		chain.check_can_sign("gvbm_VAN_2025", [])


def test_order_problems_name_the_signature_that_jumped_the_queue():
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1})
	assert chain.order_problems(["gvbm_TOAN_2025", "gvcn_2025", "ht_2025"]) == {}
	problems = chain.order_problems(["gvbm_TOAN_2025", "ht_2025", "gvcn_2025"])
	assert list(problems) == ["ht_2025"]


def test_correction_of_one_subject_voids_its_teacher_and_everyone_after_but_not_other_subjects():
	"""records.md §5: a change voids the signatures that covered it and restarts the chain from there."""
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1, "VAN": 1, "KHTN": 2}, with_seal=True)
	assert chain.voided_by(["subject:TOAN"]) == ("gvbm_TOAN_2025", "gvcn_2025", "ht_2025", "dv_2025")
	assert chain.voided_by(["subject:KHTN"]) == (
		"gvbm_KHTN_2025",
		"gvbm_KHTN_2_2025",
		"gvcn_2025",
		"ht_2025",
		"dv_2025",
	)
	assert chain.voided_by(["class_summary"]) == ("gvcn_2025", "ht_2025", "dv_2025")
	assert chain.voided_by([]) == ()
	with pytest.raises(ChainError):
		chain.voided_by(["subject:LSDL"])


def test_voided_by_correction_compares_the_data_of_each_block():
	chain = chain_for_hoc_ba_year(2025, {"TOAN": 1, "VAN": 1})
	old = {
		"subject:TOAN": {"cn": 8.5},
		"subject:VAN": {"cn": 7.0},
		"class_summary": {"kqht": "Khá"},
		"approval": {},
	}
	new = {**old, "subject:VAN": {"cn": 7.5}}
	assert voided_by_correction(chain, old, new) == ("gvbm_VAN_2025", "gvcn_2025", "ht_2025")
	assert voided_by_correction(chain, old, dict(old)) == ()


def test_class_book_has_a_subject_block_per_term():
	chain = chain_for_class_book(2025, {"TOAN": 1})
	assert chain.fields == ("gvbm_TOAN_HK1_2025", "gvbm_TOAN_HK2_2025", "gvcn_2025", "ht_2025")
	assert chain.voided_by(["subject:TOAN:HK2"]) == ("gvbm_TOAN_HK2_2025", "gvcn_2025", "ht_2025")


def test_plans():
	assert chain_for_lesson_plan().fields == ("gv", "ttcm")
	assert chain_for_education_plan("teacher").fields == ("gv", "ttcm", "ht")
	assert chain_for_education_plan("teacher", with_ttcm=False).fields == ("gv", "ht")
	assert chain_for_education_plan("department").fields == ("ttcm", "ht")


def test_chains_are_looked_up_by_record_type_and_form_version_and_round_trip_as_data():
	chain = build_chain("hoc_ba_year", "TT22/2021", year=2025, subjects_with_teacher_counts={"TOAN": 1})
	assert chain_from_dict(chain.to_dict()).fields == chain.fields
	with pytest.raises(ChainError):
		build_chain("hoc_ba_year", "TT99/2030", year=2025, subjects_with_teacher_counts={})
