"""Typed, framework-free models of the official records.

- ``HocBa``: học bạ, one student × one cấp học (THCS 6-9, THPT 10-12), particulars, quá trình học tập and one
  ``HocBaYear`` page per school year (layouts.md §3).
- ``ClassBook``: sổ theo dõi và đánh giá học sinh (theo lớp học), one class × one school year (layouts.md §5).
- ``LessonPlan``: kế hoạch bài dạy (CV 5512 Phụ lục IV); ``EducationPlan``: kế hoạch dạy học / tổ chức hoạt
  động giáo dục của tổ chuyên môn and kế hoạch giáo dục của giáo viên (CV 5512 Phụ lục I, II, III).

Years are the first calendar year of the school year (2025 = năm học 2025-2026); dates are ISO strings
(yyyy-mm-dd) and printed dd/mm/yyyy; a result is a number with one decimal (ĐTBmhk, ĐTBmcn), "Đ"/"CĐ" for a
comment-assessed subject, or ``None`` when not (yet) recorded, which prints blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hoso_longan.core.records.serial import content_hash, from_data, to_data
from hoso_longan.core.records.vietnamese import normalise_text, vietnamese_sort_key

Score = float | int | str | None  # a score, an average, or "Đ"/"CĐ"

THCS = "THCS"
THPT = "THPT"


def school_year_label(year: int) -> str:
	"""'2025-2026' for 2025."""
	return f"{year}-{year + 1}"


@dataclass
class Parent:
	"""Cha, mẹ or người giám hộ."""

	name: str
	occupation: str = ""
	phone: str = ""
	email: str = ""


@dataclass
class StudentParticulars:
	"""Sơ yếu lý lịch học sinh (layouts.md §3.3, §5.3)."""

	student_id: str  # mã học sinh (CSDL ngành)
	full_name: str
	gender: str  # "Nam" / "Nữ"
	birth_date: str  # ISO date
	birth_place: str = ""
	ethnicity: str = "Kinh"
	priority: str = ""  # đối tượng ưu tiên / diện chính sách
	address: str = ""  # chỗ ở hiện tại / địa chỉ gia đình
	father: Parent | None = None
	mother: Parent | None = None
	guardian: Parent | None = None
	national_id: str = ""  # số định danh cá nhân
	register_number: str = ""  # số đăng bộ
	notes: str = ""  # những thay đổi cần chú ý trong năm học

	def __post_init__(self) -> None:
		self.full_name = normalise_text(self.full_name)


@dataclass
class School:
	"""The school as printed in headers: cơ quan chủ quản, tên trường, xã/phường, tỉnh."""

	name: str
	managing_unit: str = ""  # e.g. SỞ GIÁO DỤC VÀ ĐÀO TẠO TÂY NINH
	commune: str = ""
	province: str = ""
	code: str = ""  # mã trường (MOET)


@dataclass
class Terms:
	"""A level (Tốt/Khá/Đạt/Chưa đạt) per term and for the year: học kì I, học kì II, cả năm."""

	hk1: str | None = None
	hk2: str | None = None
	cn: str | None = None


@dataclass
class AfterSummer:
	"""Mức đánh giá sau rèn luyện trong kì nghỉ hè / kiểm tra, đánh giá lại (TT22 Điều 13, 14)."""

	learning: str | None = None
	conduct: str | None = None
	outcome: str | None = None  # promoted / retained


@dataclass
class SchoolHistoryEntry:
	"""A row of "Quá trình học tập": one school year at one school (a transfer adds a row)."""

	school_year: int
	class_name: str
	school_name: str
	place: str = ""  # xã/phường, tỉnh
	register_number: str = ""  # số đăng bộ
	date_entered: str = ""  # ngày nhập học / chuyển đến (ISO)


@dataclass
class SubjectRow:
	"""A subject row of a học bạ year page: term and year results, re-assessment, the subject teacher(s)."""

	code: str
	name: str
	mode: str  # score / comment
	hk1: Score = None
	hk2: Score = None
	cn: Score = None
	retest: Score = None  # điểm / mức đánh giá sau đánh giá lại
	teachers: list[str] = field(default_factory=list)  # GVBM, the finalising teacher first


@dataclass
class HocBaYear:
	"""One school year of a học bạ (a double page: subject results, then the year summary)."""

	school_year: int
	grade: int
	class_name: str
	school_name: str
	subjects: list[SubjectRow]
	learning: Terms  # kết quả học tập
	conduct: Terms  # kết quả rèn luyện
	outcome: str = "promoted"  # engine outcome: promoted, retained, summer_conduct, summer_retest, …
	absences: int | None = None  # tổng số buổi nghỉ học cả năm
	after_summer: AfterSummer | None = None
	retest_subjects: list[str] = field(default_factory=list)
	award: str | None = None  # Học sinh Xuất sắc / Học sinh Giỏi
	other_awards: list[str] = field(default_factory=list)  # khen thưởng đột xuất, giải trong các kì thi
	gvcn: str = ""
	gvcn_comment: str = ""
	principal: str = ""
	place: str = ""  # địa danh của dòng "…, ngày … tháng … năm …"
	signed_date: str | None = None
	electives: list[str] = field(default_factory=list)  # THPT: môn học lựa chọn (codes)
	chuyen_de: list[str] = field(default_factory=list)  # THPT: cụm chuyên đề học tập (names)
	corrections: int = 0  # số chỗ sửa chữa in the subject table
	correction_subjects: list[str] = field(default_factory=list)


@dataclass
class HocBa:
	"""Học bạ of one student for one cấp học."""

	record_id: str
	level: str  # THCS / THPT
	school: School
	student: StudentParticulars
	years: list[HocBaYear]
	history: list[SchoolHistoryEntry] = field(default_factory=list)
	principal: str = ""  # hiệu trưởng who certified the particulars page
	issued_place: str = ""
	issued_date: str | None = None
	record_type: str = "hoc_ba"


@dataclass
class TermScores:
	"""One student's marks in one subject and term: ĐĐGtx…, ĐĐGgk, ĐĐGck, and ĐTBmhk (or Đ/CĐ)."""

	tx: list[Score] = field(default_factory=list)
	gk: Score = None
	ck: Score = None
	result: Score = None


