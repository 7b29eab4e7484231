"""A deterministic synthetic province (Sở → offices → schools) for the reports, dashboards and browser tests.

Everything a school year leaves in the records is generated here as plain data: units, staff with their
role profiles, departments (tổ chuyên môn), classes, students with their particulars and a guardian,
teaching assignments, every score of both terms, conduct, absences, summer results, lesson and education
plans, and where each class stands in the sign-off chain. Results are never computed here: the Frappe
adapter (``hoso_longan.services.sample_data``) stores the inputs and runs the year-end computation, so
every figure a report shows comes from the engine.

Each school is generated from its own seed (``seed`` and its number), so a school is the same whether the
province has 1 or 200 schools, and schools can be generated one at a time, in any order, in any process.

E-mail addresses (deterministic; the domain is reserved for sample data, so removal can find them):
``so.chuyenvien@mau.hoso.test`` (Sở), ``p01.chuyenvien@…`` (office 1), ``t001.hieutruong@…`` (principal
of school 1), ``t001.phohieutruong@…``, ``t001.quantri@…`` (records administrator), ``t001.vanthu@…``
(office staff), ``t001.gv001@…`` … (teachers, in the order they are assigned), ``t001.hs0001@…`` (the few
students with a portal account).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from hoso_longan.core.assessment.catalogue import COMMENT, Subject, level_of_grade, subjects_for_grade
from hoso_longan.core.sample.assessments import synthetic_student
from hoso_longan.core.sample.school import (
	COMMUNES,
	FAMILY_NAMES,
	GIVEN_FEMALE,
	GIVEN_MALE,
	MIDDLE_FEMALE,
	MIDDLE_MALE,
	OCCUPATIONS,
)
from hoso_longan.core.signing.fields import signature_field

SAMPLE_DOMAIN = "mau.hoso.test"
PREFIX = "MAU"
PROVINCE_CODE = f"{PREFIX}-SO"
DEFAULT_YEAR = 2025  # năm học 2025-2026
TERMS = ("HK1", "HK2")

# Role Profiles of the app (hoso_longan.setup.roles.ROLE_PROFILES), by their names.
PRINCIPAL = "School Principal"
VICE_PRINCIPAL = "School Vice Principal"
RECORDS_ADMIN = "School Records Administrator"
OFFICE_STAFF = "School Office Staff"
SUBJECT_TEACHER = "School Subject Teacher"
HOMEROOM_TEACHER = "School Homeroom Teacher"
HEAD_OF_DEPARTMENT = "School Head of Department"
PROVINCE_STAFF = "Province Department Staff"
OFFICE_LEVEL_STAFF = "Local Education Office Staff"

# Where a class stands at the end of the year, in the order the year goes.
ENTERING = "entering"  # term II scores and conduct still being entered
JOURNEY = "journey"  # school 1, class 6A1: one sheet and term II conduct left (the browser journey)
READY = "ready"  # everything finalised, year results not computed yet
COMPUTED = "computed"  # year results computed; class book and học bạ pages wait for the subject teachers
TEACHERS_SIGNING = "teachers_signing"  # some subject teachers have signed
TEACHERS_SIGNED = "teachers_signed"  # every subject teacher signed: waiting for the homeroom teacher
HOMEROOM_SIGNED = "homeroom_signed"  # waiting for the principal
APPROVED = "approved"  # signed by the principal
LOCKED = "locked"  # approved and locked by a Record Lock of the class
STAGES = (
	ENTERING,
	JOURNEY,
	READY,
	COMPUTED,
	TEACHERS_SIGNING,
	TEACHERS_SIGNED,
	HOMEROOM_SIGNED,
	APPROVED,
	LOCKED,
)
COMPUTED_STAGES = frozenset(STAGES[STAGES.index(COMPUTED) :])
# The class book leads, the học bạ pages follow one step behind (schools sign the book first).
PAGE_STAGE = {
	COMPUTED: COMPUTED,
	TEACHERS_SIGNING: COMPUTED,
	TEACHERS_SIGNED: TEACHERS_SIGNING,
	HOMEROOM_SIGNED: TEACHERS_SIGNED,
	APPROVED: HOMEROOM_SIGNED,
	LOCKED: APPROVED,
}
# School 1 shows every stage; its first class is the browser journey.
SCHOOL_ONE_STAGES = (
	JOURNEY,
	ENTERING,
	READY,
	COMPUTED,
	TEACHERS_SIGNING,
	TEACHERS_SIGNED,
	HOMEROOM_SIGNED,
	APPROVED,
	LOCKED,
	APPROVED,
	HOMEROOM_SIGNED,
	TEACHERS_SIGNING,
	COMPUTED,
	READY,
	ENTERING,
	APPROVED,
)

# Several teachers, one finaliser (LA-6.7); counts as in the sample school.
CO_TEACHERS = {"KHTN": 3, "LSDL": 2, "HDTN": 2, "GDDP": 2}
TEACHER_PERIODS = 18 * 35  # a teacher's teaching load in periods a year (18 a week)
MAX_CLASSES_PER_TEACHER = 10

DEPARTMENTS = {
	"THCS": (
		("Tổ Toán – Tin học", ("TOAN", "TIN")),
		("Tổ Ngữ văn", ("NV", "GDDP")),
		("Tổ Ngoại ngữ", ("NN1",)),
		("Tổ Khoa học tự nhiên", ("KHTN", "CN")),
		("Tổ Khoa học xã hội", ("LSDL", "GDCD", "HDTN")),
		("Tổ Thể dục – Nghệ thuật", ("GDTC", "NT")),
	),
	"THPT": (
		("Tổ Toán – Tin học", ("TOAN", "TIN")),
		("Tổ Ngữ văn", ("NV", "GDDP")),
		("Tổ Ngoại ngữ", ("NN1",)),
		("Tổ Khoa học tự nhiên", ("LY", "HOA", "SINH", "CNCN", "CNNN")),
		("Tổ Khoa học xã hội", ("LS", "DIA", "GDKTPL", "HDTN")),
		("Tổ Thể dục – Quốc phòng", ("GDTC", "GDQPAN")),
	),
}

DISTRICTS = (
	"Tân An", "Bến Lức", "Đức Hòa", "Cần Giuộc", "Cần Đước", "Thủ Thừa", "Châu Thành", "Tân Trụ", "Đức Huệ",
	"Thạnh Hóa", "Tân Thạnh", "Mộc Hóa", "Kiến Tường", "Vĩnh Hưng", "Tân Hưng", "Tây Ninh", "Hòa Thành",
	"Gò Dầu", "Trảng Bàng", "Dương Minh Châu", "Tân Biên", "Tân Châu", "Bến Cầu",
)  # fmt: skip
SCHOOL_NAMES = (
	"Nguyễn Trung Trực", "Lê Quý Đôn", "Nguyễn Du", "Trần Phú", "Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo",
	"Quang Trung", "Nguyễn Huệ", "Lý Tự Trọng", "Võ Thị Sáu", "Nguyễn Thị Minh Khai", "Nguyễn Đình Chiểu",
	"Phan Bội Châu", "Phan Châu Trinh", "Hùng Vương", "Chu Văn An", "Lương Thế Vinh", "Nguyễn Văn Trỗi",
	"Võ Văn Tần", "Huỳnh Thúc Kháng", "Trương Định", "Thủ Khoa Huân", "Nguyễn Thông", "Lê Văn Tám",
	"Nguyễn Hữu Thọ", "Trần Văn Ơn", "Lê Hồng Phong", "Đinh Tiên Hoàng", "Lý Thường Kiệt", "Ngô Quyền",
	"Nguyễn Khuyến", "Tô Hiến Thành", "Hai Bà Trưng", "Bùi Thị Xuân", "Nguyễn Bỉnh Khiêm", "Trần Quốc Toản",
	"Nguyễn Văn Tiếp", "Huỳnh Văn Đảnh", "Châu Văn Liêm",
)  # fmt: skip
REASONS = (
	"Nhập nhầm điểm kiểm tra cuối kì",
	"Phúc khảo bài kiểm tra cuối kì theo đơn của phụ huynh",
	"Bổ sung điểm đánh giá thường xuyên bị sót",
	"Chấm lại bài kiểm tra giữa kì theo kết luận của tổ chuyên môn",
	"Nhập nhầm dòng của hai học sinh",
)
LESSON_TOPICS = (
	"Ôn tập chương", "Luyện tập", "Bài thực hành", "Kiểm tra giữa kì", "Chủ đề tích hợp", "Bài mở đầu",
)  # fmt: skip
ETHNICITIES = (*["Kinh"] * 46, "Khmer", "Khmer", "Hoa", "Chăm")


@dataclass(frozen=True)
class Unit:
	"""A node of the unit tree (Education Unit); ``code`` is its name on the site."""

	code: str
	name: str
	unit_type: str  # Province Department, Intermediate Office, School
	parent: str | None
	school_level: str | None = None  # THCS or THPT for schools
	level_label: str = ""


@dataclass(frozen=True)
class Person:
	"""A staff account: name parts in Vietnamese order (họ, tên đệm, tên) and its Role Profile."""

	email: str
	family: str
	middle: str
	given: str
	female: bool
	profile: str
	unit: str

	@property
	def full_name(self) -> str:
		return " ".join(part for part in (self.family, self.middle, self.given) if part)


@dataclass(frozen=True)
class Guardian:
	id: str
	family: str
	middle: str
	given: str
	relation: str  # Mother, Father
	occupation: str
	phone: str

	@property
	def full_name(self) -> str:
		return " ".join(part for part in (self.family, self.middle, self.given) if part)


@dataclass
class Student:
	"""A student's particulars; ``None`` marks a particular the school has not recorded (completeness)."""

	id: str
	moet_id: str | None
	family: str
	middle: str
	given: str
	female: bool
	birth_date: str | None
	birth_place: str | None
	ethnicity: str | None
	address: str
	guardian: Guardian | None
	portal_email: str | None = None

	@property
	def full_name(self) -> str:
		return " ".join(part for part in (self.family, self.middle, self.given) if part)


