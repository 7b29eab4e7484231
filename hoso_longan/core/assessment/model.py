"""Plain, validated inputs and results of the engine (one student, one school year).

Scores are tenths (int), comment results are booleans (True = Đ), levels are ranks (see levels.py).
``None`` always means "not recorded yet": the engine never guesses a missing component.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TERMS = ("HK1", "HK2")
YEAR = "CN"


@dataclass(slots=True)
class ScoreTerm:
	"""One term of a score subject: ĐĐGtx, ĐĐGgk, ĐĐGck, or an average carried in (transfer)."""

	regular: list[int | None] = field(default_factory=list)
	midterm: int | None = None
	end_term: int | None = None
	carried_average: int | None = None


@dataclass(slots=True)
class CommentTerm:
	"""One term of a comment subject: regular, mid- and end-term Đ/CĐ, or a result carried in."""

	regular: list[bool | None] = field(default_factory=list)
	midterm: bool | None = None
	end_term: bool | None = None
	carried_result: bool | None = None


@dataclass(slots=True)
class SubjectRecord:
	code: str
	mode: str  # "score" or "comment"
	periods: int | None  # tiết per year (score subjects)
	terms: dict[str, ScoreTerm | CommentTerm | None]
	chuyen_de: bool = False  # THPT: the chuyên đề cluster adds one regular assessment (rules.md §4)
	practical_exemption: str | None = None  # Điều 10: "HK1", "HK2" or "year"
	required_regular: int = 0  # ĐĐGtx per term (0: derive from periods, mode and chuyên đề)


@dataclass(slots=True)
class SummerRecord:
	"""Summer work (Điều 13, 14): re-assessed conduct and re-assessment results by subject code."""

	conduct: int | None = None
	retest: dict[str, int | bool] = field(default_factory=dict)


@dataclass(slots=True)
class StudentRecord:
	id: str
	absences: int
	conduct: dict[str, int | None]  # KQRL per term, set by the GVCN
	subjects: list[SubjectRecord]
	summer: SummerRecord | None = None
	individual_plan: bool = False  # Điều 11: a student with disabilities assessed on an individual plan


@dataclass(slots=True)
class SubjectResult:
	code: str
	mode: str
	terms: dict[str, int | bool | None]  # HK1, HK2, CN
	retest: int | bool | None = None
	note: str | None = None


@dataclass(slots=True)
class AfterSummer:
	learning: int | None
	conduct: int | None
	outcome: str | None


@dataclass(slots=True)
class StudentResult:
	id: str
	subjects: list[SubjectResult]
	learning: dict[str, int | None]
	conduct: dict[str, int | None]
	award: str | None
	outcome: str | None
	retest_subjects: list[str] = field(default_factory=list)
	after_summer: AfterSummer | None = None
	incomplete: list[str] = field(default_factory=list)
	manual_decision: bool = False