@dataclass
class ClassBookSubject:
	"""The marks of one subject for the whole class, both terms, as printed on the result pages."""

	code: str
	name: str
	mode: str
	regular_count: int  # columns of ĐĐGtx per term
	teachers: list[str] = field(default_factory=list)
	hk1: dict[str, TermScores] = field(default_factory=dict)  # by student_id
	hk2: dict[str, TermScores] = field(default_factory=dict)
	cn: dict[str, Score] = field(default_factory=dict)
	retest: dict[str, Score] = field(default_factory=dict)
	remarks: dict[str, str] = field(default_factory=dict)  # Ghi chú


@dataclass
class StudentYearResult:
	"""A student's summary line: KQHT, KQRL, absences, decision, award (summary pages of the sổ)."""

	student_id: str
	learning: Terms
	conduct: Terms
	outcome: str = "promoted"
	absences: int | None = None
	after_summer: AfterSummer | None = None
	retest_subjects: list[str] = field(default_factory=list)
	award: str | None = None


@dataclass
class AttendanceMonth:
	"""Theo dõi chuyên cần for one month: day → "P" (có phép) or "K" (không phép), by student_id."""

	year: int
	month: int
	absences: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class PrincipalRemark:
	"""Nhận xét của Hiệu trưởng về sử dụng sổ, one month."""

	month: str  # "09/2025"
	text: str


@dataclass
class ClassBook:
	"""Sổ theo dõi và đánh giá học sinh (theo lớp học) of one class for one school year."""

	record_id: str
	level: str
	grade: int
	class_name: str
	school_year: int
	school: School
	gvcn: str
	principal: str
	students: list[StudentParticulars]  # in class-list order (Vietnamese collation)
	subjects: list[ClassBookSubject]
	results: list[StudentYearResult]
	attendance: list[AttendanceMonth] = field(default_factory=list)
	remarks: list[PrincipalRemark] = field(default_factory=list)
	place: str = ""
	signed_date: str | None = None
	record_type: str = "class_book"