@dataclass(frozen=True)
class Change:
	"""One cell changed after the sheet was first finalised: the finalised value and the corrected one."""

	student: str
	field: str  # tx1…tx5, gk, ck
	old: str
	new: str


@dataclass
class Amendment:
	"""A finalised sheet reopened by the principal and finalised again with a reason (Điều 3 k.2)."""

	subject: str
	term: str
	reason: str
	changes: list[Change]


@dataclass
class ClassPlan:
	name: str  # Student Group name, unique on the site
	label: str  # 6A1
	grade: int
	subjects: list[Subject]
	students: list[Student]
	assessments: list[dict]  # the engine's input, one per student (final values)
	teachers: dict[str, list[str]]  # subject code → e-mails, finaliser first
	homeroom: str
	stage: str
	sheet_states: dict[tuple[str, str], str]  # (code, term) → finalised / draft / missing
	blanks: set[tuple[str, str, str, str]] = field(default_factory=set)  # (student, code, term, field)
	conduct_states: dict[str, str] = field(default_factory=dict)  # term → finalised / draft / missing
	amendments: list[Amendment] = field(default_factory=list)
	signed_teachers: set[str] = field(default_factory=set)  # teachers who signed (TEACHERS_SIGNING)
	absence_days: dict[str, list[str]] = field(default_factory=dict)  # student → ISO dates absent

	@property
	def computed(self) -> bool:
		return self.stage in COMPUTED_STAGES

	@property
	def wants_summer(self) -> bool:
		"""Summer re-tests and conduct work are recorded once the class book is with the principal."""
		return self.stage in (HOMEROOM_SIGNED, APPROVED, LOCKED)

	@property
	def page_stage(self) -> str | None:
		return PAGE_STAGE.get(self.stage)


