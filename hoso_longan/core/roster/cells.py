"""Cells of a roster file (danh sách học sinh, danh sách giáo viên) as a school types them in Excel.

Every reader returns the value in the form the records keep, or raises :class:`CellError` whose message says,
in Vietnamese, what is wrong with the cell as the person typed it ("'31/02/2013' không phải ngày hợp lệ").
Headings and fixed words are compared without case or diacritics (``fold``): "Ho va ten", "HỌ VÀ TÊN" and
"Họ và tên" are one heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hoso_longan.core.records.vietnamese import normalise_text

MALE, FEMALE = "Male", "Female"  # Education's Gender records
_GENDERS = {"nam": MALE, "male": MALE, "nu": FEMALE, "female": FEMALE}
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")
_CODE = re.compile(r"^[0-9A-Za-z]{4,20}$")
_CLASS = re.compile(r"^(\d{1,2})\s*([A-Z0-9Đ][A-Z0-9Đ.\-/]*)$")
_NAME_CHARACTERS = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")
GRADES = range(6, 13)


class CellError(ValueError):
	"""A cell that cannot be read: ``str(error)`` is the Vietnamese reason."""


@dataclass(frozen=True)
class Problem:
	"""One problem of a file, located as the person reads it: worksheet row, column heading, whose row."""

	message: str
	row: int | None = None
	column: str | None = None
	who: str = ""

	def describe(self) -> str:
		"""'Dòng 7, cột Ngày sinh (Nguyễn Văn An): '31/02/2013' không phải ngày hợp lệ'."""
		where = []
		if self.row:
			where.append(f"Dòng {self.row}")
		if self.column:
			where.append(f"cột {self.column}")
		place = ", ".join(where)
		if self.who:
			place = f"{place} ({self.who})" if place else f"({self.who})"
		return f"{place}: {self.message}" if place else self.message


def fold(value: object) -> str:
	"""A heading or fixed word for comparison: NFC text without diacritics, đ as d, casefolded, single
	spaces, without a trailing colon or the asterisk that marks a required column."""
	text = unicodedata.normalize("NFD", str(value or "")).replace("đ", "d").replace("Đ", "D")
	text = "".join(char for char in text if not unicodedata.combining(char))
	text = re.sub(r"\(\s*\*\s*\)|\*", " ", text)
	return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def shown(value: object) -> str:
	"""A cell as the person typed it, for a message: 10.0 read back from Excel is shown 10."""
	if isinstance(value, float) and value.is_integer():
		return str(int(value))
	if isinstance(value, datetime):
		return value.strftime("%d/%m/%Y")
	if isinstance(value, date):
		return value.strftime("%d/%m/%Y")
	return str(value).strip()


def is_blank(value: object) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
	"""Free text (address, ethnicity …): NFC, single-spaced; a number typed in a text column as typed."""
	if is_blank(value):
		return ""
	return normalise_text(shown(value)) or ""


def full_name(value: object) -> str:
	"""A person's full name (họ, tên đệm, tên): letters only, at least two words."""
	name = text(value)
	if not name:
		raise CellError("chưa có họ và tên")
	if any(char.isdigit() for char in name):
		raise CellError(f"'{name}' có chữ số: cần họ và tên")
	if not _NAME_CHARACTERS.match(name):
		raise CellError(f"'{name}' có ký tự không phải chữ cái")
	if " " not in name:
		raise CellError(f"'{name}' chỉ có một chữ: cần đủ họ và tên")
	return name


