"""The signing chain of a record names exactly the signature boxes the renderer draws, in a legal order."""

from __future__ import annotations

import pytest

from hoso_longan.core.records.signatures import chain_for_record, signature_slots
from hoso_longan.core.records.specimen import specimen_class, specimen_education_plan, specimen_lesson_plan
from hoso_longan.core.signing.chains import ChainError


@pytest.fixture(scope="module")
def class_records():
	return specimen_class(count=3)


def records(class_records):
	book, books = class_records
	return [
		books[0],
		book,
		specimen_lesson_plan(),
		specimen_education_plan(),
		specimen_education_plan("giao_vien"),
	]


def test_chain_fields_are_the_rendered_boxes(class_records):
	for record in records(class_records):
		chain = chain_for_record(record)
		assert sorted(chain.fields) == sorted(slot.name for slot in signature_slots(record))


def test_hoc_ba_order_subject_teachers_then_homeroom_then_principal_then_seal(class_records):
	chain = chain_for_record(class_records[1][0])
	roles = [step.role for step in chain.steps]
	assert roles.index("gvcn") > max(i for i, role in enumerate(roles) if role == "gvbm")
	assert chain.step("ht").stage == chain.step("ht_2025").stage > chain.step("gvcn_2025").stage
	assert chain.step("dv_2025").optional and "dv_2025" not in chain.required_fields
	with pytest.raises(ChainError, match="chưa thể ký ô gvcn_2025 trước"):
		chain.check_can_sign("gvcn_2025", ["gvbm_TOAN_2025"])
	assert "gvbm_NV_2025" in chain.next_fields([])


def test_a_correction_of_one_subject_voids_it_and_what_follows(class_records):
	chain = chain_for_record(class_records[1][0])
	voided = chain.voided_by(["subject:TOAN"])
	assert "gvbm_TOAN_2025" in voided and "gvcn_2025" in voided and "ht_2025" in voided
	assert "gvbm_NV_2025" not in voided


def test_plan_chains_carry_the_school_year(class_records):
	lesson = chain_for_record(specimen_lesson_plan())
	assert [step.role for step in lesson.steps] == ["gv", "ttcm"]
	assert all(field.endswith("_2025") for field in lesson.fields)
