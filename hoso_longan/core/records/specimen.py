"""Deterministic specimen records (a THCS class with its học bạ, a lesson plan, an education plan).

For the ``render`` examples, the tests and the benchmark: built through the same builders as real data, from
result dicts in the engine's JSON contract, so they exercise the whole path without the engine.
"""

from __future__ import annotations

import random
from typing import Any

from hoso_longan.core.assessment import assess_students
from hoso_longan.core.assessment.catalogue import subjects_for_grade
from hoso_longan.core.records.build import build_class_book, build_hoc_ba, hoc_ba_year_from_result
from hoso_longan.core.records.models import (
	AttendanceMonth,
	ClassBook,
	EducationPlan,
	HocBa,
	LessonActivity,
	LessonPlan,
	Parent,
	PlanSection,
	PlanTable,
	PrincipalRemark,
	StudentParticulars,
)
from hoso_longan.core.sample.school import SCHOOL as SAMPLE_SCHOOL

# Names with every tone and the letters ă â đ ê ô ơ ư (the three the issue names come first).
FAMILY = [
	"Đặng",
	"Nguyễn",
	"Huỳnh",
	"Trần",
	"Lê",
	"Phạm",
	"Võ",
	"Phan",
	"Trương",
	"Bùi",
	"Đỗ",
	"Hồ",
	"Ngô",
	"Dương",
	"Lý",
]
MIDDLE_F = ["Thị", "Thị Ánh", "Ngọc", "Thị Mỹ", "Hoàng", "Thảo", "Bảo"]
MIDDLE_M = ["Hữu", "Văn", "Minh", "Quốc", "Đức", "Gia", "Thành"]
GIVEN_F = ["Nguyệt", "Ẩn", "Ánh", "Hằng", "Thư", "Vy", "Ngân", "Quỳnh", "Hương", "Trâm", "Yến", "Ơn", "Ửng"]
GIVEN_M = ["Đức", "Ân", "Bảo", "Cường", "Dũng", "Khải", "Lộc", "Nhân", "Phúc", "Sơn", "Tuấn", "Vĩnh", "Ưng"]
FIXED = [("Đặng Thị Ánh Nguyệt", "Nữ"), ("Nguyễn Hữu Đức", "Nam"), ("Huỳnh Ngọc Ẩn", "Nữ")]

# The same school as the demo's sample school, so specimens and demo output share their header.
SCHOOL = SAMPLE_SCHOOL
TEACHERS = {
	"NV": ["Lê Thị Hồng"],
	"TOAN": ["Nguyễn Văn Toàn"],
	"NN1": ["Phạm Thị Lan Anh"],
	"GDCD": ["Trương Minh Đạo"],
	"LSDL": ["Võ Thị Sử", "Hồ Văn Địa"],
	"KHTN": ["Trần Văn Lý", "Phạm Thị Hóa", "Đỗ Văn Sinh"],
	"CN": ["Bùi Công Nghệ"],
	"TIN": ["Ngô Thị Tin"],
	"GDTC": ["Dương Văn Khỏe"],
	"NT": ["Lý Thị Mỹ Thuật"],
	"HDTN": ["Đặng Thị Ánh Nguyệt", "Ngô Văn Hướng"],
	"GDDP": ["Lâm Thị Địa Phương", "Mai Văn Phương"],
}
GVCN = "Đặng Thị Ánh Nguyệt"
PRINCIPAL = "Nguyễn Hữu Đức"


def _score(rng: random.Random, centre: float) -> float:
	return max(0.0, min(10.0, round(rng.gauss(centre, 1.2) * 2) / 2))


def specimen_students(count: int = 45, seed: int = 2025) -> list[StudentParticulars]:
	"""``count`` students with Vietnamese names (every tone), deterministic for a seed."""
	rng = random.Random(seed)
	students = []
	for index in range(count):
		if index < len(FIXED):
			name, gender = FIXED[index]
		else:
			gender = rng.choice(["Nam", "Nữ"])
			middle, given = (MIDDLE_F, GIVEN_F) if gender == "Nữ" else (MIDDLE_M, GIVEN_M)
			name = f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}"
		students.append(
			StudentParticulars(
				student_id=f"80701{index + 1:05d}",
				full_name=name,
				gender=gender,
				birth_date=f"2014-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
				birth_place=rng.choice(
					["Tân An, Long An", "Bến Lức, Long An", "Tây Ninh", "Thủ Thừa, Long An"]
				),
				address=f"Ấp {rng.choice(['Bình Thủy', 'Phước Lợi', 'Hòa Ngãi'])}, Phường Long An, Tây Ninh",
				father=Parent(
					f"{name.split()[0]} Văn {rng.choice(GIVEN_M)}", rng.choice(["Nông dân", "Công nhân"])
				),
				mother=Parent(
					f"Nguyễn Thị {rng.choice(GIVEN_F)}", rng.choice(["Nội trợ", "Giáo viên", "Buôn bán"])
				),
				register_number=f"{index + 101}/2025",
			)
		)
	return students


