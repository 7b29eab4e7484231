// A cell of a score grid as the teacher types it: "8,5" or "8.5" (Vietnamese use the decimal comma), "Đ" or
// "CĐ" for subjects assessed by comment. This is a convenience that flags a bad cell as it is typed, with the
// words the server uses; the server (services/score_sheet.py, the core's parse_score) is the judge.

import { translate as __ } from "./i18n.js";

export const SCORE = "score";
export const COMMENT = "comment";
const PASS = "Đ";
const FAIL = "CĐ";
const COMMENT_ALIASES = new Map([
	["Đ", PASS],
	["ĐẠT", PASS],
	["D", PASS],
	["DAT", PASS],
	["CĐ", FAIL],
	["CHƯA ĐẠT", FAIL],
	["CD", FAIL],
	["CHUA DAT", FAIL],
]);
const SCORE_TEXT = /^(\d{1,2})(?:[.,](\d))?$/;
const NUMBER = /^-?\d+(?:[.,]\d+)?$/;

function clean(text) {
	return String(text ?? "").normalize("NFC").trim();
}

// → { stored, problem }: ``stored`` is the value as the server keeps it ("8.5", "10.0", "Đ"; "" for empty),
// ``problem`` the reason the cell is refused (null when accepted).
export function parseCell(text, mode) {
	const value = clean(text);
	if (value === "") return { stored: "", problem: null };
	if (mode === COMMENT) {
		const alias = COMMENT_ALIASES.get(value.toUpperCase());
		return alias
			? { stored: alias, problem: null }
			: { stored: value, problem: __("{0} is not Đ or CĐ", [value]) };
	}
	const match = SCORE_TEXT.exec(value);
	if (match) {
		const tenths = Number(match[1]) * 10 + Number(match[2] || 0);
		if (tenths <= 100) {
			return { stored: `${Number(match[1])}.${match[2] || 0}`, problem: null }; // as the server: 8 → 8.0
		}
	}
	if (!NUMBER.test(value)) return { stored: value, problem: __("{0} is not a score", [value]) };
	const number = Number(value.replace(",", "."));
	if (number < 0 || number > 10) return { stored: value, problem: __("score {0} is outside 0–10", [value]) };
	return { stored: value, problem: __("score {0} has more than one decimal", [value]) };
}

// A stored value as the grid shows it: the decimal comma for scores ("8.5" → "8,5").
export function displayValue(stored, mode) {
	const value = clean(stored);
	if (mode === COMMENT) return value;
	return value.replace(".", ",");
}

// Whether two cells hold the same value ("8,5" and "8.5", "đạt" and "Đ"); bad text compares as typed.
export function sameCell(a, b, mode) {
	const left = parseCell(a, mode);
	const right = parseCell(b, mode);
	if (left.problem || right.problem) return clean(a) === clean(b);
	return left.stored === right.stored;
}

// A score in tenths (for sums) or null.
export function tenths(stored) {
	const match = SCORE_TEXT.exec(clean(stored));
	return match ? Number(match[1]) * 10 + Number(match[2] || 0) : null;
}