def birth_date(value: object, today: date) -> date:
	"""dd/mm/yyyy (also d/m/yyyy, with '.' or '-'), yyyy-mm-dd, or a date cell of Excel; not in the future."""
	if isinstance(value, datetime):
		found = value.date()
	elif isinstance(value, date):
		found = value
	elif isinstance(value, (int, float)) and not isinstance(value, bool):
		if 1900 <= value <= 2100:
			raise CellError(f"'{shown(value)}' chỉ có năm: cần ngày/tháng/năm (dd/mm/yyyy)")
		if not (1 <= value < 100_000) or not float(value).is_integer():
			raise CellError(f"'{shown(value)}' không phải ngày (dd/mm/yyyy)")
		found = _EXCEL_EPOCH + timedelta(days=int(value))  # a date cell read as its serial number
	else:
		raw = str(value or "").strip()
		if not raw:
			raise CellError("chưa có ngày sinh")
		found = _date_from_text(raw)
	if found > today:
		raise CellError(f"'{shown(found)}' là ngày trong tương lai")
	if found.year < 1900:
		raise CellError(f"'{shown(found)}' không phải năm sinh hợp lệ")
	return found


def _date_from_text(raw: str) -> date:
	match = _DATE.match(raw)
	if match:
		day, month, year = (int(part) for part in match.groups())
	else:
		match = _ISO_DATE.match(raw)
		if not match:
			raise CellError(f"'{raw}' không đúng dạng ngày/tháng/năm (dd/mm/yyyy)")
		year, month, day = (int(part) for part in match.groups())
	try:
		return date(year, month, day)
	except ValueError:
		raise CellError(f"'{raw}' không phải ngày hợp lệ")


def gender(value: object) -> str:
	"""Nam / Nữ (any case, with or without diacritics) as Education's Gender "Male" / "Female"."""
	if is_blank(value):
		raise CellError("chưa có giới tính (Nam hoặc Nữ)")
	found = _GENDERS.get(fold(value))
	if not found:
		raise CellError(f"'{shown(value)}' không phải Nam hoặc Nữ")
	return found


def phone(value: object) -> str:
	"""A Vietnamese phone number, 10 digits from 0 (a leading 0 that Excel dropped from a number is put back;
	+84 becomes 0)."""
	if is_blank(value):
		return ""
	if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
		digits = str(int(value))
		digits = "0" + digits if len(digits) in (9, 10) and not digits.startswith("0") else digits
	else:
		digits = re.sub(r"[\s.\-()]", "", str(value))
		if digits.startswith("+84"):
			digits = "0" + digits[3:]
		elif digits.startswith("84") and len(digits) == 11:
			digits = "0" + digits[2:]
	if not re.fullmatch(r"0\d{9,10}", digits):
		raise CellError(f"'{shown(value)}' không phải số điện thoại (10 chữ số, ví dụ 0912345678)")
	return digits


def email(value: object, required: bool = False) -> str:
	if is_blank(value):
		if required:
			raise CellError("chưa có e-mail (e-mail là tên đăng nhập)")
		return ""
	address = str(value).strip().lower()
	if address.startswith("mailto:"):
		address = address[len("mailto:") :]
	if not _EMAIL.match(address):
		raise CellError(f"'{shown(value)}' không phải địa chỉ e-mail")
	return address


def moet_code(value: object) -> str:
	"""Mã định danh học sinh on the sector's database: digits (or letters and digits), no spaces."""
	if is_blank(value):
		raise CellError("chưa có mã định danh")
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	code = str(value).strip()
	if not _CODE.match(code):
		raise CellError(
			f"'{shown(value)}' không phải mã định danh (4–20 chữ số hoặc chữ cái, không dấu cách)"
		)
	return code


def class_name(value: object) -> tuple[str, int]:
	"""A class (lớp) as the school names it, e.g. 6A1 → ("6A1", 6): the leading digits are the grade."""
	if is_blank(value):
		raise CellError("chưa có lớp")
	raw = normalise_text(shown(value)) or ""
	name = re.sub(r"^lớp\s+", "", raw, flags=re.IGNORECASE).upper()
	match = _CLASS.match(name)
	if not match:
		raise CellError(f"'{raw}' không phải tên lớp (ví dụ 6A1)")
	grade = int(match.group(1))
	if grade not in GRADES:
		raise CellError(f"'{raw}': khối {grade} không thuộc THCS hoặc THPT (khối 6–12)")
	return match.group(1) + match.group(2), grade
