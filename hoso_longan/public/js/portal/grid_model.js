// The state of an editable grid (scores, conduct, remarks): what the server has, what the teacher changed and
// has not saved yet, and the cells in conflict with a co-teacher's save. No DOM here (unit-tested under node).
//
// Every unsaved cell remembers the value it replaced (``base``). Whenever the server's values arrive (the
// page loads, a save answers, a co-teacher's save is discovered), ``rebase`` judges each unsaved cell:
// the server has the typed value → saved; still the base → stays unsaved; something else → a conflict,
// which the teacher resolves by keeping their value or taking the co-teacher's.

import { cellKey, reconcile, splitKey } from "./drafts.js";

export class GridModel {
	constructor({ rows, fields, same = (a, b) => a === b, parse = (text) => ({ stored: text, problem: null }) }) {
		this.fields = fields;
		this.same = same;
		this.parse = parse;
		this.students = rows.map((row) => row.student);
		this.server = new Map();
		this.local = new Map(); // key → { base, value }
		this.conflicts = new Map(); // key → { base, mine, theirs }
		this.setServer(rows);
	}

	setServer(rows) {
		this.server.clear();
		for (const row of rows) {
			for (const field of this.fields) this.server.set(cellKey(row.student, field), row.cells[field] ?? "");
		}
	}

	serverValue(key) {
		return this.server.has(key) ? this.server.get(key) : undefined;
	}

	value(key) {
		if (this.local.has(key)) return this.local.get(key).value;
		return this.server.get(key) ?? "";
	}

	isDirty(key) {
		return this.local.has(key);
	}

	// The teacher typed ``text`` in a cell.
	set(key, text) {
		if (!this.server.has(key)) throw new Error(`unknown cell ${key}`);
		const current = this.local.get(key);
		const conflict = this.conflicts.get(key);
		// typing over a conflict is the teacher's answer to it: their value replaces the co-teacher's
		const base = conflict ? conflict.theirs : current ? current.base : this.server.get(key);
		if (this.same(text, this.server.get(key)) && this.same(base, this.server.get(key))) {
			this.local.delete(key); // back to what the server has
		} else {
			this.local.set(key, { base, value: text });
		}
		this.conflicts.delete(key);
	}

	problem(key) {
		if (!this.local.has(key)) return null;
		return this.parse(this.local.get(key).value).problem;
	}

	problems() {
		const found = new Map();
		for (const key of this.local.keys()) {
			const problem = this.problem(key);
			if (problem) found.set(key, problem);
		}
		return found;
	}

	// The changes a save sends: each unsaved cell, its base, and its value as the server keeps it.
	changes() {
		const changes = [];
		for (const [key, cell] of this.local) {
			if (this.conflicts.has(key)) continue; // waits for the teacher's choice
			const { student, field } = splitKey(key);
			const parsed = this.parse(cell.value);
			changes.push({ student, field, base: cell.base, value: parsed.problem ? cell.value : parsed.stored });
		}
		return changes;
	}

	hasUnsaved() {
		return this.local.size > 0;
	}

	// The server's values arrived: judge every unsaved cell against them (see the top of the file).
	rebase(rows) {
		this.setServer(rows);
		const result = reconcile({ cells: Object.fromEntries(this.local) }, (key) => this.serverValue(key), this.same);
		for (const key of [...result.saved, ...result.unknown]) {
			this.local.delete(key);
			this.conflicts.delete(key);
		}
		for (const conflict of result.conflicts) {
			this.conflicts.set(conflict.key, { base: conflict.base, mine: conflict.mine, theirs: conflict.theirs });
		}
		for (const kept of result.restore) this.conflicts.delete(kept.key);
		return result;
	}

	// A draft from the device, judged against the server's values now (the page was reloaded or reopened).
	restore(draft) {
		const result = reconcile(draft, (key) => this.serverValue(key), this.same);
		for (const cell of result.restore) this.local.set(cell.key, { base: cell.base, value: cell.value });
		for (const conflict of result.conflicts) {
			this.local.set(conflict.key, { base: conflict.base, value: conflict.mine });
			this.conflicts.set(conflict.key, { base: conflict.base, mine: conflict.mine, theirs: conflict.theirs });
		}
		return result;
	}

	// Keep my value over the co-teacher's (it replaces theirs at the next save) or take theirs.
	resolve(key, choice) {
		const conflict = this.conflicts.get(key);
		if (!conflict) return;
		this.conflicts.delete(key);
		if (choice === "mine") {
			this.local.set(key, { base: conflict.theirs, value: conflict.mine });
		} else {
			this.local.delete(key);
		}
	}

	draft() {
		return Object.fromEntries(this.local);
	}
}
