// Keyboard movement in the score grid: Tab along the row, Enter down the column, arrows.
import assert from "node:assert/strict";
import { test } from "node:test";

import { move } from "../../hoso_longan/public/js/portal/grid_nav.js";

const grid = { rows: 3, cols: 4 };

test("Tab moves along the row and wraps to the next student; Shift+Tab goes back", () => {
	assert.deepEqual(move({ row: 0, col: 0 }, "Tab", grid), { row: 0, col: 1 });
	assert.deepEqual(move({ row: 0, col: 3 }, "Tab", grid), { row: 1, col: 0 });
	assert.deepEqual(move({ row: 1, col: 0 }, "Tab", { ...grid, shift: true }), { row: 0, col: 3 });
	assert.equal(move({ row: 2, col: 3 }, "Tab", grid), null, "the last cell lets the browser leave the grid");
	assert.equal(move({ row: 0, col: 0 }, "Tab", { ...grid, shift: true }), null);
});

test("Enter goes down the column, then to the top of the next column", () => {
	assert.deepEqual(move({ row: 0, col: 1 }, "Enter", grid), { row: 1, col: 1 });
	assert.deepEqual(move({ row: 2, col: 1 }, "Enter", grid), { row: 0, col: 2 });
	assert.deepEqual(move({ row: 2, col: 3 }, "Enter", grid), { row: 2, col: 3 });
	assert.deepEqual(move({ row: 1, col: 1 }, "Enter", { ...grid, shift: true }), { row: 0, col: 1 });
	assert.deepEqual(move({ row: 0, col: 1 }, "Enter", { ...grid, shift: true }), { row: 2, col: 0 });
});

test("arrows move up and down; left and right only from the edge of the typed text", () => {
	assert.deepEqual(move({ row: 1, col: 1 }, "ArrowDown", grid), { row: 2, col: 1 });
	assert.deepEqual(move({ row: 2, col: 1 }, "ArrowDown", grid), { row: 2, col: 1 });
	assert.deepEqual(move({ row: 1, col: 1 }, "ArrowUp", grid), { row: 0, col: 1 });
	assert.deepEqual(move({ row: 1, col: 1 }, "ArrowRight", grid), { row: 1, col: 2 });
	assert.equal(move({ row: 1, col: 1 }, "ArrowRight", { ...grid, atEnd: false }), null);
	assert.deepEqual(move({ row: 1, col: 1 }, "ArrowLeft", grid), { row: 1, col: 0 });
	assert.equal(move({ row: 1, col: 1 }, "ArrowLeft", { ...grid, atStart: false }), null);
	assert.deepEqual(move({ row: 1, col: 3 }, "ArrowRight", grid), { row: 1, col: 3 });
});

test("other keys are the browser's", () => {
	assert.equal(move({ row: 0, col: 0 }, "a", grid), null);
	assert.equal(move({ row: 0, col: 0 }, "Tab", { rows: 0, cols: 0 }), null);
});
