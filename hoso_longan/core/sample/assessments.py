"""Deterministic synthetic assessments in the input contract of ``hoso-longan assess``.

Scores follow a plausible spread: each student has an ability, each subject adds its own noise, regular
scores are written to the half point as teachers do, and most comment results are Đạt. The same seed
always gives the same students, so examples, tests and benchmarks are reproducible.
"""

from __future__ import annotations

import random

from hoso_longan.core.assessment.catalogue import COMMENT, regular_count, subjects_for_grade

CONDUCT_LEVELS = ("Tốt", "Khá", "Đạt", "Chưa đạt")


def _score(rng: random.Random, centre: float, spread: float, step: float) -> float | int:
	value = min(10.0, max(0.0, rng.gauss(centre, spread)))
	value = round(value / step) * step
	return int(value) if value == int(value) else round(value, 1)


def _comment(rng: random.Random, pass_rate: float) -> str:
	return "Đ" if rng.random() < pass_rate else "CĐ"


def synthetic_student(
	rng: random.Random, student_id: str, grade: int = 6, optional: bool = False, ability_mean: float = 7.1
) -> dict:
	"""One student; ``ability_mean`` shifts the whole class or school (schools differ, as a province's do)."""
	ability = min(9.6, max(2.5, rng.gauss(ability_mean, 1.1)))
	subjects = []
	for subject in subjects_for_grade(grade, include_optional=optional):
		if subject.group == "optional" and subject.code != "NN2":
			continue
		if grade >= 10 and subject.group == "elective" and subject.code not in ("LY", "HOA", "SINH", "TIN"):
			continue  # one common THPT combination of four electives
		chuyen_de = grade >= 10 and subject.code in ("TOAN", "NV", "LY")
		required = regular_count(subject.periods, subject.mode, chuyen_de)
		entry: dict = {"code": subject.code, "mode": subject.mode}
		if subject.mode == COMMENT:
			pass_rate = 0.998 if ability >= 5 else 0.97
			for term in ("HK1", "HK2"):
				entry[term] = {
					"tx": [_comment(rng, pass_rate) for _ in range(required)],
					"gk": _comment(rng, pass_rate),
					"ck": _comment(rng, pass_rate),
				}
		else:
			entry["periods"] = subject.periods
			if chuyen_de:
				entry["chuyen_de"] = True
			centre = ability + rng.gauss(0, 0.8)
			for term in ("HK1", "HK2"):
				entry[term] = {
					"tx": [_score(rng, centre + 0.4, 1.2, 0.5) for _ in range(required)],
					"gk": _score(rng, centre, 1.0, 0.25 if rng.random() < 0.3 else 0.5),
					"ck": _score(rng, centre, 1.0, 0.25 if rng.random() < 0.3 else 0.5),
				}
				# A quarter-point test score written to one decimal, as TT22 requires (7,25 → 7,3).
				for key in ("gk", "ck"):
					entry[term][key] = round(entry[term][key] + 1e-9, 1)
		subjects.append(entry)
	conduct_weights = (0.62, 0.28, 0.08, 0.02) if ability >= 5 else (0.3, 0.4, 0.22, 0.08)
	conduct = {term: rng.choices(CONDUCT_LEVELS, conduct_weights)[0] for term in ("HK1", "HK2")}
	absences = min(60, int(rng.expovariate(1 / 4)))
	return {"id": student_id, "absences": absences, "conduct": conduct, "subjects": subjects}


def synthetic_students(count: int, seed: int = 2025, grade: int = 6, optional: bool = False) -> list[dict]:
	"""``count`` students of ``grade``; ``optional`` adds Ngoại ngữ 2 (13 subjects in THCS)."""
	rng = random.Random(seed)
	return [synthetic_student(rng, f"HS{index:06d}", grade, optional) for index in range(1, count + 1)]
