// An editable grid on the page: one row per student (in class-list order), one input per column. Keyboard
// entry as in a score book (grid_nav.js), unsaved cells marked, a cell's problem shown on it and listed under
// the grid, cells in conflict with a co-teacher's save marked with both values. The state lives in a
// GridModel; this file only draws it and reports what the teacher types.

import { cellKey } from "./drafts.js";
import { move } from "./grid_nav.js";
import { translate as __ } from "./i18n.js";
import { clear, h, numberAndName } from "./ui.js";

export class GridView {
	// columns: [{ field, label, kind: "text"|"select"|"textarea", options, inputmode }]
	// extra: [{ label, value(row) }] read-only columns after the inputs (e.g. the term result)
	constructor(container, { rows, columns, extra = [], model, display = (v) => v, readOnly = false, onInput }) {
		this.container = container;
		this.rows = rows;
		this.columns = columns;
		this.extra = extra;
		this.model = model;
		this.display = display;
		this.readOnly = readOnly;
		this.onInput = onInput;
		this.serverProblems = new Map(); // key → the server's reason
		this.inputs = [];
		this.render();
	}

	render() {
		clear(this.container);
		const head = h(
			"tr",
			{},
			numberAndName(),
			this.columns.map((column) => h("th", { scope: "col", class: `hp-col-${column.kind || "text"}` }, column.label)),
			this.extra.map((column) => h("th", { scope: "col", class: "hp-col-extra" }, column.label))
		);
		this.inputs = [];
		this.extraCells = [];
		const body = h(
			"tbody",
			{},
			this.rows.map((row, r) => {
				const inputs = this.columns.map((column, c) => this.input(row, column, r, c));
				this.inputs.push(inputs);
				const extras = this.extra.map((column) => h("td", { class: "hp-col-extra" }, column.value(row)));
				this.extraCells.push(extras);
				return h(
					"tr",
					{ dataset: { student: row.student } },
					numberAndName(row),
					inputs.map((input, c) => h("td", { class: `hp-cell hp-cell-${this.columns[c].kind || "text"}` }, input)),
					extras
				);
			})
		);
		// A grid with a remark column lays each remark under its student on a phone (CSS hp-grid-stacked).
		const stacked = this.columns.some((column) => column.kind === "textarea");
		this.table = h("table", { class: stacked ? "hp-grid hp-grid-stacked" : "hp-grid" }, h("thead", {}, head), body);
		this.problemList = h("ul", { class: "hp-problems", "aria-live": "polite" });
		this.container.append(h("div", { class: "hp-grid-scroll" }, this.table), this.problemList);
		this.refresh();
	}

	input(row, column, r, c) {
		const key = cellKey(row.student, column.field);
		const common = {
			class: "hp-input",
			name: key,
			"aria-label": `${row.student_name} – ${column.label}`,
			dataset: { row: r, col: c, field: column.field, student: row.student },
			disabled: this.readOnly,
		};
		let input;
		if (column.kind === "select") {
			input = h(
				"select",
				common,
				h("option", { value: "" }, ""),
				column.options.map((option) => h("option", { value: option }, option))
			);
			input.addEventListener("change", () => this.changed(input));
		} else if (column.kind === "textarea") {
			input = h("textarea", { ...common, rows: 2, placeholder: column.label });
			input.addEventListener("input", () => this.changed(input));
		} else {
			input = h("input", {
				...common,
				type: "text",
				inputmode: column.inputmode || "text",
				autocomplete: "off",
				autocapitalize: "characters",
				spellcheck: "false",
				enterkeyhint: "next",
			});
			input.addEventListener("input", () => this.changed(input));
		}
		input.addEventListener("keydown", (event) => this.key(event, input));
		input.addEventListener("focus", () => input.select && column.kind !== "textarea" && input.select());
		return input;
	}

