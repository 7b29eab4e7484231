"""A deterministic sample school for the demo: staff, classes, students with Vietnamese names and a year of
assessments, including the cases a real year always has (co-taught subjects, a student who transferred in
with term I averages carried from the previous school, summer re-assessment and conduct remediation).

Results are never computed here: the engine computes them from these inputs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hoso_longan.core.assessment import assess_students
from hoso_longan.core.assessment.catalogue import subjects_for_grade
from hoso_longan.core.records.models import Parent, School, StudentParticulars
from hoso_longan.core.sample.assessments import synthetic_student

# Family names roughly in their frequency in the south of Việt Nam; the first three of the issue come first.
FAMILY_NAMES = [
	*["Nguyễn"] * 12,
	*["Trần"] * 4,
	*["Lê"] * 3,
	*["Phạm"] * 2,
	*["Huỳnh"] * 2,
	*["Võ"] * 2,
	"Đặng",
	"Phan",
	"Trương",
	"Bùi",
	"Đỗ",
	"Hồ",
	"Ngô",
	"Dương",
	"Lý",
	"Đinh",
	"Lâm",
	"Mai",
	"Châu",
	"Tạ",
]
MIDDLE_FEMALE = ["Thị", "Thị", "Ngọc", "Thị Ánh", "Thị Mỹ", "Thảo", "Bảo", "Khánh", "Thanh", "Kim"]
MIDDLE_MALE = ["Văn", "Hữu", "Minh", "Quốc", "Đức", "Gia", "Thành", "Hoàng", "Tấn", "Nhật"]
GIVEN_FEMALE = [
	"Nguyệt", "Ẩn", "Ánh", "Hằng", "Thư", "Vy", "Ngân", "Quỳnh", "Hương", "Trâm", "Yến", "Như", "Nhi",
	"Hân", "Uyên", "Trinh", "Loan", "Diễm", "Phương", "Thảo", "Linh", "My", "Oanh", "Tiên", "Xuân",
]  # fmt: skip
GIVEN_MALE = [
	"Đức", "Ân", "Bảo", "Cường", "Dũng", "Khải", "Lộc", "Nhân", "Phúc", "Sơn", "Tuấn", "Vĩnh", "Khang",
	"Huy", "Khoa", "Nam", "Phát", "Quân", "Tài", "Thịnh", "Trí", "Vinh", "Hiếu", "Đạt", "Kiệt",
]  # fmt: skip
OCCUPATIONS = ["Làm ruộng", "Công nhân", "Buôn bán", "Giáo viên", "Công chức", "Tài xế", "Nội trợ", "Thợ may"]
COMMUNES = ["Phường Long An", "Phường Tân An", "Xã Bến Lức", "Xã Đức Hòa", "Xã Cần Giuộc", "Xã Thủ Thừa"]
ETHNICITIES = [*["Kinh"] * 40, "Hoa", "Khmer"]
CO_TAUGHT = {"KHTN": 3, "LSDL": 2, "HDTN": 2, "GDDP": 2}  # LA-6.7: several teachers, one finaliser
GVCN_COMMENTS = [
	"Chăm ngoan, lễ phép, tích cực tham gia các hoạt động của lớp.",
	"Có ý thức học tập tốt; cần mạnh dạn phát biểu hơn.",
	"Tiến bộ rõ ở học kì II; cần cố gắng hơn ở các môn khoa học tự nhiên.",
	"Hòa đồng với bạn bè, giữ gìn vệ sinh lớp học tốt.",
]

SCHOOL = School(
	name="Trường THCS Nguyễn Trung Trực",
	managing_unit="SỞ GIÁO DỤC VÀ ĐÀO TẠO TÂY NINH",
	commune="Phường Long An",
	province="Tây Ninh",
	code="80701",
)
PRINCIPAL = "Nguyễn Hữu Đức"


@dataclass
class SampleClass:
	name: str  # e.g. 6A1
	grade: int
	gvcn: str  # giáo viên chủ nhiệm
	students: list[StudentParticulars]
	assessments: list[dict]  # the input contract of the engine, one entry per student
	teachers: dict[str, list[str]]  # subject code → teachers, the finalising teacher first
	comments: dict[str, str] = field(default_factory=dict)  # nhận xét của GVCN by student id
	transferred_in: list[str] = field(default_factory=list)  # students who brought HK I results

	def results(self) -> list[dict]:
		return assess_students(self.assessments)


@dataclass
class SampleSchool:
	school: School
	principal: str
	school_year: int  # first calendar year: 2025 = năm học 2025-2026
	classes: list[SampleClass]

	@property
	def staff(self) -> list[str]:
		"""Everyone who signs: subject teachers, homeroom teachers and the principal."""
		names = {self.principal}
		for school_class in self.classes:
			names.add(school_class.gvcn)
			for teachers in school_class.teachers.values():
				names.update(teachers)
		return sorted(names)


def person_name(rng: random.Random, female: bool) -> str:
	family = rng.choice(FAMILY_NAMES)
	middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
	given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
	return f"{family} {middle} {given}"


def _unique_name(rng: random.Random, female: bool, taken: set[str]) -> str:
	while True:
		name = person_name(rng, female)
		if name not in taken:
			taken.add(name)
			return name


def _student(
	rng: random.Random, student_id: str, grade: int, year: int, taken: set[str]
) -> StudentParticulars:
	female = rng.random() < 0.49
	name = _unique_name(rng, female, taken)
	family = name.split(" ")[0]
	birth_year = year - grade - 5
	return StudentParticulars(
		student_id=student_id,
		full_name=name,
		gender="Nữ" if female else "Nam",
		birth_date=f"{birth_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
		birth_place=f"{rng.choice(COMMUNES)}, Tây Ninh",
		ethnicity=rng.choice(ETHNICITIES),
		address=f"Ấp {rng.randint(1, 9)}, {rng.choice(COMMUNES)}, Tây Ninh",
		# Children take their father's family name.
		father=Parent(f"{family} {person_name(rng, False).split(' ', 1)[1]}", rng.choice(OCCUPATIONS)),
		mother=Parent(person_name(rng, True), rng.choice(OCCUPATIONS)),
		register_number=f"{year}/{student_id[-4:]}",
	)


def _staff(rng: random.Random, grade: int, taken: set[str]) -> dict[str, list[str]]:
	teachers = {}
	for subject in subjects_for_grade(grade):
		count = CO_TAUGHT.get(subject.code, 1)
		teachers[subject.code] = [_unique_name(rng, rng.random() < 0.7, taken) for _ in range(count)]
	return teachers


def sample_school(
	classes: int = 1, students_per_class: int = 40, seed: int = 2025, year: int = 2025
) -> SampleSchool:
	"""``classes`` classes (6A1, 7A1, 8A1, 9A1, 6A2, …) with deterministic students and a year of scores.

	The first class always has a student who transferred in after term I, one who re-sits subjects in
	summer and one who does summer conduct remediation, with their summer results recorded.
	"""
	rng = random.Random(seed)
	staff_names: set[str] = {PRINCIPAL}
	student_names: set[str] = set()
	result = []
	for index in range(classes):
		grade = 6 + index % 4
		name = f"{grade}A{index // 4 + 1}"
		teachers = _staff(rng, grade, staff_names)
		gvcn = teachers["HDTN"][0]  # the homeroom teacher also teaches HĐTN-HN, as is usual
		students, assessments = [], []
		for number in range(1, students_per_class + 1):
			student_id = f"{SCHOOL.code}{year % 100:02d}{index + 1:02d}{number:02d}"
			students.append(_student(rng, student_id, grade, year, student_names))
			assessments.append(synthetic_student(rng, student_id, grade))
		school_class = SampleClass(name, grade, gvcn, students, assessments, teachers)
		school_class.comments = {s.student_id: rng.choice(GVCN_COMMENTS) for s in students}
		if index == 0:
			_add_year_events(school_class)
		result.append(school_class)
	return SampleSchool(SCHOOL, PRINCIPAL, year, result)


def _add_year_events(school_class: SampleClass) -> None:
	"""A transfer in with carried term I averages, a summer re-sit and a summer conduct case (as many of
	them as the class has students for, in that order)."""
	count = len(school_class.assessments)
	first = school_class.assessments[0]
	for subject in first["subjects"]:
		if subject["mode"] == "score":
			subject["HK1"] = {"avg": 7.4}
		else:
			subject["HK1"] = {"result": "Đ"}
	school_class.transferred_in.append(first["id"])
	school_class.students[0].notes = "Chuyển đến từ Trường THCS Long Hòa (Tây Ninh) sau học kì I."

	if count >= 2:
		retest = school_class.assessments[1]
		retest["conduct"] = {"HK1": "Khá", "HK2": "Khá"}
		for subject in retest["subjects"][:2]:  # Ngữ văn and Toán well below 5,0
			for term in ("HK1", "HK2"):
				subject[term] = {"tx": [3, 4] + [4] * (len(subject[term]["tx"]) - 2), "gk": 3.5, "ck": 3}
		retest["summer"] = {
			"retest": {retest["subjects"][0]["code"]: 6.0, retest["subjects"][1]["code"]: 5.5}
		}

	if count >= 3:
		conduct = school_class.assessments[2]
		conduct["conduct"] = {"HK1": "Chưa đạt", "HK2": "Chưa đạt"}
		conduct["summer"] = {"conduct": "Đạt"}

	# Any other student the random year left below the line gets a recorded summer result too.
	before_summer = assess_students([dict(entry, summer=None) for entry in school_class.assessments])
	for entry, outcome in zip(school_class.assessments, before_summer, strict=True):
		if entry.get("summer") or outcome["outcome"] in (None, "promoted", "retained"):
			continue
		modes = {subject["code"]: subject["mode"] for subject in entry["subjects"]}
		summer: dict = {}
		if outcome["outcome"] in ("summer_conduct", "summer_conduct_retest"):
			summer["conduct"] = "Đạt"
		if outcome.get("retest_subjects"):
			summer["retest"] = {
				code: "Đ" if modes[code] == "comment" else 5.0 for code in outcome["retest_subjects"]
			}
		entry["summer"] = summer
