"""Factories for students in the input contract of ``hoso-longan assess``."""

from __future__ import annotations

THCS_SCORE_SUBJECTS = [
	("NV", 140),
	("TOAN", 140),
	("NN1", 105),
	("GDCD", 35),
	("LSDL", 105),
	("KHTN", 140),
	("CN", 35),
	("TIN", 35),
]
THCS_COMMENT_SUBJECTS = ["GDTC", "NT", "HDTN", "GDDP"]


def score_subject(code: str, hk1, hk2=None, periods: int = 105) -> dict:
	"""A score subject whose term averages are carried in; hk2 defaults to hk1, so CN = hk1."""
	return {
		"code": code,
		"mode": "score",
		"periods": periods,
		"HK1": {"avg": hk1},
		"HK2": {"avg": hk1 if hk2 is None else hk2},
	}


def comment_subject(code: str, hk1: str = "Đ", hk2: str | None = None) -> dict:
	return {
		"code": code,
		"mode": "comment",
		"HK1": {"result": hk1},
		"HK2": {"result": hk1 if hk2 is None else hk2},
	}


def thcs_student(
	year_averages: list[float],
	comments: list[str] | None = None,
	conduct: tuple[str, str] = ("Tốt", "Tốt"),
	absences: int = 0,
	student_id: str = "HS001",
	**extra,
) -> dict:
	"""A grade-6 student whose score subjects have the given ĐTBmcn (in catalogue order)."""
	comments = comments if comments is not None else ["Đ"] * len(THCS_COMMENT_SUBJECTS)
	subjects = [
		score_subject(code, value, periods=periods)
		for (code, periods), value in zip(THCS_SCORE_SUBJECTS, year_averages, strict=True)
	]
	subjects += [
		comment_subject(code, result) for code, result in zip(THCS_COMMENT_SUBJECTS, comments, strict=True)
	]
	return {
		"id": student_id,
		"absences": absences,
		"conduct": {"HK1": conduct[0], "HK2": conduct[1]},
		"subjects": subjects,
		**extra,
	}


def full_score_subject(code: str, periods: int, hk1: dict, hk2: dict) -> dict:
	return {"code": code, "mode": "score", "periods": periods, "HK1": hk1, "HK2": hk2}
