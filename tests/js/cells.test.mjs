// Decimal parsing of the score grid: comma or dot, Đ/CĐ, and the server's reasons for a bad cell.
import assert from "node:assert/strict";
import { test } from "node:test";

import { COMMENT, SCORE, displayValue, parseCell, sameCell } from "../../hoso_longan/public/js/portal/cells.js";

test("a comma or a dot decimal is stored as the server stores it: a dot and one decimal", () => {
	assert.deepEqual(parseCell("6,5", SCORE), { stored: "6.5", problem: null });
	assert.deepEqual(parseCell(" 6.5 ", SCORE), { stored: "6.5", problem: null });
	assert.deepEqual(parseCell("10", SCORE), { stored: "10.0", problem: null });
	assert.deepEqual(parseCell("07", SCORE), { stored: "7.0", problem: null });
	assert.deepEqual(parseCell("0", SCORE), { stored: "0.0", problem: null });
	assert.deepEqual(parseCell("", SCORE), { stored: "", problem: null });
});

test("10,5 is outside 0–10 and 7,25 has two decimals, in the server's words", () => {
	assert.equal(parseCell("10,5", SCORE).problem, "score 10,5 is outside 0–10");
	assert.equal(parseCell("-1", SCORE).problem, "score -1 is outside 0–10");
	assert.equal(parseCell("11", SCORE).problem, "score 11 is outside 0–10");
	assert.equal(parseCell("7,25", SCORE).problem, "score 7,25 has more than one decimal");
	assert.equal(parseCell("tám", SCORE).problem, "tám is not a score");
	assert.equal(parseCell("8,", SCORE).problem, "8, is not a score");
	assert.equal(parseCell("10,0", SCORE).problem, null);
});

test("comment subjects take Đ or CĐ in any case, with or without the Vietnamese letter", () => {
	for (const text of ["Đ", "đ", "đạt", "Đạt", "d", "D"]) assert.equal(parseCell(text, COMMENT).stored, "Đ", text);
	for (const text of ["CĐ", "cđ", "chưa đạt", "cd"]) assert.equal(parseCell(text, COMMENT).stored, "CĐ", text);
	assert.equal(parseCell("8", COMMENT).problem, "8 is not Đ or CĐ");
});

test("decomposed Vietnamese letters (NFD) are read as the same letters", () => {
	assert.equal(parseCell("c\u0111", COMMENT).stored, "CĐ");
	assert.equal(parseCell("\u0111a\u0323t", COMMENT).stored, "Đ"); // đạt with a combining dot below
});

test("the grid shows the decimal comma and compares values, not spellings", () => {
	assert.equal(displayValue("8.5", SCORE), "8,5");
	assert.equal(displayValue("Đ", COMMENT), "Đ");
	assert.ok(sameCell("8,5", "8.5", SCORE));
	assert.ok(sameCell("8", "8,0", SCORE), "8 is stored 8.0, as the server does");
	assert.ok(sameCell("đạt", "Đ", COMMENT));
	assert.ok(!sameCell("10,5", "10.5", SCORE), "bad text compares as typed");
});

test("translations come from Frappe's __ when the page has it", () => {
	globalThis.frappe = { _: (text, args) => `[vi] ${text.replace("{0}", args[0])}` };
	try {
		assert.equal(parseCell("12", SCORE).problem, "[vi] score 12 is outside 0–10");
	} finally {
		delete globalThis.frappe;
	}
});