@dataclass(frozen=True)
class Department:
	name: str
	head: str
	members: tuple[str, ...]
	subjects: tuple[str, ...]


@dataclass(frozen=True)
class PlanDoc:
	"""A lesson plan or an education plan and its place in the approval workflow."""

	kind: str  # lesson, school, department, teacher
	title: str
	author: str
	department: str | None
	state: str  # workflow state
	subject: str | None = None
	grade: int | None = None
	return_comment: str = ""


@dataclass
class SchoolPlan:
	index: int
	unit: Unit
	principal: Person
	vice_principal: Person
	records_admin: Person
	office_staff: Person
	teachers: list[Person]
	departments: list[Department]
	classes: list[ClassPlan]
	plans: list[PlanDoc]
	school_lock: bool

	@property
	def staff(self) -> list[Person]:
		return [self.principal, self.vice_principal, self.records_admin, self.office_staff, *self.teachers]

	@property
	def students(self) -> int:
		return sum(len(school_class.students) for school_class in self.classes)


@dataclass(frozen=True)
class Deadline:
	"""Hạn hoàn thành: set by the Sở for every school, or by a school for itself."""

	unit: str
	document_type: str
	term: str | None
	due_date: str


@dataclass(frozen=True)
class Window:
	"""An inspection window relative to the moment of loading (days from now)."""

	unit: str
	start_days: float
	end_days: float
	purpose: str


@dataclass
class ProvincePlan:
	seed: int
	year: int
	schools: int
	province: Unit
	offices: list[Unit]
	school_units: list[Unit]
	province_staff: Person
	office_staff: list[Person]
	deadlines: list[Deadline]
	windows: list[Window]

	@property
	def units(self) -> list[Unit]:
		return [self.province, *self.offices, *self.school_units]

	@property
	def academic_year(self) -> str:
		return f"{self.year}-{self.year + 1}"

	def school(self, index: int) -> SchoolPlan:
		return school_plan(self, index)

	def iter_schools(self) -> Iterator[SchoolPlan]:
		for index in range(1, self.schools + 1):
			yield self.school(index)


# --- names ---------------------------------------------------------------------------------------------------


def _name_parts(rng: random.Random, female: bool) -> tuple[str, str, str]:
	family = rng.choice(FAMILY_NAMES)
	middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
	given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
	return family, middle, given


def _unique_parts(rng: random.Random, female: bool, taken: set[tuple[str, str, str]]) -> tuple[str, str, str]:
	for _attempt in range(50):
		parts = _name_parts(rng, female)
		if parts not in taken:
			taken.add(parts)
			return parts
	return parts  # a very large school may repeat a name, as real ones do


