"""The seven states of a teacher's work and the order in which steps are due (core.records.worklist)."""

from hoso_longan.core.records import worklist as W
from hoso_longan.core.records.worklist import RecordFacts, Step, next_steps, record_state, steps_for


def test_no_sheet_and_an_empty_draft_are_not_entered():
	assert record_state(RecordFacts()) == W.NOT_ENTERED
	assert record_state(RecordFacts(docstatus=0, filled=0, required=90)) == W.NOT_ENTERED


def test_a_draft_with_values_is_in_progress_even_when_complete():
	assert record_state(RecordFacts(docstatus=0, filled=1, required=90)) == W.IN_PROGRESS
	assert record_state(RecordFacts(docstatus=0, filled=90, required=90)) == W.IN_PROGRESS


def test_finalised_sheet_waits_for_signatures_once_an_official_record_asks_for_them():
	assert record_state(RecordFacts(docstatus=1, filled=90, required=90)) == W.FINALISED
	facts = RecordFacts(docstatus=1, filled=90, required=90, to_sign=2, signed=1)
	assert record_state(facts) == W.AWAITING_SIGNATURE
	assert record_state(RecordFacts(docstatus=1, to_sign=2, signed=2)) == W.SIGNED


def test_a_sheet_reopened_by_the_principal_is_returned_until_finalised_again():
	assert record_state(RecordFacts(docstatus=2, reopened=True)) == W.RETURNED
	assert record_state(RecordFacts(docstatus=0, filled=5, reopened=True)) == W.RETURNED
	assert record_state(RecordFacts(docstatus=1, filled=5, reopened=True)) == W.FINALISED


def test_a_lock_wins_over_every_other_state():
	for facts in (RecordFacts(), RecordFacts(docstatus=0, filled=3), RecordFacts(docstatus=1, reopened=True)):
		assert record_state(RecordFacts(**{**facts.__dict__, "locked": True})) == W.LOCKED


def test_plan_and_class_record_states():
	assert W.plan_state("Draft") == W.IN_PROGRESS
	assert W.plan_state("Pending Approval") == W.AWAITING_SIGNATURE
	assert W.plan_state("Returned") == W.RETURNED
	assert W.plan_state("Approved") == W.SIGNED
	assert W.plan_state("Approved", locked=True) == W.LOCKED
	assert W.class_record_state(None, exists=False) == W.NOT_ENTERED
	assert W.class_record_state("Homeroom Signed") == W.AWAITING_SIGNATURE
	assert W.class_record_state("Approved") == W.SIGNED


def test_every_state_is_one_of_the_seven():
	assert len(set(W.STATES)) == 7
	assert set(W.PLAN_STATES.values()) <= set(W.STATES)
	assert set(W.CLASS_RECORD_STATES.values()) <= set(W.STATES)


def test_steps_asked_by_each_state():
	ref = {"sheet": "x"}
	assert steps_for(W.NOT_ENTERED, complete=False, term="HK1", ref=ref, may_finalise=True) == [
		Step(W.ENTER, "HK1", False)
	]
	assert steps_for(W.IN_PROGRESS, complete=False, term="HK1", ref=ref, may_finalise=True) == [
		Step(W.ENTER, "HK1", True)
	]
	assert steps_for(W.IN_PROGRESS, complete=True, term="HK1", ref=ref, may_finalise=True) == [
		Step(W.FINALISE, "HK1", True)
	]
	# a co-teacher who does not finalise has nothing more to do on a complete sheet
	assert steps_for(W.IN_PROGRESS, complete=True, term="HK1", ref=ref, may_finalise=False) == []
	assert steps_for(W.RETURNED, complete=True, term="HK2", ref=ref, may_finalise=False) == [
		Step(W.CORRECT, "HK2", True)
	]
	for state in (W.FINALISED, W.AWAITING_SIGNATURE, W.SIGNED, W.LOCKED):
		assert steps_for(state, complete=True, term="HK1", ref=ref, may_finalise=True) == []


def test_corrections_come_first_then_term_one_then_started_work():
	steps = [
		Step(W.SIGN),
		Step(W.ENTER, "HK2", True, {"n": 1}),
		Step(W.ENTER, "HK1", False, {"n": 2}),
		Step(W.REVIEW),
		Step(W.FINALISE, "HK1", True, {"n": 3}),
		Step(W.CORRECT, "HK2", True, {"n": 4}),
		Step(W.ENTER, "HK1", True, {"n": 5}),
	]
	ordered = next_steps(steps)
	assert [s.ref.get("n") for s in ordered[:5]] == [4, 3, 5, 2, 1]
	assert [s.kind for s in ordered[5:]] == [W.SIGN, W.REVIEW]
	assert len(next_steps(steps, limit=3)) == 3