@dataclass
class LessonActivity:
	"""One hoạt động of tiến trình dạy học: a) mục tiêu, b) nội dung, c) sản phẩm, d) tổ chức thực hiện."""

	title: str
	goal: str = ""
	content: str = ""
	product: str = ""
	organisation: str = ""


@dataclass
class LessonPlan:
	"""Kế hoạch bài dạy (CV 5512/BGDĐT-GDTrH Phụ lục IV) with the TTCM approval (LA-8.2)."""

	record_id: str
	school: School
	department: str  # tổ chuyên môn
	teacher: str
	school_year: int
	subject: str  # môn học / hoạt động giáo dục
	class_name: str
	title: str  # tên bài dạy
	periods: int  # thời gian thực hiện (số tiết)
	knowledge: list[str] = field(default_factory=list)  # mục tiêu: kiến thức
	competences: list[str] = field(default_factory=list)  # năng lực
	qualities: list[str] = field(default_factory=list)  # phẩm chất
	equipment: list[str] = field(default_factory=list)  # thiết bị dạy học và học liệu
	activities: list[LessonActivity] = field(default_factory=list)
	head_of_department: str = ""  # tổ trưởng chuyên môn
	approval_comment: str = ""
	place: str = ""
	signed_date: str | None = None
	record_type: str = "lesson_plan"


@dataclass
class PlanTable:
	"""A table of a plan: the columns are set by the form version, rows are text cells."""

	rows: list[list[str]] = field(default_factory=list)
	columns: list[str] = field(default_factory=list)  # empty: the form's default columns for the section


@dataclass
class PlanSection:
	"""A numbered section of an education plan: heading, free text, an optional table."""

	heading: str
	text: str = ""
	table: PlanTable | None = None
	subsections: list[PlanSection] = field(default_factory=list)


@dataclass
class EducationPlan:
	"""Kế hoạch giáo dục: of a tổ chuyên môn (Phụ lục I dạy học, II hoạt động giáo dục) or a teacher (III)."""

	record_id: str
	kind: str  # to_day_hoc (Phụ lục I), to_hoat_dong (Phụ lục II), giao_vien (Phụ lục III)
	school: School
	department: str
	school_year: int
	subject: str = ""
	grade: str = ""  # khối lớp, e.g. "6" or "6, 7"
	teacher: str = ""  # author, Phụ lục III
	sections: list[PlanSection] = field(default_factory=list)
	head_of_department: str = ""
	principal: str = ""
	place: str = ""
	signed_date: str | None = None
	record_type: str = "education_plan"


Record = HocBa | ClassBook | LessonPlan | EducationPlan
RECORD_TYPES: dict[str, type] = {
	"hoc_ba": HocBa,
	"class_book": ClassBook,
	"lesson_plan": LessonPlan,
	"education_plan": EducationPlan,
}


def record_to_data(record: Record) -> dict[str, Any]:
	"""The plain JSON structure of a record (what ``record_from_data`` reads and the PDF embeds)."""
	return to_data(record)


def record_from_data(data: dict[str, Any]) -> Record:
	"""A record from its JSON structure; ``record_type`` says which model."""
	kind = data.get("record_type") if isinstance(data, dict) else None
	if kind not in RECORD_TYPES:
		raise ValueError(f"unknown record_type {kind!r}; expected one of {', '.join(RECORD_TYPES)}")
	return from_data(RECORD_TYPES[kind], data)


def record_hash(record: Record) -> str:
	"""SHA-256 of the canonical JSON of the record: what the QR code, the PDF and the signatures bind to."""
	return content_hash(record_to_data(record))


def sort_class_list(students: list[StudentParticulars]) -> list[StudentParticulars]:
	"""Students in class-list order: tên, tên đệm, họ in Vietnamese collation, then mã học sinh."""
	return sorted(students, key=lambda student: (vietnamese_sort_key(student.full_name), student.student_id))
