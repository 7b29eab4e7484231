"""How values print on the official forms: decimal comma, dd/mm/yyyy, blank for nothing, decision wording."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hoso_longan.core.records.models import AfterSummer, Score

LEVELS = ("Tốt", "Khá", "Đạt", "Chưa đạt")
_LEVEL_SHORT = {"Tốt": "T", "Khá": "K", "Đạt": "Đ", "Chưa đạt": "CĐ"}
_LEVEL_FULL = {short: full for full, short in _LEVEL_SHORT.items()}


def mark(value: Score) -> str:
	"""A recorded mark as written in the sổ: 8 → "8", 7.5 → "7,5", "Đ" stays; nothing → blank (not 0)."""
	if value is None or value == "":
		return ""
	if isinstance(value, str):
		return value
	number = Decimal(str(value))
	if number == number.to_integral_value():
		return str(int(number))
	return format(number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f").replace(".", ",")


def average(value: Score) -> str:
	"""An average (ĐTBmhk, ĐTBmcn) with exactly one decimal and a comma: 7.7 → "7,7", 8 → "8,0"."""
	if value is None or value == "":
		return ""
	if isinstance(value, str):
		return value
	return format(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f").replace(".", ",")


def level(value: str | None) -> str:
	"""A KQHT/KQRL level in full (Tốt, Khá, Đạt, Chưa đạt); blank when not set."""
	if not value:
		return ""
	return _LEVEL_FULL.get(value, value)


def short_date(value: str | None) -> str:
	"""An ISO date as dd/mm/yyyy; blank when not set."""
	if not value:
		return ""
	day = date.fromisoformat(value)
	return f"{day.day:02d}/{day.month:02d}/{day.year}"


def date_line(place: str, value: str | None) -> str:
	"""The dated line above a signature: "Tây Ninh, ngày 25 tháng 05 năm 2026", dotted when undated."""
	prefix = f"{place}, " if place else ""
	if not value:
		return f"{prefix}ngày ….. tháng ….. năm 20….."
	day = date.fromisoformat(value)
	return f"{prefix}ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def completion_name(grade: int) -> str:
	if grade == 9:
		return "trung học cơ sở"
	if grade == 12:
		return "trung học phổ thông"
	return ""


def decision(outcome: str, grade: int, after_summer: AfterSummer | None = None) -> str:
	"""The "Quyết định" line of a year page: lên lớp / ở lại, or hoàn thành chương trình for lớp 9 and 12."""
	final = after_summer.outcome if after_summer and after_summer.outcome else outcome
	finishing = completion_name(grade)
	if final == "promoted":
		return f"Được công nhận hoàn thành chương trình {finishing}" if finishing else "Được lên lớp"
	if final == "retained":
		return (
			f"Không được công nhận hoàn thành chương trình {finishing}" if finishing else "Không được lên lớp"
		)
	pending = {
		"summer_conduct": "Rèn luyện trong kì nghỉ hè",
		"summer_retest": "Kiểm tra, đánh giá lại trong kì nghỉ hè",
		"summer_conduct_retest": "Rèn luyện và kiểm tra, đánh giá lại trong kì nghỉ hè",
	}
	return pending.get(final, "")


# Column headings of the summary pages of the sổ, where twelve subjects share one landscape page.
SHORT_NAMES = {
	"NV": "Ngữ văn",
	"TOAN": "Toán",
	"NN1": "Ngoại ngữ 1",
	"GDCD": "GDCD",
	"LSDL": "LS và ĐL",
	"KHTN": "KHTN",
	"CN": "Công nghệ",
	"CNGH": "Công nghệ",
	"TIN": "Tin học",
	"GDTC": "GDTC",
	"NT": "Nghệ thuật",
	"HDTN": "HĐTN, HN",
	"GDDP": "GDĐP",
	"LS": "Lịch sử",
	"GDQPAN": "GDQP và AN",
	"DIA": "Địa lí",
	"GDKTPL": "GDKT và PL",
	"LY": "Vật lí",
	"HOA": "Hóa học",
	"SINH": "Sinh học",
	"AN": "Âm nhạc",
	"MT": "Mĩ thuật",
	"TDT": "Tiếng DTTS",
	"NN2": "Ngoại ngữ 2",
}

_WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def month_days(year: int, month: int) -> list[tuple[int, str]]:
	"""(day, thứ) of every day of a month, thứ as printed in the attendance grid (T2 … T7, CN)."""
	import calendar

	return [
		(day, _WEEKDAYS[date(year, month, day).weekday()])
		for day in range(1, calendar.monthrange(year, month)[1] + 1)
	]
