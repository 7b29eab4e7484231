"""The columns of the two roster files and how a worksheet's heading row is found and matched.

A file may carry rows above its headings (a title, the school's name, as exports of the sector's database
do) and columns this app does not use; the heading row is the first of the first rows that names the
person's full name ("Họ và tên") and another known column. Headings match without case or diacritics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .cells import Problem, fold

HEADING_SCAN_ROWS = 15
EXAMPLE_MARK = "Ví dụ"  # the STT of the template's example row: that row is never imported


@dataclass(frozen=True)
class Column:
	key: str
	heading: str  # as the template writes it
	required: bool = False
	aliases: tuple[str, ...] = ()
	note: str = ""  # shown as a comment on the template's heading

	def matches(self, cell: object) -> bool:
		found = fold(cell)
		return bool(found) and found in {fold(self.heading), *(fold(alias) for alias in self.aliases)}


STT = Column("stt", "STT", aliases=("Số thứ tự", "TT"))
FULL_NAME = Column("full_name", "Họ và tên", True, ("Họ tên", "Họ và tên học sinh", "Họ và tên giáo viên"))

STUDENT_COLUMNS = (
	STT,
	Column(
		"moet_id",
		"Mã định danh",
		True,
		("Mã học sinh", "Mã định danh học sinh", "Mã HS"),
		"Mã định danh học sinh trên CSDL ngành: nhập lại cùng mã thì cập nhật học sinh đó",
	),
	FULL_NAME,
	Column("date_of_birth", "Ngày sinh", True, note="dd/mm/yyyy, ví dụ 05/09/2013"),
	Column("gender", "Giới tính", True, note="Nam hoặc Nữ"),
	Column("ethnicity", "Dân tộc"),
	Column("place_of_birth", "Nơi sinh"),
	Column("hometown", "Quê quán"),
	Column("class_name", "Lớp", True, note="Tên lớp, ví dụ 6A1: lớp chưa có sẽ được tạo"),
	Column("address", "Địa chỉ", aliases=("Chỗ ở hiện nay", "Địa chỉ thường trú")),
	Column("father_name", "Họ tên cha", aliases=("Họ và tên cha",)),
	Column("father_occupation", "Nghề nghiệp cha"),
	Column("father_phone", "Điện thoại cha", aliases=("Số điện thoại cha", "SĐT cha")),
	Column("mother_name", "Họ tên mẹ", aliases=("Họ và tên mẹ",)),
	Column("mother_occupation", "Nghề nghiệp mẹ"),
	Column("mother_phone", "Điện thoại mẹ", aliases=("Số điện thoại mẹ", "SĐT mẹ")),
	Column(
		"email",
		"Email",
		aliases=("E-mail", "Thư điện tử"),
		note="Không bắt buộc: học sinh có e-mail được tạo tài khoản xem học bạ",
	),
)

TEACHER_COLUMNS = (
	STT,
	FULL_NAME,
	Column("email", "Email", True, ("E-mail", "Thư điện tử"), "Bắt buộc: là tên đăng nhập của giáo viên"),
	Column("phone", "Điện thoại", aliases=("Số điện thoại", "SĐT")),
	Column(
		"roles",
		"Vai trò",
		True,
		note="Giáo viên bộ môn, Giáo viên chủ nhiệm, Tổ trưởng chuyên môn, Phó hiệu trưởng hoặc Văn thư; "
		"nhiều vai trò cách nhau bằng dấu phẩy",
	),
	Column(
		"department",
		"Tổ chuyên môn",
		aliases=("Tổ",),
		note="Tổ chưa có sẽ được tạo, tổ trưởng là người " "có vai trò Tổ trưởng chuyên môn",
	),
	Column("homeroom_class", "Chủ nhiệm lớp", aliases=("Lớp chủ nhiệm", "Chủ nhiệm"), note="Ví dụ 6A1"),
	Column(
		"assignments",
		"Phân công",
		aliases=("Phân công giảng dạy",),
		note="Môn: lớp, lớp; môn: lớp. Ví dụ: Toán: 6A1, 6A2; Tin học: 7A1",
	),
)


@dataclass
class Headings:
	row: int  # worksheet row of the headings (1-based)
	index: dict[str, int]  # column key → index in the row (0-based)
	shown: dict[str, str]  # column key → the heading as the file writes it
	unused: list[str]  # headings of the file this app does not read


def find_headings(
	rows: Sequence[tuple[int, Sequence[object]]], columns: Sequence[Column], problems: list[Problem]
) -> Headings | None:
	"""The heading row among the first rows, with every column it names; problems for a missing
	required column or a column named twice."""
	for number, cells in rows[:HEADING_SCAN_ROWS]:
		keys = [_column_of(cell, columns) for cell in cells]
		if FULL_NAME.key not in keys or len([k for k in keys if k]) < 2:
			continue
		headings = Headings(number, {}, {}, [])
		for position, (cell, key) in enumerate(zip(cells, keys, strict=True)):
			if key is None:
				if fold(cell):
					headings.unused.append(str(cell).strip())
				continue
			if key in headings.index:
				problems.append(Problem(f"cột {str(cell).strip()} có hai lần", number))
				continue
			headings.index[key] = position
			headings.shown[key] = str(cell).strip()
		for column in columns:
			if column.required and column.key not in headings.index:
				problems.append(Problem(f"thiếu cột {column.heading}", number))
		return headings
	wanted = ", ".join(column.heading for column in columns if column.required)
	problems.append(
		Problem(f"không tìm thấy dòng tiêu đề ({wanted}) trong {HEADING_SCAN_ROWS} dòng đầu của trang tính")
	)
	return None


def _column_of(cell: object, columns: Sequence[Column]) -> str | None:
	for column in columns:
		if column.matches(cell):
			return column.key
	return None


def heading_of(columns: Sequence[Column], key: str) -> str:
	return next(column.heading for column in columns if column.key == key)


def is_example(cells: Sequence[object], headings: Headings) -> bool:
	position = headings.index.get(STT.key)
	return position is not None and position < len(cells) and fold(cells[position]) == fold(EXAMPLE_MARK)