def _person(rng, email, profile, unit, taken, female=None) -> Person:
	female = rng.random() < 0.65 if female is None else female
	family, middle, given = _unique_parts(rng, female, taken)
	return Person(email, family, middle, given, female, profile, unit)


def email(local: str) -> str:
	return f"{local}@{SAMPLE_DOMAIN}"


def school_code(index: int) -> str:
	return f"{PREFIX}-T{index:03d}"


def office_code(index: int) -> str:
	return f"{PREFIX}-P{index:02d}"


# --- the province --------------------------------------------------------------------------------------------


def default_offices(schools: int) -> int:
	"""One office per ten schools, and at least two once there are two schools (so scoping shows)."""
	return max(min(2, schools), math.ceil(schools / 10))


def province_plan(
	schools: int = 1, seed: int = 2025, year: int = DEFAULT_YEAR, offices: int | None = None
) -> ProvincePlan:
	"""The units, the unit staff, deadlines and inspection windows of a province of ``schools`` schools."""
	if schools < 1:
		raise ValueError("a sample province has at least one school")
	offices = default_offices(schools) if offices is None else offices
	rng = random.Random(f"{seed}:province")
	taken: set = set()
	province = Unit(
		PROVINCE_CODE, "Sở Giáo dục và Đào tạo Tây Ninh (mẫu)", "Province Department", None, None, "Sở"
	)
	office_units = [
		Unit(
			office_code(i),
			f"Phòng Giáo dục và Đào tạo {_district(i)} (mẫu)",
			"Intermediate Office",
			province.code,
			None,
			"Phòng",
		)
		for i in range(1, offices + 1)
	]
	names_used: set[str] = set()
	school_units = []
	for index in range(1, schools + 1):
		parent = office_units[(index - 1) % offices].code if offices else province.code
		level = school_level(index)
		district = _district(((index - 1) % offices) + 1) if offices else "Tân An"
		person = SCHOOL_NAMES[(index - 1) % len(SCHOOL_NAMES)]
		name = f"Trường {level} {person}"
		if name in names_used:
			name = f"{name} ({district})"
		if name in names_used:
			name = f"{name} – số {index}"
		names_used.add(name)
		school_units.append(Unit(school_code(index), name, "School", parent, level, "Trường"))
	province_staff = _person(rng, email("so.chuyenvien"), PROVINCE_STAFF, province.code, taken)
	office_staff = [
		_person(rng, email(f"p{i:02d}.chuyenvien"), OFFICE_LEVEL_STAFF, unit.code, taken)
		for i, unit in enumerate(office_units, start=1)
	]
	return ProvincePlan(
		seed=seed,
		year=year,
		schools=schools,
		province=province,
		offices=office_units,
		school_units=school_units,
		province_staff=province_staff,
		office_staff=office_staff,
		deadlines=_deadlines(year, schools),
		windows=_windows(schools, office_units),
	)


def _district(index: int) -> str:
	base = DISTRICTS[(index - 1) % len(DISTRICTS)]
	return base if index <= len(DISTRICTS) else f"{base} {index // len(DISTRICTS) + 1}"


def school_level(index: int) -> str:
	"""Every fourth school is an upper-secondary school (THPT); school 1 is lower-secondary (THCS)."""
	return "THPT" if index % 4 == 0 else "THCS"


def _deadlines(year: int, schools: int) -> list[Deadline]:
	"""The Sở's deadlines for every school; school 2 sets an earlier one for its class books."""
	next_year = year + 1
	rows = [
		Deadline(PROVINCE_CODE, "Education Plan", None, f"{year}-09-30"),
		Deadline(PROVINCE_CODE, "Score Sheet", "HK1", f"{next_year}-01-15"),
		Deadline(PROVINCE_CODE, "Conduct Assessment", "HK1", f"{next_year}-01-15"),
		Deadline(PROVINCE_CODE, "Score Sheet", "HK2", f"{next_year}-05-20"),
		Deadline(PROVINCE_CODE, "Conduct Assessment", "HK2", f"{next_year}-05-22"),
		Deadline(PROVINCE_CODE, "Lesson Plan", None, f"{next_year}-05-31"),
		Deadline(PROVINCE_CODE, "Class Assessment Book", None, f"{next_year}-06-10"),
		Deadline(PROVINCE_CODE, "Student Record Book Page", None, f"{next_year}-06-30"),
	]
	if schools >= 2:
		rows.append(Deadline(school_code(2), "Class Assessment Book", None, f"{next_year}-06-05"))
	return rows


def _windows(schools: int, offices: list[Unit]) -> list[Window]:
	"""A closed inspection, a scheduled one, and (with two schools or more) one in force on the last school
	(never on school 1, whose classes the browser journey writes to)."""
	rows = [
		Window(offices[0].code if offices else PROVINCE_CODE, -40, -33, "Kiểm tra hồ sơ học kì I"),
		Window(PROVINCE_CODE, 20, 27, "Kiểm tra hồ sơ cuối năm học"),
	]
	if schools >= 2:
		rows.append(Window(school_code(schools), -1, 14, "Thanh tra chuyên ngành hồ sơ học sinh"))
	return rows


