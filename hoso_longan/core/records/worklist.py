"""A teacher's work of the school year as states and next steps (the teachers' portal reads this).

Every piece of work a teacher owns (the scores of one class × subject × term, the conduct of a homeroom class
for a term, a plan, a document to sign) is in exactly one of seven states, decided here from plain facts
that the Frappe side reads from the records:

=====================  ===================================================================================
state                  meaning
=====================  ===================================================================================
``not_entered``        nothing recorded yet
``in_progress``        some values recorded, not finalised (or a plan drafted, not submitted)
``finalised``          finalised by its teacher (a score sheet or conduct: docstatus 1), nothing to sign yet
``awaiting_signature`` finalised, and an official record built on it waits for signatures
``signed``             every signature of this teacher on it is made (a plan: approved and signed)
``returned``           sent back for correction (a sheet reopened by the principal, a plan returned)
``locked``             a Record Lock or an Inspection Window covers it: read-only
=====================  ===================================================================================

``next_steps`` orders what is due: corrections first, then term I before term II, work started before
work not started, then signatures and reviews.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOT_ENTERED = "not_entered"
IN_PROGRESS = "in_progress"
FINALISED = "finalised"
AWAITING_SIGNATURE = "awaiting_signature"
SIGNED = "signed"
RETURNED = "returned"
LOCKED = "locked"
STATES = (NOT_ENTERED, IN_PROGRESS, FINALISED, AWAITING_SIGNATURE, SIGNED, RETURNED, LOCKED)

# Docstatus of a submittable record.
DRAFT, SUBMITTED, CANCELLED = 0, 1, 2


@dataclass(frozen=True)
class RecordFacts:
	"""What the state of one piece of work depends on.

	``filled``/``required``: values recorded and values a complete record has (cells of a score sheet,
	students with a conduct level); ``docstatus`` of the current version (``None``: no record yet);
	``reopened``: the current draft amends a finalised version that the principal reopened (or the only
	version is the reopened one); ``to_sign``/``signed``: this teacher's signature fields on the official
	records built on it, and how many of them are made on the current rendering.
	"""

	docstatus: int | None = None
	filled: int = 0
	required: int = 0
	reopened: bool = False
	locked: bool = False
	to_sign: int = 0
	signed: int = 0


def record_state(facts: RecordFacts) -> str:
	"""The state of a score sheet or a conduct assessment (see the module's table)."""
	if facts.locked:
		return LOCKED
	if facts.reopened and facts.docstatus != SUBMITTED:
		return RETURNED
	if facts.docstatus is None or (facts.docstatus == DRAFT and facts.filled == 0):
		return NOT_ENTERED
	if facts.docstatus == DRAFT:
		return IN_PROGRESS
	if facts.to_sign == 0:
		return FINALISED
	return SIGNED if facts.signed >= facts.to_sign else AWAITING_SIGNATURE


# Plan workflow states (Lesson Plan Approval, Education Plan Approval) → portal state.
PLAN_STATES = {
	"Draft": IN_PROGRESS,
	"Pending Approval": AWAITING_SIGNATURE,
	"Submitted": AWAITING_SIGNATURE,
	"Department Reviewed": AWAITING_SIGNATURE,
	"Returned": RETURNED,
	"Approved": SIGNED,
}


def plan_state(workflow_state: str | None, locked: bool = False) -> str:
	if locked:
		return LOCKED
	return PLAN_STATES.get(workflow_state or "Draft", IN_PROGRESS)


# Class records signed by the homeroom teacher and the principal (class book, học bạ page).
CLASS_RECORD_STATES = {
	"Draft": AWAITING_SIGNATURE,
	"Homeroom Signed": AWAITING_SIGNATURE,
	"Approved": SIGNED,
	"Cancelled": RETURNED,
}


def class_record_state(workflow_state: str | None, exists: bool = True, locked: bool = False) -> str:
	if locked:
		return LOCKED
	if not exists:
		return NOT_ENTERED
	return CLASS_RECORD_STATES.get(workflow_state or "Draft", AWAITING_SIGNATURE)


# --- what is due next -----------------------------------------------------------------------------------------

# Kinds of step, in the order they are due when nothing else decides.
CORRECT = "correct"  # a returned sheet, conduct or plan
ENTER = "enter"  # scores or conduct to record
FINALISE = "finalise"  # complete: finalise it
SIGN = "sign"  # documents wait for this teacher's signature
REVIEW = "review"  # a head of department has plans to review
COMPLETE_YEAR = "complete_year"  # the homeroom class misses something before the year-end computation
KIND_ORDER = (CORRECT, FINALISE, ENTER, SIGN, REVIEW, COMPLETE_YEAR)


@dataclass(frozen=True)
class Step:
	"""One thing due: what (``kind``), which term (``None``: the whole year), whether work on it has started,
	and the data the portal needs to describe and link it (``ref``)."""

	kind: str
	term: str | None = None
	started: bool = False
	ref: dict = field(default_factory=dict, compare=False, hash=False)


def steps_for(state: str, *, complete: bool, term: str | None, ref: dict, may_finalise: bool) -> list[Step]:
	"""The step a score sheet or conduct in ``state`` asks of its teacher (none when nothing is due).

	``complete``: every value is recorded; ``may_finalise``: this teacher finalises it (the finaliser of a
	co-taught subject, the homeroom teacher of the class)."""
	if state == RETURNED:
		return [Step(CORRECT, term, True, ref)]
	if state == NOT_ENTERED:
		return [Step(ENTER, term, False, ref)]
	if state == IN_PROGRESS:
		if complete and may_finalise:
			return [Step(FINALISE, term, True, ref)]
		return [] if complete else [Step(ENTER, term, True, ref)]
	return []


def _term_rank(term: str | None) -> int:
	return {"HK1": 0, "HK2": 1}.get(term or "", 2)


def next_steps(steps: list[Step], limit: int | None = None) -> list[Step]:
	"""Steps in the order they are due: corrections; then entering and finalising by term (term I first),
	work started before work not started; then signatures, reviews and year-end gaps."""
	ordered = sorted(
		steps,
		key=lambda s: (
			s.kind != CORRECT,
			_term_rank(s.term) if s.kind in (ENTER, FINALISE) else 2,
			not s.started,
			KIND_ORDER.index(s.kind),
		),
	)
	return ordered[:limit] if limit is not None else ordered
