// The grid's state: unsaved cells, what a save sends, and conflicts with a co-teacher's save.
import assert from "node:assert/strict";
import { test } from "node:test";

import { SCORE, parseCell, sameCell } from "../../hoso_longan/public/js/portal/cells.js";
import { cellKey } from "../../hoso_longan/public/js/portal/drafts.js";
import { GridModel } from "../../hoso_longan/public/js/portal/grid_model.js";

const rows = () => [
	{ student: "HS1", cells: { tx1: "", tx2: "7.0" } },
	{ student: "HS2", cells: { tx1: "8.5", tx2: "" } },
];
const model = () =>
	new GridModel({
		rows: rows(),
		fields: ["tx1", "tx2"],
		same: (a, b) => sameCell(a, b, SCORE),
		parse: (text) => parseCell(text, SCORE),
	});
const A1 = cellKey("HS1", "tx1");
const A2 = cellKey("HS1", "tx2");
const B1 = cellKey("HS2", "tx1");

test("a typed cell is unsaved; typing the stored value back (in any spelling) makes it clean", () => {
	const grid = model();
	grid.set(B1, "9");
	assert.ok(grid.isDirty(B1));
	grid.set(B1, "8,5");
	assert.ok(!grid.isDirty(B1));
	assert.equal(grid.value(B1), "8.5");
});

test("a save sends the changed cells with their base, scores in the stored spelling, bad text as typed", () => {
	const grid = model();
	grid.set(A1, "6,5");
	grid.set(B1, "10,5");
	assert.deepEqual(grid.changes(), [
		{ student: "HS1", field: "tx1", base: "", value: "6.5" },
		{ student: "HS2", field: "tx1", base: "8.5", value: "10,5" },
	]);
	assert.deepEqual([...grid.problems().values()], ["score 10,5 is outside 0–10"]);
});

test("after a save the saved cells are clean and a cell typed during the save stays unsaved", () => {
	const grid = model();
	grid.set(A1, "6,5");
	grid.set(A2, "9"); // typed while the save of A1 was on its way
	const saved = rows();
	saved[0].cells.tx1 = "6.5";
	grid.rebase(saved);
	assert.ok(!grid.isDirty(A1));
	assert.ok(grid.isDirty(A2));
	assert.equal(grid.conflicts.size, 0);
});

test("a co-teacher's save of the same cell is a conflict; keeping mine makes it replace theirs", () => {
	const grid = model();
	grid.set(A1, "6");
	const theirs = rows();
	theirs[0].cells.tx1 = "9"; // the co-teacher saved 9 first
	grid.rebase(theirs);
	assert.deepEqual(grid.conflicts.get(A1), { base: "", mine: "6", theirs: "9" });
	assert.deepEqual(grid.changes(), [], "a cell in conflict is not sent until the teacher chooses");
	grid.resolve(A1, "mine");
	assert.deepEqual(grid.changes(), [{ student: "HS1", field: "tx1", base: "9", value: "6.0" }]);
});

test("taking the co-teacher's value drops mine; typing over a conflict answers it", () => {
	const grid = model();
	grid.set(A1, "6");
	const theirs = rows();
	theirs[0].cells.tx1 = "9";
	grid.rebase(theirs);
	grid.resolve(A1, "theirs");
	assert.ok(!grid.isDirty(A1));
	assert.equal(grid.value(A1), "9");
	grid.set(A2, "5");
	const again = rows();
	again[0].cells.tx1 = "9";
	again[0].cells.tx2 = "4.0";
	grid.rebase(again);
	assert.ok(grid.conflicts.has(A2));
	grid.set(A2, "5,5");
	assert.deepEqual(grid.changes(), [{ student: "HS1", field: "tx2", base: "4.0", value: "5.5" }]);
});

test("a co-teacher's save of other cells merges silently", () => {
	const grid = model();
	grid.set(A1, "6");
	const theirs = rows();
	theirs[1].cells.tx2 = "7.0"; // another cell
	grid.rebase(theirs);
	assert.equal(grid.conflicts.size, 0);
	assert.equal(grid.value(cellKey("HS2", "tx2")), "7.0");
	assert.deepEqual(grid.changes(), [{ student: "HS1", field: "tx1", base: "", value: "6.0" }]);
});

test("a draft restored after a reload comes back as unsaved cells and conflicts", () => {
	const grid = model();
	const result = grid.restore({
		cells: {
			[A1]: { base: "", value: "6,5" },
			[A2]: { base: "5", value: "8" }, // the server has 7 now
		},
	});
	assert.equal(result.restore.length, 1);
	assert.equal(grid.value(A1), "6,5");
	assert.ok(grid.conflicts.has(A2));
	assert.deepEqual(grid.draft()[A1], { base: "", value: "6,5" });
});