# --- a school ------------------------------------------------------------------------------------------------


def _class_subjects(grade: int) -> list[Subject]:
	"""The subjects a class studies: the compulsory ones and, in THPT, one common combination of four
	electives (as ``synthetic_student`` generates them)."""
	subjects = []
	for subject in subjects_for_grade(grade):
		if subject.group == "optional":
			continue
		if grade >= 10 and subject.group == "elective" and subject.code not in ("LY", "HOA", "SINH", "TIN"):
			continue
		subjects.append(subject)
	return subjects


def _class_sizes(rng: random.Random, index: int, level: str) -> list[tuple[int, int]]:
	"""(grade, number of classes) of a school; school 1 has four classes per grade."""
	grades = range(6, 10) if level == "THCS" else range(10, 13)
	if index == 1:
		return [(grade, 4) for grade in grades]
	low, high = (5, 9) if level == "THCS" else (6, 10)
	return [(grade, rng.randint(low, high)) for grade in grades]


def school_plan(province: ProvincePlan, index: int) -> SchoolPlan:
	"""School ``index`` (from 1) of ``province``: the same for any size of province."""
	unit = province.school_units[index - 1]
	rng = random.Random(f"{province.seed}:school:{index}")
	prefix = f"t{index:03d}"
	taken: set = set()
	principal = _person(rng, email(f"{prefix}.hieutruong"), PRINCIPAL, unit.code, taken)
	vice = _person(rng, email(f"{prefix}.phohieutruong"), VICE_PRINCIPAL, unit.code, taken)
	admin = _person(rng, email(f"{prefix}.quantri"), RECORDS_ADMIN, unit.code, taken)
	office = _person(rng, email(f"{prefix}.vanthu"), OFFICE_STAFF, unit.code, taken)

	ability_mean = 7.1 if index == 1 else round(rng.gauss(6.9, 0.45), 2)
	classes: list[ClassPlan] = []
	for grade, count in _class_sizes(rng, index, unit.school_level or "THCS"):
		for number in range(1, count + 1):
			label = f"{grade}A{number}"
			classes.append(
				ClassPlan(
					name=f"{label} - {unit.code}",
					label=label,
					grade=grade,
					subjects=_class_subjects(grade),
					students=[],
					assessments=[],
					teachers={},
					homeroom="",
					stage="",
					sheet_states={},
				)
			)
	# Class order of a school's lists: grade, then number (6A1, 6A2, …, 7A1, …).
	teachers = _assign_teachers(rng, classes, prefix, unit.code, taken)
	departments = _departments(unit.school_level or "THCS", classes, teachers)
	_profiles(teachers, classes, departments)
	teacher_people = [teachers[address] for address in sorted(teachers)]

	stages = _stages(rng, index, len(classes))
	student_number = 0
	for school_class, stage in zip(classes, stages, strict=True):
		school_class.stage = stage
		size = rng.randint(40, 44) if index == 1 else rng.randint(38, 46)
		class_mean = ability_mean + rng.gauss(0, 0.25)
		names: set = set()
		for _ in range(size):
			student_number += 1
			student = _student(rng, province, index, student_number, school_class.grade, names)
			school_class.students.append(student)
			school_class.assessments.append(
				synthetic_student(rng, student.id, school_class.grade, ability_mean=class_mean)
			)
		_year_of_class(rng, province, school_class)
	# A few students of the journey class have a portal account (Website User, role Student).
	for student in classes[0].students[:3]:
		student.portal_email = email(f"{prefix}.hs{student.id[-4:]}")
	plans = _plans(rng, classes, departments, teachers, principal, vice)
	school_lock = index > 1 and all(c.stage == LOCKED for c in classes)
	return SchoolPlan(
		index=index,
		unit=unit,
		principal=principal,
		vice_principal=vice,
		records_admin=admin,
		office_staff=office,
		teachers=teacher_people,
		departments=departments,
		classes=classes,
		plans=plans,
		school_lock=school_lock,
	)


def _stages(rng: random.Random, index: int, count: int) -> list[str]:
	"""School 1 shows every stage; other schools are somewhere in the season, their classes around it."""
	if index == 1:
		others = SCHOOL_ONE_STAGES[1:]
		return [others[(i - 1) % len(others)] if i else JOURNEY for i in range(count)]
	ladder = [stage for stage in STAGES if stage != JOURNEY]
	progress = rng.choices(range(len(ladder)), weights=(2, 2, 3, 3, 3, 3, 3, 2))[0]
	if rng.random() < 0.06:
		return [LOCKED] * count  # a school that finished and locked the year
	return [ladder[min(len(ladder) - 2, max(0, progress + rng.choice((-1, 0, 0, 1))))] for _ in range(count)]