	key(event, input) {
		const kind = this.columns[Number(input.dataset.col)].kind || "text";
		if (kind === "textarea" && event.key === "Enter" && !event.ctrlKey) return; // new line in a remark
		if (kind === "select" && (event.key === "ArrowUp" || event.key === "ArrowDown")) return; // choose a level
		const text = kind === "text" && input.value !== undefined ? input : null;
		const target = move({ row: Number(input.dataset.row), col: Number(input.dataset.col) }, event.key, {
			rows: this.inputs.length,
			cols: this.columns.length,
			shift: event.shiftKey,
			atStart: !text || (text.selectionStart === 0 && text.selectionEnd === 0) || text.selectionEnd - text.selectionStart === text.value.length,
			atEnd: !text || text.selectionStart === text.value.length || text.selectionEnd - text.selectionStart === text.value.length,
		});
		if (!target) return;
		event.preventDefault();
		const next = this.inputs[target.row][target.col];
		next.focus();
	}

	changed(input) {
		const key = input.name;
		this.serverProblems.delete(key);
		this.model.set(key, input.value);
		this.paint(input);
		this.listProblems();
		if (this.onInput) this.onInput(key);
	}

	// Draw the model's values and marks on every input (after a load, a save, a restore).
	refresh() {
		for (const inputs of this.inputs) {
			for (const input of inputs) {
				const value = this.model.value(input.name);
				const shown = this.model.isDirty(input.name) ? value : this.display(value);
				if (document.activeElement !== input || !this.model.isDirty(input.name)) input.value = shown;
				this.paint(input);
			}
		}
		this.rows.forEach((row, r) => {
			this.extra.forEach((column, c) => {
				this.extraCells[r][c].textContent = column.value(row);
			});
		});
		this.listProblems();
	}

	setRows(rows) {
		// the same students in the same order (a save answers with the same sheet); only the values change
		const byStudent = new Map(rows.map((row) => [row.student, row]));
		this.rows = this.rows.map((row) => byStudent.get(row.student) || row);
		this.refresh();
	}

	setReadOnly(readOnly) {
		this.readOnly = readOnly;
		for (const inputs of this.inputs) for (const input of inputs) input.disabled = readOnly;
	}

	paint(input) {
		const key = input.name;
		const problem = this.serverProblems.get(key) || this.model.problem(key);
		const conflict = this.model.conflicts.get(key);
		input.classList.toggle("is-dirty", this.model.isDirty(key));
		input.classList.toggle("is-invalid", Boolean(problem));
		input.classList.toggle("is-conflict", Boolean(conflict));
		input.setAttribute("aria-invalid", problem ? "true" : "false");
		input.title = problem || (conflict ? __("Yours: {0} · saved by a co-teacher: {1}", [conflict.mine, this.display(conflict.theirs)]) : "");
	}

	listProblems() {
		clear(this.problemList);
		for (const inputs of this.inputs) {
			for (const input of inputs) {
				const problem = this.serverProblems.get(input.name) || this.model.problem(input.name);
				if (!problem) continue;
				const row = this.rows[Number(input.dataset.row)];
				const column = this.columns[Number(input.dataset.col)];
				this.problemList.append(
					h(
						"li",
						{ class: "hp-problem", dataset: { student: row.student, field: column.field } },
						h("button", { type: "button", class: "btn btn-link btn-xs", onclick: () => input.focus() }, `${row.number}. ${row.student_name}, ${column.label}`),
						": ",
						problem
					)
				);
			}
		}
	}

	showServerProblems(problems) {
		this.serverProblems.clear();
		for (const problem of problems) {
			if (problem.field) this.serverProblems.set(cellKey(problem.student, problem.field), problem.reason || problem.message);
		}
		this.refresh();
		const first = problems.find((p) => p.field);
		if (first) {
			const input = this.find(first.student, first.field);
			if (input) input.focus();
		}
	}

	find(student, field) {
		for (const inputs of this.inputs) for (const input of inputs) if (input.dataset.student === student && input.dataset.field === field) return input;
		return null;
	}

	columnLabel(field) {
		const column = this.columns.find((c) => c.field === field);
		return column ? column.label : field;
	}

	studentName(student) {
		const row = this.rows.find((r) => r.student === student);
		return row ? row.student_name : student;
	}
}
