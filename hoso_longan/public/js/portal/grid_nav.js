// Keyboard movement in a grid of inputs, as in a paper score book or a spreadsheet:
// Tab / Shift+Tab: next / previous cell along the row, wrapping to the next / previous student;
// Enter / Shift+Enter: the same column of the next / previous student (down the column, as scores of one
// test are entered); arrow keys: up and down always, left and right only when the caret is at the edge of
// the text (so a typed "8,5" can still be edited). Returns the cell to focus, or null to leave focus where
// it is (the browser then does its default).

export function move({ row, col }, key, { rows, cols, shift = false, atStart = true, atEnd = true }) {
	if (rows <= 0 || cols <= 0) return null;
	const clamp = (r, c) => ({ row: r, col: c });
	switch (key) {
		case "Tab": {
			const index = row * cols + col + (shift ? -1 : 1);
			if (index < 0 || index >= rows * cols) return null; // leave the grid: the browser moves on
			return clamp(Math.floor(index / cols), index % cols);
		}
		case "Enter": {
			const next = row + (shift ? -1 : 1);
			if (next >= 0 && next < rows) return clamp(next, col);
			if (!shift && col + 1 < cols) return clamp(0, col + 1); // bottom of a column: top of the next
			if (shift && col > 0) return clamp(rows - 1, col - 1);
			return { row, col };
		}
		case "ArrowDown":
			return row + 1 < rows ? clamp(row + 1, col) : { row, col };
		case "ArrowUp":
			return row > 0 ? clamp(row - 1, col) : { row, col };
		case "ArrowRight":
			if (!atEnd) return null;
			return col + 1 < cols ? clamp(row, col + 1) : { row, col };
		case "ArrowLeft":
			if (!atStart) return null;
			return col > 0 ? clamp(row, col - 1) : { row, col };
		default:
			return null;
	}
}