def _student(rng, province: ProvincePlan, school: int, number: int, grade: int, taken: set) -> Student:
	female = rng.random() < 0.49
	family, middle, given = _unique_parts(rng, female, taken)
	birth_year = province.year - grade - 5
	commune = rng.choice(COMMUNES)
	guardian = None
	if rng.random() >= 0.005:
		mother = rng.random() < 0.55
		g_family, g_middle, g_given = _name_parts(rng, mother)
		if not mother:
			g_family = family  # children take their father's family name
		guardian = Guardian(
			id=f"{PREFIX}-PH-{school:03d}-{number:04d}",
			family=g_family,
			middle=g_middle,
			given=g_given,
			relation="Mother" if mother else "Father",
			occupation=rng.choice(OCCUPATIONS),
			phone=f"09{rng.randint(0, 99_999_999):08d}",
		)
	return Student(
		id=f"{PREFIX}-HS-{school:03d}-{number:04d}",
		moet_id=None if rng.random() < 0.01 else f"99{school:04d}{number:05d}",
		family=family,
		middle=middle,
		given=given,
		female=female,
		birth_date=None
		if rng.random() < 0.002
		else f"{birth_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
		birth_place=None if rng.random() < 0.005 else f"{commune}, Tây Ninh",
		ethnicity=None if rng.random() < 0.003 else rng.choice(ETHNICITIES),
		address=f"Ấp {rng.randint(1, 9)}, {commune}, Tây Ninh",
		guardian=guardian,
	)


