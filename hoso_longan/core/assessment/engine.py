"""One student's school year, from recorded assessments to the year-end decision (TT22)."""

from __future__ import annotations

from .catalogue import COMMENT
from .conduct import year_conduct
from .decision import (
	RETAINED,
	SUMMER_CONDUCT,
	SUMMER_CONDUCT_RETEST,
	SUMMER_RETEST,
	after_summer_outcome,
	award,
	year_end_outcome,
)
from .learning import learning_level
from .levels import DAT
from .model import TERMS, YEAR, AfterSummer, StudentRecord, StudentResult, SubjectResult
from .ruleset import TT22, RuleSet
from .subjects import subject_results

PRACTICAL_EXEMPTION_NOTE = "Miễn thực hành"


def assess(student: StudentRecord, rules: RuleSet = TT22) -> StudentResult:
	"""Term and year results of every subject, KQHT, KQRL, award and the promotion decision."""
	subjects = []
	incomplete = []
	# Collected in the same pass: the inputs of KQHT for each period (score averages, comment results).
	scores: dict[str, list[int]] = {"HK1": [], "HK2": [], YEAR: []}
	comments: dict[str, list[bool]] = {"HK1": [], "HK2": [], YEAR: []}
	missing: set[str] = set()
	for subject in student.subjects:
		results = subject_results(subject)
		into = comments if subject.mode == COMMENT else scores
		first, second, year = results["HK1"], results["HK2"], results[YEAR]
		if first is None or second is None or year is None:
			for period, value in results.items():
				if value is None:
					missing.add(period)
					if period != YEAR:
						incomplete.append(f"{subject.code}.{period}")
		if first is not None:
			into["HK1"].append(first)  # type: ignore[arg-type]
		if second is not None:
			into["HK2"].append(second)  # type: ignore[arg-type]
		if year is not None:
			into[YEAR].append(year)  # type: ignore[arg-type]
		note = None
		if subject.practical_exemption:
			scope = "cả năm" if subject.practical_exemption == "year" else subject.practical_exemption
			note = f"{PRACTICAL_EXEMPTION_NOTE} ({scope})"
		subjects.append(SubjectResult(subject.code, subject.mode, results, None, note))
	for term in TERMS:
		if student.conduct.get(term) is None:
			incomplete.append(f"conduct.{term}")

	conduct = {term: student.conduct.get(term) for term in TERMS}
	conduct[YEAR] = year_conduct(conduct["HK1"], conduct["HK2"])
	result = StudentResult(
		id=student.id,
		subjects=subjects,
		learning=dict.fromkeys((*TERMS, YEAR)),
		conduct=conduct,
		award=None,
		outcome=None,
		incomplete=sorted(incomplete),
	)
	if student.individual_plan:
		# Điều 11: the principal decides on the individual education plan; nothing is classified here.
		result.manual_decision = True
		return result
	for period in (*TERMS, YEAR):
		if period not in missing:
			result.learning[period] = learning_level(scores[period], comments[period], rules)

	learning, year_conduct_level = result.learning[YEAR], conduct[YEAR]
	if learning is None or year_conduct_level is None:
		return result
	result.award = award(learning, year_conduct_level, scores[YEAR], rules)
	result.outcome = year_end_outcome(learning, year_conduct_level, student.absences, rules)
	if result.outcome in (SUMMER_RETEST, SUMMER_CONDUCT_RETEST):
		result.retest_subjects = retest_subjects(subjects, rules)
		if not result.retest_subjects:
			# Nothing may be re-sat (Điều 14 k.2: only results below Đạt), so KQHT cannot recover.
			result.outcome = RETAINED
	if student.summer is not None and result.outcome in (
		SUMMER_CONDUCT,
		SUMMER_RETEST,
		SUMMER_CONDUCT_RETEST,
	):
		result.after_summer = _after_summer(result, student, rules)
	return result


def _learning(subjects: list[SubjectResult], period: str, rules: RuleSet) -> int | None:
	scores: list[int] = []
	comments: list[bool] = []
	for subject in subjects:
		value = subject.terms[period]
		if value is None:
			return None
		if subject.mode == COMMENT:
			comments.append(value)  # type: ignore[arg-type]
		else:
			scores.append(value)  # type: ignore[arg-type]
	return learning_level(scores, comments, rules)


def retest_subjects(subjects: list[SubjectResult], rules: RuleSet) -> list[str]:
	"""Every comment subject with year result Chưa đạt and every score subject with ĐTBmcn < 5,0 (Điều 14)."""
	codes = []
	for subject in subjects:
		year = subject.terms[YEAR]
		if (subject.mode == COMMENT and year is False) or (
			subject.mode != COMMENT and year is not None and year < rules.retest_below  # type: ignore[operator]
		):
			codes.append(subject.code)
	return sorted(codes)


def _after_summer(result: StudentResult, student: StudentRecord, rules: RuleSet) -> AfterSummer:
	"""Re-assessed conduct replaces the year conduct; re-assessment results replace the subjects' year
	results, then KQHT is recomputed with the adjustment (rules.md §10.2-10.4). A retest result that was
	not recorded leaves the subject's year result as it was."""
	summer = student.summer
	assert summer is not None and result.outcome is not None
	conduct = result.conduct[YEAR]
	if result.outcome in (SUMMER_CONDUCT, SUMMER_CONDUCT_RETEST) and summer.conduct is not None:
		conduct = summer.conduct
	learning = result.learning[YEAR]
	may_retest = result.outcome == SUMMER_RETEST or (
		result.outcome == SUMMER_CONDUCT_RETEST and conduct is not None and conduct >= DAT
	)
	if may_retest and summer.retest:
		for subject in result.subjects:
			if subject.code in summer.retest:
				subject.retest = summer.retest[subject.code]
		learning = _learning_after_retest(result.subjects, rules)
	assert learning is not None and conduct is not None
	return AfterSummer(learning=learning, conduct=conduct, outcome=after_summer_outcome(learning, conduct))


def _learning_after_retest(subjects: list[SubjectResult], rules: RuleSet) -> int | None:
	replaced = [
		SubjectResult(
			s.code, s.mode, {YEAR: s.retest if s.retest is not None else s.terms[YEAR]}, retest=s.retest
		)
		for s in subjects
	]
	return _learning(replaced, YEAR, rules)