def specimen_assessment(
	students: list[StudentParticulars], grade: int = 6, seed: int = 7
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
	"""(engine input, engine output) for ``students``: marks per subject and term, and the results the
	TT22 engine computes from them (a student who falls short re-sits in summer and passes)."""
	rng = random.Random(seed)
	inputs = []
	for student in students:
		centre = rng.uniform(5.5, 9.2)
		marks = []
		for subject in subjects_for_grade(grade):
			entry: dict[str, Any] = {"code": subject.code, "mode": subject.mode, "periods": subject.periods}
			for term in ("HK1", "HK2"):
				if subject.mode == "comment":
					entry[term] = {
						"tx": ["Đ"] * subject.regular_count,
						"gk": "Đ",
						"ck": "Đ" if rng.random() > 0.03 else "CĐ",
					}
				else:
					tx = [_score(rng, centre) for _ in range(subject.regular_count)]
					entry[term] = {"tx": tx, "gk": _score(rng, centre), "ck": _score(rng, centre)}
			marks.append(entry)
		conduct = rng.choice(["Tốt", "Tốt", "Tốt", "Khá", "Đạt"])
		inputs.append(
			{
				"id": student.student_id,
				"absences": rng.choice([0, 0, 1, 2, 3, 5]),
				"conduct": {"HK1": conduct, "HK2": conduct},
				"subjects": marks,
			}
		)
	modes = {subject.code: subject.mode for subject in subjects_for_grade(grade)}
	for entry, result in zip(inputs, assess_students(inputs), strict=True):
		if result.get("retest_subjects"):
			entry["summer"] = {
				"retest": {
					code: "Đ" if modes[code] == "comment" else 5.5 for code in result["retest_subjects"]
				}
			}
	return inputs, assess_students(inputs)


def specimen_attendance(
	students: list[StudentParticulars], year: int = 2025, seed: int = 3
) -> list[AttendanceMonth]:
	"""Nine months (09 … 05) of absences, a few per month."""
	rng = random.Random(seed)
	months = [(year, m) for m in range(9, 13)] + [(year + 1, m) for m in range(1, 6)]
	result = []
	for y, m in months:
		absences: dict[str, dict[str, str]] = {}
		for _ in range(rng.randint(2, 6)):
			student = rng.choice(students)
			absences.setdefault(student.student_id, {})[str(rng.randint(1, 28))] = rng.choice(["P", "P", "K"])
		result.append(AttendanceMonth(year=y, month=m, absences=absences))
	return result


def specimen_class(count: int = 45, grade: int = 6, year: int = 2025) -> tuple[ClassBook, list[HocBa]]:
	"""A class book of ``count`` students and the học bạ of each, from the same results."""
	students = specimen_students(count)
	inputs, outputs = specimen_assessment(students, grade)
	class_name = f"{grade}A1"
	book = build_class_book(
		school=SCHOOL,
		school_year=year,
		grade=grade,
		class_name=class_name,
		gvcn=GVCN,
		principal=PRINCIPAL,
		students=students,
		assessment_input=inputs,
		results=outputs,
		teachers=TEACHERS,
		attendance=specimen_attendance(students, year),
		remarks=[
			PrincipalRemark("10/2025", "Sổ ghi đầy đủ, đúng quy định."),
			PrincipalRemark("01/2026", "Cập nhật kịp thời."),
		],
		place="Long An",
		signed_date=f"{year + 1}-05-30",
	)
	absences = {entry["id"]: entry["absences"] for entry in inputs}
	books = []
	for student, result in zip(students, outputs, strict=False):
		page = hoc_ba_year_from_result(
			result,
			grade=grade,
			school_year=year,
			class_name=class_name,
			school_name=SCHOOL.name,
			teachers=TEACHERS,
			gvcn=GVCN,
			principal=PRINCIPAL,
			absences=absences[student.student_id],
			gvcn_comment="Chăm ngoan, lễ phép; cần cố gắng hơn ở các môn khoa học tự nhiên.",
			place="Long An",
			signed_date=f"{year + 1}-05-30",
		)
		books.append(
			build_hoc_ba(
				student,
				SCHOOL,
				[page],
				principal=PRINCIPAL,
				issued_place="Long An",
				issued_date=f"{year}-09-05",
			)
		)
	return book, books


def specimen_lesson_plan() -> LessonPlan:
	"""A kế hoạch bài dạy (CV 5512 Phụ lục IV) of Toán 6."""
	return LessonPlan(
		record_id="KHBD-80701-2025-TOAN6-01",
		school=SCHOOL,
		department="Tổ Toán - Tin",
		teacher="Nguyễn Văn Toàn",
		school_year=2025,
		subject="Toán",
		class_name="6A1",
		title="Bài 1. Tập hợp",
		periods=2,
		knowledge=["Nhận biết được tập hợp và các phần tử của tập hợp.", "Sử dụng được kí hiệu ∈, ∉."],
		competences=["Năng lực tư duy và lập luận toán học.", "Năng lực giao tiếp toán học."],
		qualities=["Chăm chỉ, trung thực, trách nhiệm."],
		equipment=["Máy chiếu, phiếu học tập.", "Sách giáo khoa Toán 6, tập một."],
		activities=[
			LessonActivity(
				"Hoạt động 1: Mở đầu",
				"Gợi động cơ tìm hiểu tập hợp.",
				"Quan sát hình ảnh đồ vật trên bàn.",
				"Câu trả lời của học sinh.",
				"Giáo viên chiếu hình, học sinh thảo luận cặp đôi.",
			),
			LessonActivity(
				"Hoạt động 2: Hình thành kiến thức mới",
				"Hiểu khái niệm tập hợp, phần tử.",
				"Đọc mục 1, 2 SGK.",
				"Ví dụ về tập hợp.",
				"Hoạt động nhóm, đại diện trình bày.",
			),
			LessonActivity(
				"Hoạt động 3: Luyện tập",
				"Củng cố cách viết tập hợp.",
				"Bài tập 1, 2, 3.",
				"Lời giải các bài tập.",
				"Cá nhân làm bài, giáo viên chữa.",
			),
			LessonActivity(
				"Hoạt động 4: Vận dụng",
				"Vận dụng vào thực tế.",
				"Liệt kê tập hợp các tháng có 31 ngày.",
				"Kết quả trên phiếu.",
				"Học sinh làm ở nhà, nộp tiết sau.",
			),
		],
		head_of_department="Trần Thị Ngọc Ẩn",
		approval_comment="Đạt yêu cầu, đồng ý cho thực hiện.",
		place="Long An",
		signed_date="2025-09-03",
	)


def specimen_education_plan(kind: str = "to_day_hoc") -> EducationPlan:
	"""A kế hoạch dạy học của tổ chuyên môn (Phụ lục I) or of a teacher (Phụ lục III)."""
	lessons = PlanTable(
		rows=[
			["1", "Bài 1. Tập hợp", "2", "Nhận biết tập hợp, phần tử; sử dụng kí hiệu."],
			["2", "Bài 2. Cách ghi số tự nhiên", "2", "Đọc, viết số tự nhiên; số La Mã."],
			["3", "Bài 3. Thứ tự trong tập hợp các số tự nhiên", "1", "So sánh hai số tự nhiên."],
		]
	)
	if kind == "giao_vien":
		lessons = PlanTable(rows=[["1", "Bài 1. Tập hợp", "2", "Tuần 1", "Máy chiếu", "Lớp học"]])
	return EducationPlan(
		record_id=f"KHGD-80701-2025-{kind}",
		kind=kind,
		school=SCHOOL,
		department="Tổ Toán - Tin",
		school_year=2025,
		subject="Toán",
		grade="6",
		teacher="Nguyễn Văn Toàn" if kind == "giao_vien" else "",
		sections=[
			PlanSection(
				"I. Đặc điểm tình hình",
				"Số lớp: 8; số học sinh: 360. Tổ có 9 giáo viên, trình độ đại học: 9.",
			),
			PlanSection(
				"II. Kế hoạch dạy học", subsections=[PlanSection("1. Phân phối chương trình", table=lessons)]
			),
			PlanSection(
				"III. Các nội dung khác", "Sinh hoạt chuyên môn theo nghiên cứu bài học hai lần mỗi tháng."
			),
		],
		head_of_department="Trần Thị Ngọc Ẩn",
		principal=PRINCIPAL,
		place="Long An",
		signed_date="2025-09-10",
	)