def _assign_teachers(rng, classes: list[ClassPlan], prefix: str, unit: str, taken: set) -> dict[str, Person]:
	"""Teachers per subject from a teaching load; co-taught subjects get one pool per part. The homeroom
	teacher of a class is one of its subject teachers and also leads its HĐTN-HN (sinh hoạt lớp)."""
	teachers: dict[str, Person] = {}
	counter = 0

	def new_teacher() -> str:
		nonlocal counter
		counter += 1
		address = email(f"{prefix}.gv{counter:03d}")
		teachers[address] = _person(rng, address, SUBJECT_TEACHER, unit, taken)
		return address

	by_subject: dict[str, list[ClassPlan]] = {}
	periods: dict[str, int] = {}
	for school_class in classes:
		for subject in school_class.subjects:
			by_subject.setdefault(subject.code, []).append(school_class)
			periods[subject.code] = max(periods.get(subject.code, 0), subject.periods)
	for code, subject_classes in by_subject.items():
		parts = CO_TEACHERS.get(code, 1)
		per_part = periods[code] / parts
		load = max(1, min(MAX_CLASSES_PER_TEACHER, int(TEACHER_PERIODS // per_part)))
		for part in range(parts):
			if code == "HDTN" and part == 0:
				continue  # the homeroom teacher, set below
			teacher = ""
			for position, school_class in enumerate(subject_classes):
				if position % load == 0:
					teacher = new_teacher()
				school_class.teachers.setdefault(code, []).append(teacher)
	homerooms: set[str] = set()
	for school_class in classes:
		candidates = [
			t
			for code in ("NV", "TOAN", "NN1", *school_class.teachers)
			for t in school_class.teachers.get(code, [])
		]
		homeroom = next((t for t in candidates if t not in homerooms), "") or new_teacher()
		homerooms.add(homeroom)
		school_class.homeroom = homeroom
		school_class.teachers["HDTN"] = [homeroom, *school_class.teachers.get("HDTN", [])]
	# Subject order of the catalogue, finaliser first within each subject.
	for school_class in classes:
		school_class.teachers = {s.code: school_class.teachers[s.code] for s in school_class.subjects}
	return teachers


def _departments(level: str, classes: list[ClassPlan], teachers: dict[str, Person]) -> list[Department]:
	homerooms = {school_class.homeroom for school_class in classes}
	rows = []
	for name, codes in DEPARTMENTS[level]:
		members: list[str] = []
		for school_class in classes:
			for code in codes:
				for teacher in school_class.teachers.get(code, []):
					if teacher not in members and not (code == "HDTN" and teacher == school_class.homeroom):
						members.append(teacher)
		if not members:
			continue
		head = next((t for t in members if t not in homerooms), members[0])
		rows.append(Department(name, head, tuple(members), codes))
	return rows


def _profiles(teachers: dict[str, Person], classes: list[ClassPlan], departments: list[Department]) -> None:
	"""Homeroom teachers get the homeroom profile, heads of department theirs (never both: a head is chosen
	among teachers without a class of their own whenever the department has one)."""
	homerooms = {school_class.homeroom for school_class in classes}
	heads = {department.head for department in departments}
	for address, person in list(teachers.items()):
		profile = HEAD_OF_DEPARTMENT if address in heads and address not in homerooms else None
		profile = profile or (HOMEROOM_TEACHER if address in homerooms else SUBJECT_TEACHER)
		teachers[address] = Person(
			person.email, person.family, person.middle, person.given, person.female, profile, person.unit
		)


def _school_days(year: int) -> list[str]:
	start, end = dt.date(year, 9, 5), dt.date(year + 1, 5, 25)
	days, day = [], start
	while day <= end:
		if day.weekday() < 5:
			days.append(day.isoformat())
		day += dt.timedelta(days=1)
	return days


def _year_of_class(rng: random.Random, province: ProvincePlan, school_class: ClassPlan) -> None:
	"""Sheet and conduct states of the class's stage, absences, amendments and summer results."""
	stage = school_class.stage
	days = _school_days(province.year)
	for student, entry in zip(school_class.students, school_class.assessments, strict=True):
		school_class.absence_days[student.id] = sorted(rng.sample(days, min(entry["absences"], len(days))))
	for subject in school_class.subjects:
		for term in TERMS:
			state = "finalised"
			if stage == ENTERING and term == "HK2":
				state = rng.choices(("finalised", "draft", "missing"), (55, 35, 10))[0]
			elif stage == JOURNEY and term == "HK2" and subject.code == "TOAN":
				state = "draft"
			school_class.sheet_states[(subject.code, term)] = state
			if state == "draft" and stage == ENTERING:
				for student in school_class.students:
					if rng.random() < 0.3:
						school_class.blanks.add((student.id, subject.code, term, "ck"))
	school_class.conduct_states = {"HK1": "finalised", "HK2": "finalised"}
	if stage == ENTERING:
		school_class.conduct_states["HK2"] = rng.choice(("draft", "missing"))
	elif stage == JOURNEY:
		school_class.conduct_states["HK2"] = "missing"
	if stage != JOURNEY:
		_amendments(rng, school_class)
	if stage in (TEACHERS_SIGNING, TEACHERS_SIGNED):  # the class book's or the pages' signing round
		teachers = sorted({t for found in school_class.teachers.values() for t in found})
		school_class.signed_teachers = set(rng.sample(teachers, max(1, len(teachers) // 2)))


def _amendments(rng: random.Random, school_class: ClassPlan) -> None:
	"""About one finalised sheet in a hundred and fifty was reopened and corrected, with a reason."""
	entries = {entry["id"]: entry for entry in school_class.assessments}
	for subject in school_class.subjects:
		for term in TERMS:
			if school_class.sheet_states[(subject.code, term)] != "finalised" or rng.random() >= 1 / 150:
				continue
			changes = []
			for student in rng.sample(
				school_class.students, min(len(school_class.students), rng.randint(1, 3))
			):
				marks = entry_of(entries[student.id], subject.code)[term]
				fields = ["gk", "ck", *(f"tx{i}" for i in range(1, len(marks["tx"]) + 1))]
				name = rng.choice(fields)
				new = marks[name] if not name.startswith("tx") else marks["tx"][int(name[2:]) - 1]
				if new is None:
					continue
				changes.append(Change(student.id, name, _changed_value(rng, new, subject.mode), _cell(new)))
			if changes:
				school_class.amendments.append(Amendment(subject.code, term, rng.choice(REASONS), changes))


def entry_of(entry: dict, code: str) -> dict:
	"""One subject of a student's engine input."""
	return next(subject for subject in entry["subjects"] if subject["code"] == code)


def _cell(value) -> str:
	"""A value as a score sheet stores it: a score with one decimal, or Đ/CĐ."""
	if isinstance(value, str):
		return value
	return f"{float(value):.1f}"


def _changed_value(rng: random.Random, value, mode: str) -> str:
	"""The value first finalised, before the correction."""
	if mode == COMMENT:
		return "CĐ" if value == "Đ" else "Đ"
	delta = rng.choice((-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2))
	old = min(10.0, max(0.0, float(value) + delta))
	if old == float(value):
		old = float(value) - 1 if float(value) >= 1 else float(value) + 1
	return f"{old:.1f}"


def summer_results(school_class: ClassPlan, results: list[dict]) -> dict[str, dict]:
	"""What the students the engine sent to summer work obtained (entered after the year-end decision):
	re-tests mostly passed, conduct remediation mostly Đạt. ``results`` are the engine's results of the
	class, in the order of its students; an empty answer unless the class reached the summer in the sample."""
	if not school_class.wants_summer:
		return {}
	rng = random.Random(f"summer:{school_class.name}")
	modes = {subject.code: subject.mode for subject in school_class.subjects}
	summer: dict[str, dict] = {}
	for outcome in results:
		if outcome.get("outcome") in (None, "", "promoted", "retained"):
			continue
		entry: dict = {}
		if outcome["outcome"] in ("summer_conduct", "summer_conduct_retest"):
			entry["conduct"] = "Đạt" if rng.random() < 0.9 else "Chưa đạt"
		if entry.get("conduct") == "Chưa đạt":
			summer[outcome["id"]] = entry  # still Chưa đạt in conduct: no re-test is allowed (TT22 Điều 12)
			continue
		for code in outcome.get("retest_subjects") or ():
			passed = rng.random() < 0.85
			if modes.get(code) == COMMENT:
				entry.setdefault("retest", {})[code] = "Đ" if passed else "CĐ"
			else:
				entry.setdefault("retest", {})[code] = rng.choice(
					(5.0, 5.5, 6.0, 6.5, 7.0) if passed else (3.5, 4.0)
				)
		summer[outcome["id"]] = entry
	return summer


def _plans(rng, classes, departments, teachers, principal, vice) -> list[PlanDoc]:
	"""Lesson plans (two per teacher) and education plans (school, departments, teachers) in every state."""
	plans: list[PlanDoc] = []
	department_of = {member: d for d in departments for member in d.members}
	subjects_of: dict[str, tuple[str, int]] = {}
	for school_class in classes:
		for code, found in school_class.teachers.items():
			for teacher in found:
				subjects_of.setdefault(teacher, (code, school_class.grade))
	lesson_states = ("Approved", "Approved", "Approved", "Pending Approval", "Returned", "Draft")
	for address in sorted(teachers):
		department = department_of.get(address)
		if not department or address not in subjects_of:
			continue
		code, grade = subjects_of[address]
		for number in range(1, 3):
			state = rng.choice(lesson_states)
			plans.append(
				PlanDoc(
					"lesson",
					f"{rng.choice(LESSON_TOPICS)} – tuần {rng.randint(1, 35)} (tiết {number})",
					address,
					department.name,
					state,
					subject=code,
					grade=grade,
					return_comment="Bổ sung mục tiêu về năng lực và phẩm chất."
					if state == "Returned"
					else "",
				)
			)
	plans.append(PlanDoc("school", "Kế hoạch giáo dục nhà trường", vice.email, None, "Approved"))
	department_states = ("Approved", "Approved", "Submitted", "Returned", "Draft")
	for department in departments:
		plans.append(
			PlanDoc(
				"department",
				f"Kế hoạch dạy học của {department.name.lower()}",
				department.head,
				department.name,
				rng.choice(department_states),
			)  # fmt: skip
		)
	teacher_states = ("Approved", "Approved", "Department Reviewed", "Submitted", "Returned", "Draft")
	for address in sorted(teachers):
		department = department_of.get(address)
		if department and department.head != address:
			plans.append(
				PlanDoc(
					"teacher",
					"Kế hoạch giáo dục của giáo viên",
					address,
					department.name,
					rng.choice(teacher_states),
				)  # fmt: skip
			)
	return plans


# --- signatures ----------------------------------------------------------------------------------------------


def teacher_fields(
	school_class: ClassPlan, year: int, terms: tuple[str | None, ...]
) -> list[tuple[str, str]]:
	"""(field, teacher) of the subject teachers' boxes of a class book (terms HK1, HK2) or a học bạ page
	(no term): one box per co-teacher, finaliser first (``core.records.signatures``)."""
	rows = []
	for term in terms:
		for code, found in school_class.teachers.items():
			for index, teacher in enumerate(found, start=1):
				rows.append((signature_field("gvbm", year, subject=code, index=index, term=term), teacher))
	return rows


def signatures(
	school_class: ClassPlan, year: int, stage: str, principal: str, class_book: bool, first_page: bool = False
) -> list[tuple[str, str, str]]:
	"""(field, role, signer) already signed at ``stage``, in signing order."""
	if stage not in COMPUTED_STAGES or stage == COMPUTED:
		return []
	boxes = teacher_fields(school_class, year, ("HK1", "HK2") if class_book else (None,))
	if stage == TEACHERS_SIGNING:
		return [(name, "gvbm", teacher) for name, teacher in boxes if teacher in school_class.signed_teachers]
	rows = [(name, "gvbm", teacher) for name, teacher in boxes]
	if stage in (HOMEROOM_SIGNED, APPROVED, LOCKED):
		rows.append((signature_field("gvcn", year), "gvcn", school_class.homeroom))
	if stage in (APPROVED, LOCKED):
		if first_page:
			rows.append((signature_field("ht"), "ht", principal))
		rows.append((signature_field("ht", year), "ht", principal))
		rows.append((signature_field("dv", year), "dv", principal))
	return rows


def workflow_state(stage: str | None) -> tuple[str, int]:
	"""Workflow state and docstatus of a class book or học bạ page at ``stage``."""
	if stage == HOMEROOM_SIGNED:
		return "Homeroom Signed", 0
	if stage in (APPROVED, LOCKED):
		return "Approved", 1
	return "Draft", 0


def first_page_of_level(grade: int) -> bool:
	"""The first year's page of a học bạ also carries the principal's box of the particulars page."""
	return grade in (6, 10)


def level(grade: int) -> str:
	return level_of_grade(grade)
