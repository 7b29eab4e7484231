"""The sample province is deterministic, scoped the way reports need, and school 1 holds the browser journey."""

from __future__ import annotations

import unicodedata

from hoso_longan.core.assessment import assess_students
from hoso_longan.core.sample import province as P


def test_a_school_is_the_same_whatever_the_size_of_the_province():
	small, large = P.province_plan(2), P.province_plan(40)
	first, second = small.school(2), large.school(2)
	assert [s.full_name for c in first.classes for s in c.students] == [
		s.full_name for c in second.classes for s in c.students
	]
	assert first.classes[0].assessments == second.classes[0].assessments
	assert [c.stage for c in first.classes] == [c.stage for c in second.classes]
	assert P.province_plan(2, seed=7).school(2).classes[0].assessments != first.classes[0].assessments


def test_units_offices_and_accounts_follow_the_documented_scheme():
	plan = P.province_plan(25)
	assert plan.province.code == P.PROVINCE_CODE
	assert len(plan.offices) == 3 and all(o.parent == P.PROVINCE_CODE for o in plan.offices)
	assert {u.parent for u in plan.school_units} == {o.code for o in plan.offices}
	assert plan.school_units[0].school_level == "THCS" and plan.school_units[3].school_level == "THPT"
	assert len({u.name for u in plan.school_units}) == 25
	school = plan.school(1)
	assert school.principal.email == f"t001.hieutruong@{P.SAMPLE_DOMAIN}"
	assert plan.office_staff[0].email == f"p01.chuyenvien@{P.SAMPLE_DOMAIN}"
	emails = [p.email for p in school.staff]
	assert len(emails) == len(set(emails)) and all(e.endswith(P.SAMPLE_DOMAIN) for e in emails)
	assert all(unicodedata.is_normalized("NFC", p.full_name) for p in school.staff)


def test_two_schools_sit_under_two_offices_so_scoping_can_be_tested():
	plan = P.province_plan(2)
	assert [u.parent for u in plan.school_units] == [P.office_code(1), P.office_code(2)]


def test_the_journey_class_waits_for_one_maths_sheet_and_term_two_conduct():
	school_class = P.province_plan(1).school(1).classes[0]
	assert (school_class.label, school_class.stage) == ("6A1", P.JOURNEY)
	not_final = {key: state for key, state in school_class.sheet_states.items() if state != "finalised"}
	assert not_final == {("TOAN", "HK2"): "draft"}
	assert not school_class.blanks and not school_class.amendments
	assert school_class.conduct_states == {"HK1": "finalised", "HK2": "missing"}
	assert not school_class.computed


def test_school_one_shows_every_stage_of_the_chain():
	school = P.province_plan(1).school(1)
	assert set(P.STAGES) <= {c.stage for c in school.classes}
	assert any(c.amendments for c in school.classes)


def test_co_taught_subjects_have_a_finaliser_and_the_homeroom_teacher_leads_hdtn():
	school = P.province_plan(1).school(1)
	for school_class in school.classes:
		assert len(school_class.teachers["KHTN"]) == 3
		assert school_class.teachers["HDTN"][0] == school_class.homeroom
	homerooms = [c.homeroom for c in school.classes]
	assert len(homerooms) == len(set(homerooms))
	profiles = {p.email: p.profile for p in school.teachers}
	assert all(
		profiles[d.head] == P.HEAD_OF_DEPARTMENT for d in school.departments if d.head not in homerooms
	)


def test_amendments_change_finalised_values_with_a_reason():
	plan = P.province_plan(3)
	amendments = [a for index in (2, 3) for c in plan.school(index).classes for a in c.amendments]
	assert amendments
	for amendment in amendments:
		assert amendment.reason in P.REASONS
		assert all(change.old != change.new for change in amendment.changes)


def test_summer_results_are_proposed_only_for_students_the_engine_sent_to_summer():
	school = P.province_plan(1).school(1)
	school_class = next(c for c in school.classes if c.wants_summer)
	results = assess_students(school_class.assessments)
	summer = P.summer_results(school_class, results)
	needing = {r["id"] for r in results if r["outcome"] not in ("promoted", "retained")}
	assert set(summer) == needing


def test_signatures_follow_the_chain_order():
	school = P.province_plan(1).school(1)
	school_class = next(c for c in school.classes if c.stage == P.APPROVED)
	rows = P.signatures(school_class, 2025, P.APPROVED, school.principal.email, class_book=True)
	roles = [role for _field, role, _signer in rows]
	assert roles[-3:] == ["gvcn", "ht", "dv"] and set(roles[:-3]) == {"gvbm"}
	teachers = sum(len(found) for found in school_class.teachers.values())
	assert roles.count("gvbm") == 2 * teachers  # one box per co-teacher and term
	assert P.signatures(school_class, 2025, P.COMPUTED, school.principal.email, True) == []
	assert P.workflow_state(P.HOMEROOM_SIGNED) == ("Homeroom Signed", 0)
	assert P.workflow_state(P.LOCKED) == ("Approved", 1)


def test_no_retest_is_proposed_to_a_student_still_below_the_line_in_conduct():
	for index in (1, 4):
		for school_class in P.province_plan(4).school(index).classes:
			if not school_class.wants_summer:
				continue
			results = assess_students(school_class.assessments)
			summer = P.summer_results(school_class, results)
			entries = [dict(e, summer=summer[e["id"]]) for e in school_class.assessments if e["id"] in summer]
			assess_students(entries)  # the engine accepts every proposal
