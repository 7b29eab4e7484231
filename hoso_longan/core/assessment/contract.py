"""The JSON contract of ``hoso-longan assess`` (kept stable: other tools call it).

Input ``{"students": [...], "school_year"?, "grade"?, "options"?}``; a student is
``{"id", "absences", "conduct": {"HK1", "HK2"}, "subjects": [...], "summer"?, "individual_plan"?}``; a
subject ``{"code", "mode": "score"|"comment", "periods" (score), "chuyen_de"?, "practical_exemption"?,
"HK1": TERM, "HK2": TERM}``. A score TERM is ``{"tx": [scores], "gk", "ck"}`` or ``{"avg"}``, a comment TERM
``{"tx": ["Đ"|"CĐ", ...], "gk", "ck"}`` or ``{"result"}``; ``null`` (a term, a score) means not recorded yet.

Every problem of the input is collected, named by student, subject, term and field, and nothing is computed
for output unless the whole input is valid.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import COMMENT, SCORE, regular_count
from .engine import assess
from .levels import DAT, level_label, nfc, parse_comment_result, parse_level
from .model import (
	TERMS,
	YEAR,
	CommentTerm,
	ScoreTerm,
	StudentRecord,
	StudentResult,
	SubjectRecord,
	SummerRecord,
)
from .ruleset import TT22, RuleSet, ruleset_for
from .scores import ScoreError, parse_tenths, tenths_to_number

PRACTICAL_EXEMPTION_SUBJECTS = frozenset({"GDTC", "GDQPAN"})  # Điều 10
_STUDENT_KEYS = {"id", "name", "class", "absences", "conduct", "subjects", "summer", "individual_plan"}
_RECORDED_TERM_KEYS = {"tx", "gk", "ck"}
_SUBJECT_KEYS = {"code", "name", "mode", "periods", "chuyen_de", "practical_exemption", "HK1", "HK2"}
# Scores stored as text ("7.5") take a few hundred values: each valid one is parsed once (a class has some
# ten thousand). Bounded, so that odd spellings cannot grow it without limit.
_PARSED_TEXT: dict[str, int] = {}
_PARSED_TEXT_LIMIT = 4096


@dataclass(frozen=True)
class Problem:
	"""One problem of the input, located as precisely as the input allows."""

	student: str | None
	subject: str | None
	term: str | None
	field: str | None
	message: str

	def __str__(self) -> str:
		where = [
			f"student {self.student}" if self.student is not None else None,
			f"subject {self.subject}" if self.subject is not None else None,
			self.term,
			f"field {self.field}" if self.field is not None else None,
		]
		located = ", ".join(part for part in where if part)
		return f"{located}: {self.message}" if located else self.message


class InputErrors(ValueError):
	"""The input is not valid; ``problems`` lists every problem found."""

	def __init__(self, problems: list[Problem]):
		super().__init__("\n".join(str(problem) for problem in problems))
		self.problems = problems


class _Reader:
	"""Reads one student, recording problems instead of stopping at the first."""

	def __init__(self, problems: list[Problem], student: str | None, allow_extra_regular: bool = False):
		self.problems = problems
		self.student = student
		self.allow_extra_regular = allow_extra_regular

	def problem(self, message: str, subject=None, term=None, field=None) -> None:
		self.problems.append(Problem(self.student, subject, term, field, message))

	def score(self, value, subject, term, field, index: int = 0) -> int | None:
		if value is None:
			return None
		# Fast paths for the common JSON numbers; anything else goes through the full parser.
		kind = type(value)
		if kind is str:
			tenths = _PARSED_TEXT.get(value)
			if tenths is not None:
				return tenths
		if kind is int and 0 <= value <= 10:
			return value * 10
		if kind is float and 0 <= value <= 10:
			scaled = value * 10
			whole = round(scaled)
			if -1e-9 < scaled - whole < 1e-9:
				return whole
		try:
			tenths = parse_tenths(value)
		except ScoreError as error:
			self.problem(str(error), subject, term, f"{field}[{index}]" if index else field)
			return None
		if kind is str and len(_PARSED_TEXT) < _PARSED_TEXT_LIMIT:
			_PARSED_TEXT[value] = tenths
		return tenths

	def comment(self, value, subject, term, field, index: int = 0) -> bool | None:
		if value is None:
			return None
		if value == "Đ":
			return True
		if value == "CĐ":
			return False
		try:
			return parse_comment_result(value)
		except ValueError as error:
			self.problem(str(error), subject, term, f"{field}[{index}]" if index else field)
			return None

	def level(self, value, field, term=None) -> int | None:
		if value is None:
			return None
		try:
			return parse_level(value)
		except ValueError as error:
			self.problem(str(error), None, term, field)
			return None


def parse_request(data: object) -> tuple[list[StudentRecord], RuleSet]:
	"""Validated students and the rule set of a request; InputErrors lists every problem."""
	problems: list[Problem] = []
	if not isinstance(data, dict) or not isinstance(data.get("students"), list):
		raise InputErrors(
			[Problem(None, None, None, "students", 'input must be an object {"students": [...]}')]
		)
	rules = _rules_of(data, problems)
	students: list[StudentRecord] = []
	seen: set[str] = set()
	for position, raw in enumerate(data["students"], start=1):
		record = _read_student(raw, position, problems, rules.allow_extra_regular)
		if record is None:
			continue
		if record.id in seen:
			problems.append(Problem(record.id, None, None, "id", "duplicate student id"))
		seen.add(record.id)
		students.append(record)
	if problems:
		raise InputErrors(problems)
	return students, rules


def _rules_of(data: dict, problems: list[Problem]) -> RuleSet:
	rules = TT22
	if "school_year" in data or "grade" in data:
		try:
			rules = ruleset_for(data["school_year"], int(data["grade"]))
		except (KeyError, TypeError, ValueError) as error:
			field = "school_year" if "school_year" not in data else "grade"
			message = str(error) if not isinstance(error, KeyError) else "school_year and grade go together"
			problems.append(Problem(None, None, None, field, message))
	options = data.get("options") or {}
	if not isinstance(options, dict):
		problems.append(Problem(None, None, None, "options", "options must be an object"))
		return rules
	try:
		return rules.with_options(**options)
	except ValueError as error:
		problems.append(Problem(None, None, None, "options", str(error)))
		return rules


def _read_student(
	raw: object, position: int, problems: list[Problem], allow_extra_regular: bool
) -> StudentRecord | None:
	if not isinstance(raw, dict):
		problems.append(Problem(f"#{position}", None, None, None, "a student must be an object"))
		return None
	raw_id = raw.get("id")
	if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool) or str(raw_id).strip() == "":
		problems.append(Problem(f"#{position}", None, None, "id", "missing or empty student id"))
		return None
	reader = _Reader(problems, nfc(str(raw_id)), allow_extra_regular)
	for key in raw.keys() - _STUDENT_KEYS if not raw.keys() <= _STUDENT_KEYS else ():
		reader.problem(f"unknown field (expected {', '.join(sorted(_STUDENT_KEYS))})", field=key)

	absences = raw.get("absences")
	if not isinstance(absences, int) or isinstance(absences, bool) or absences < 0:
		reader.problem(f"absences must be a whole number of buổi ≥ 0, not {absences!r}", field="absences")
		absences = 0

	conduct: dict[str, int | None] = {"HK1": None, "HK2": None}
	raw_conduct = raw.get("conduct")
	if not isinstance(raw_conduct, dict):
		reader.problem('conduct must be an object {"HK1": level, "HK2": level}', field="conduct")
	else:
		for term in TERMS:
			if term not in raw_conduct:
				reader.problem("missing field (use null while not set)", term=term, field="conduct")
			else:
				conduct[term] = reader.level(raw_conduct[term], "conduct", term)

	subjects: list[SubjectRecord] = []
	raw_subjects = raw.get("subjects")
	if not isinstance(raw_subjects, list) or not raw_subjects:
		reader.problem("subjects must be a non-empty list", field="subjects")
	else:
		codes: set[str] = set()
		for raw_subject in raw_subjects:
			subject = _read_subject(raw_subject, reader)
			if subject is None:
				continue
			if subject.code in codes:
				reader.problem("duplicate subject", subject=subject.code, field="code")
			codes.add(subject.code)
			subjects.append(subject)

	summer = _read_summer(raw.get("summer"), reader, {s.code: s.mode for s in subjects})
	individual_plan = raw.get("individual_plan", False)
	if not isinstance(individual_plan, bool):
		reader.problem("individual_plan must be true or false", field="individual_plan")
		individual_plan = False
	return StudentRecord(reader.student or "", absences, conduct, subjects, summer, individual_plan)


def _read_subject(raw: object, reader: _Reader) -> SubjectRecord | None:
	if not isinstance(raw, dict) or not isinstance(raw.get("code"), str) or not raw["code"].strip():
		reader.problem("a subject must be an object with a code", field="code")
		return None
	code = nfc(raw["code"].strip())
	for key in raw.keys() - _SUBJECT_KEYS if not raw.keys() <= _SUBJECT_KEYS else ():
		reader.problem(
			f"unknown field (expected {', '.join(sorted(_SUBJECT_KEYS))})", subject=code, field=key
		)
	mode = raw.get("mode")
	if mode not in (SCORE, COMMENT):
		reader.problem(f'mode must be "score" or "comment", not {mode!r}', subject=code, field="mode")
		return None
	periods = raw.get("periods")
	if mode == SCORE and (not isinstance(periods, int) or isinstance(periods, bool) or periods <= 0):
		reader.problem(
			f"periods must be a positive whole number, not {periods!r}", subject=code, field="periods"
		)
		return None
	chuyen_de = raw.get("chuyen_de", False)
	if not isinstance(chuyen_de, bool):
		reader.problem("chuyen_de must be true or false", subject=code, field="chuyen_de")
		chuyen_de = False
	exemption = raw.get("practical_exemption")
	if exemption is not None:
		if code not in PRACTICAL_EXEMPTION_SUBJECTS:
			reader.problem(
				"only GDTC and GDQPAN have a practical part that can be exempted (Điều 10)",
				subject=code,
				field="practical_exemption",
			)
		elif exemption not in ("HK1", "HK2", "year"):
			reader.problem('must be "HK1", "HK2" or "year"', subject=code, field="practical_exemption")
	required = regular_count(periods or 0, mode, chuyen_de)
	terms = {}
	for term in TERMS:
		if term not in raw:
			reader.problem("missing field (use null while the term is not assessed)", subject=code, term=term)
			continue
		read = _read_score_term if mode == SCORE else _read_comment_term
		terms[term] = read(raw[term], reader, code, term, required)
	return SubjectRecord(
		code, mode, periods if mode == SCORE else None, terms, chuyen_de, exemption, required
	)


def _term_object(raw: object, reader: _Reader, code: str, term: str, carried_key: str) -> dict | None:
	if raw is None:
		return None
	if not isinstance(raw, dict):
		reader.problem("a term must be an object", subject=code, term=term)
		return None
	if raw.keys() == _RECORDED_TERM_KEYS:
		return raw
	allowed = {"tx", "gk", "ck"} if carried_key not in raw else {carried_key}
	for key in raw.keys() - allowed:
		if carried_key in raw:
			reader.problem(f"{carried_key!r} stands alone: drop {key!r}", subject=code, term=term, field=key)
		else:
			expected = f"tx, gk, ck (or {carried_key} alone)"
			reader.problem(f"unknown field (expected {expected})", subject=code, term=term, field=key)
	if carried_key not in raw:
		for key in ("tx", "gk", "ck"):
			if key not in raw:
				reader.problem(
					"missing field (use null while not recorded)", subject=code, term=term, field=key
				)
	return raw


def _regular_list(raw: dict, reader: _Reader, code: str, term: str, required: int) -> list | None:
	regular = raw.get("tx", [])
	if not isinstance(regular, list):
		reader.problem("tx must be a list", subject=code, term=term, field="tx")
		return None
	if len(regular) > required and not reader.allow_extra_regular:
		reader.problem(
			f"expected {required} regular assessments (ĐĐGtx), got {len(regular)}",
			subject=code,
			term=term,
			field="tx",
		)
		return None
	return regular


def _read_score_term(raw, reader: _Reader, code: str, term: str, required: int) -> ScoreTerm | None:
	data = _term_object(raw, reader, code, term, "avg")
	if data is None:
		return None
	if "avg" in data:
		return ScoreTerm(carried_average=reader.score(data["avg"], code, term, "avg"))
	regular = []
	for index, value in enumerate(_regular_list(data, reader, code, term, required) or (), start=1):
		# Whole-number scores are most of a score sheet: skip the call for them.
		if type(value) is int and 0 <= value <= 10:
			regular.append(value * 10)
		else:
			regular.append(reader.score(value, code, term, "tx", index))
	return ScoreTerm(
		regular=regular,
		midterm=reader.score(data.get("gk"), code, term, "gk"),
		end_term=reader.score(data.get("ck"), code, term, "ck"),
	)


def _read_comment_term(raw, reader: _Reader, code: str, term: str, required: int) -> CommentTerm | None:
	data = _term_object(raw, reader, code, term, "result")
	if data is None:
		return None
	if "result" in data:
		return CommentTerm(carried_result=reader.comment(data["result"], code, term, "result"))
	regular = _regular_list(data, reader, code, term, required) or []
	return CommentTerm(
		regular=[reader.comment(value, code, term, "tx", i) for i, value in enumerate(regular, start=1)],
		midterm=reader.comment(data.get("gk"), code, term, "gk"),
		end_term=reader.comment(data.get("ck"), code, term, "ck"),
	)


def _read_summer(raw: object, reader: _Reader, modes: dict[str, str]) -> SummerRecord | None:
	if raw is None:
		return None
	if not isinstance(raw, dict) or raw.keys() - {"conduct", "retest"}:
		reader.problem(
			'summer must be an object {"conduct"?: level, "retest"?: {code: result}}', field="summer"
		)
		return None
	summer = SummerRecord(conduct=reader.level(raw.get("conduct"), "summer.conduct"))
	retest = raw.get("retest") or {}
	if not isinstance(retest, dict):
		reader.problem("retest must be an object {code: result}", field="summer.retest")
		return summer
	for raw_code, value in retest.items():
		code = nfc(raw_code)
		if code not in modes:
			reader.problem(
				"retest for a subject the student does not study", subject=code, field="summer.retest"
			)
			continue
		if value is None:
			continue
		if modes[code] == SCORE:
			parsed = reader.score(value, code, None, "summer.retest")
		else:
			parsed = reader.comment(value, code, None, "summer.retest")
		if parsed is not None:
			summer.retest[code] = parsed
	return summer


def check_summer(student: StudentRecord, result: StudentResult) -> list[Problem]:
	"""Summer work given where the year-end decision called for none is an input error."""
	summer = student.summer
	if summer is None:
		return []
	if result.outcome is None:
		message = "summer work recorded before the year results are complete"
		return [Problem(student.id, None, None, "summer", message)]
	problems = []
	needs_conduct = result.outcome in ("summer_conduct", "summer_conduct_retest")
	if summer.conduct is not None and not needs_conduct:
		message = "conduct re-assessment for a student whose year conduct needed no summer remediation"
		problems.append(Problem(student.id, None, None, "summer.conduct", message))
	for code in summer.retest:
		if code not in result.retest_subjects:
			message = "retest for a subject that needed none"
			problems.append(Problem(student.id, code, None, "summer.retest", message))
		elif result.after_summer is not None and result.outcome == "summer_conduct_retest":
			if result.after_summer.conduct is None or result.after_summer.conduct < DAT:
				message = (
					"retest recorded, but the conduct re-assessment is still Chưa đạt: no re-sit allowed"
				)
				problems.append(Problem(student.id, code, None, "summer.retest", message))
	return problems


def result_to_json(result: StudentResult) -> dict:
	"""A result in the output contract: averages as numbers with one decimal, Đ/CĐ, level labels."""
	subjects = {}
	for subject in result.subjects:
		shown = {period: _value(subject.mode, subject.terms[period]) for period in (*TERMS, YEAR)}
		if subject.retest is not None:
			shown["retest"] = _value(subject.mode, subject.retest)
		if subject.note:
			shown["note"] = subject.note
		subjects[subject.code] = shown
	output: dict = {
		"id": result.id,
		"subjects": subjects,
		"learning": {period: level_label(level) for period, level in result.learning.items()},
		"conduct": {period: level_label(level) for period, level in result.conduct.items()},
		"award": result.award,
		"outcome": result.outcome,
	}
	if result.retest_subjects:
		output["retest_subjects"] = result.retest_subjects
	if result.after_summer is not None:
		output["after_summer"] = {
			"learning": level_label(result.after_summer.learning),
			"conduct": level_label(result.after_summer.conduct),
			"outcome": result.after_summer.outcome,
		}
	if result.incomplete:
		output["incomplete"] = result.incomplete
	if result.manual_decision:
		output["manual_decision"] = True
	return output


def _value(mode: str, value: int | bool | None):
	if value is None:
		return None
	if mode == COMMENT:
		return "Đ" if value else "CĐ"
	return tenths_to_number(value)  # type: ignore[arg-type]


def assess_request(data: object) -> dict:
	"""The whole contract: request in, ``{"students": [...]}`` out; InputErrors on any problem."""
	students, rules = parse_request(data)
	return {"students": assess_students_parsed(students, rules)}


def assess_students_parsed(students: list[StudentRecord], rules: RuleSet = TT22) -> list[dict]:
	results = []
	problems: list[Problem] = []
	for student in students:
		result = assess(student, rules)
		problems.extend(check_summer(student, result))
		results.append(result_to_json(result))
	if problems:
		raise InputErrors(problems)
	return results


def assess_students(students: list[dict], rules: RuleSet = TT22, **options: object) -> list[dict]:
	"""Students in the input contract to results in the output contract (the engine's dict API)."""
	parsed, _ = parse_request({"students": students})
	return assess_students_parsed(parsed, rules.with_options(**options) if options else rules)
