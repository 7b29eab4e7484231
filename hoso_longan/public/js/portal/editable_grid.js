// A grid that saves itself: the model (grid_model.js), its view (grid_view.js), the draft on the device
// (drafts.js) and the conversation with the server. Used for scores, conduct and học bạ remarks.
//
// - every keystroke is kept in the draft at once; the grid is saved 2 seconds after the teacher stops
//   typing, or at once with the Save button (or Ctrl+S);
// - a failed connection keeps the draft and saves again when the browser is back online;
// - the server's answer: saved (cells clean), invalid (its messages on the cells), conflict (a co-teacher
//   saved the same cells: both values shown, the teacher chooses), retry (a co-teacher created the sheet at
//   the same moment: sent again once).

import { call } from "./api.js";
import { DraftStore, splitKey } from "./drafts.js";
import { GridModel } from "./grid_model.js";
import { GridView } from "./grid_view.js";
import { translate as __ } from "./i18n.js";
import { banner, fill, formatTime, h } from "./ui.js";

const AUTOSAVE_MS = 2000;

export class EditableGrid {
	// options: { container, status, notices, rows, columns, extra, display, same, parse, draftKey, readOnly,
	//            save: (changes) => Promise<answer>, onSaved(answer), storage }
	constructor(options) {
		this.options = options;
		this.model = new GridModel({
			rows: options.rows,
			fields: options.columns.map((c) => c.field),
			same: options.same,
			parse: options.parse,
		});
		this.drafts = new DraftStore(options.storage || globalThis.localStorage, options.draftKey);
		this.view = new GridView(options.container, {
			rows: options.rows,
			columns: options.columns,
			extra: options.extra || [],
			model: this.model,
			display: options.display,
			readOnly: options.readOnly,
			onInput: () => this.typed(),
		});
		this.status = options.status;
		this.notices = options.notices;
		this.saving = null;
		this.timer = null;
		this.offline = false;
		this.lastSaved = null;
		this.restoreDraft();
		window.addEventListener("online", () => this.offline && this.save());
		window.addEventListener("pagehide", () => this.keepDraft());
		document.addEventListener("keydown", (event) => {
			if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
				event.preventDefault();
				this.save();
			}
		});
		this.showStatus();
	}

	restoreDraft() {
		const draft = this.drafts.load();
		if (!draft) return;
		const result = this.model.restore(draft);
		this.keepDraft();
		this.view.refresh();
		const restored = result.restore.length + result.conflicts.length;
		if (restored) {
			this.notice(
				"draft",
				banner(__("{0} unsaved cells restored from the draft on this device.", [restored]), "info"),
			);
			this.schedule();
		}
		this.showConflicts();
	}

	keepDraft() {
		const kept = this.drafts.save(this.model.draft());
		if (!kept && this.model.hasUnsaved()) {
			this.notice("storage", banner(__("This browser does not keep drafts: save before leaving the page."), "warning"));
		}
	}

	typed() {
		this.keepDraft();
		this.notice("draft", null);
		this.schedule();
		this.showStatus();
	}

	schedule() {
		clearTimeout(this.timer);
		if (this.options.readOnly) return;
		this.timer = setTimeout(() => this.save(), AUTOSAVE_MS);
	}

	async save() {
		clearTimeout(this.timer);
		if (this.options.readOnly) return;
		if (this.saving) {
			this.again = true; // typed during the save: save once more when it answers
			return this.saving;
		}
		const changes = this.model.changes();
		if (!changes.length) {
			this.showStatus();
			return;
		}
		this.saving = this.send(changes).finally(() => {
			this.saving = null;
			if (this.again) {
				this.again = false;
				this.schedule();
			}
			this.showStatus();
		});
		this.showStatus();
		return this.saving;
	}

	async send(changes, retried = false) {
		let answer;
		try {
			answer = await this.options.save(changes);
		} catch (error) {
			this.offline = Boolean(error.offline);
			this.error = error.offline ? null : error.message;
			this.notice("error", this.error ? banner(this.error, "danger") : null);
			return;
		}
		this.offline = false;
		this.error = null;
		this.notice("error", null);
		if (answer.status === "retry" && !retried) return this.send(changes, true);
		if (answer.status === "invalid") {
			this.view.showServerProblems(answer.problems);
			this.invalid = answer.problems.length;
			return;
		}
		this.invalid = 0;
		this.view.serverProblems.clear();
		const view = answer.sheet;
		this.model.rebase(view.rows);
		this.view.setRows(view.rows);
		this.keepDraft();
		if (answer.status === "saved") this.lastSaved = new Date();
		this.showConflicts(answer.status === "conflict" ? view.modified_by : null);
		if (this.options.onSaved) this.options.onSaved(answer);
	}

	showConflicts(who = null) {
		if (!this.model.conflicts.size) {
			this.notice("conflict", null);
			return;
		}
		const items = [...this.model.conflicts.entries()].map(([key, conflict]) => {
			const { student, field } = splitKey(key);
			const display = this.options.display;
			return h(
				"li",
				{ class: "hp-conflict", dataset: { student, field } },
				h("strong", {}, `${this.view.studentName(student)}, ${this.view.columnLabel(field)}: `),
				__("yours {0}, saved by {1}: {2}", [conflict.mine || "∅", who || __("a co-teacher"), display(conflict.theirs) || "∅"]),
				" ",
				h("button", { type: "button", class: "btn btn-xs btn-primary hp-keep-mine", onclick: () => this.resolve(key, "mine") }, __("Keep mine")),
				" ",
				h("button", { type: "button", class: "btn btn-xs btn-default hp-take-theirs", onclick: () => this.resolve(key, "theirs") }, __("Take theirs"))
			);
		});
		this.notice(
			"conflict",
			banner(
				__("A co-teacher saved some of the same cells. Nothing of yours was written; choose for each cell:"),
				"warning",
				h("ul", { class: "hp-conflicts" }, items)
			)
		);
	}

	resolve(key, choice) {
		this.model.resolve(key, choice);
		this.keepDraft();
		this.view.refresh();
		this.showConflicts();
		this.schedule();
		this.showStatus();
	}

	notice(slot, element) {
		if (!this.notices) return;
		const old = this.notices.querySelector(`[data-slot="${slot}"]`);
		if (old) old.remove();
		if (element) {
			element.dataset.slot = slot;
			this.notices.append(element);
		}
	}

	showStatus() {
		if (!this.status) return;
		const unsaved = this.model.local.size;
		let text;
		let kind = "muted";
		if (this.options.readOnly) text = "";
		else if (this.saving) text = __("Saving…");
		else if (this.offline) {
			text = __("No connection: {0} unsaved cells are kept on this device and will be saved when the connection returns.", [unsaved]);
			kind = "warning";
		} else if (this.model.conflicts.size) {
			text = __("{0} cells in conflict: choose above.", [this.model.conflicts.size]);
			kind = "warning";
		} else if (this.invalid) {
			text = __("Not saved: correct the cells marked in red.");
			kind = "danger";
		} else if (unsaved) text = __("{0} unsaved cells (kept on this device)", [unsaved]);
		else if (this.lastSaved) {
			text = __("Saved at {0}", [formatTime(this.lastSaved)]);
			kind = "success";
		} else text = __("All changes saved");
		fill(this.status, h("span", { class: `hp-status hp-status-${kind}`, dataset: { state: kind } }, text));
	}

	setReadOnly(readOnly) {
		this.options.readOnly = readOnly;
		this.view.setReadOnly(readOnly);
		this.showStatus();
	}
}

export function sendChanges(method, args) {
	return (changes) => call(method, { ...args, changes }, { post: true });
}
