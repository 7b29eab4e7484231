// /giao-vien/bang-diem: the score grid of one class × subject × term (services/portal/scores.py).

import { call, upload } from "./api.js";
import { COMMENT, displayValue, parseCell, sameCell } from "./cells.js";
import { EditableGrid, sendChanges } from "./editable_grid.js";
import { translate as __ } from "./i18n.js";
import { banner, clear, dialog, fill, h, markReady, stateBadge, toast } from "./ui.js";

const API = "hoso_longan.services.portal.scores";

export function startScoresPage(root, data) {
	let sheet = data.sheet;
	const key = { student_group: sheet.student_group, course: sheet.course, term: sheet.term };
	const notices = h("div", { class: "hp-notices" });
	const status = h("div", { class: "hp-status-line", "aria-live": "polite" });
	const reason = h("input", { class: "form-control hp-reason", name: "change_reason", placeholder: __("Reason for the correction") });
	const header = h("div", { class: "hp-sheet-header" });
	const actions = h("div", { class: "hp-actions" });
	const gridBox = h("div", { class: "hp-grid-box" });
	const excel = h("div", { class: "hp-excel" });
	fill(root, header, notices, actions, status, gridBox, excel);

	const mode = sheet.mode;
	const columns = sheet.columns.map((field) => ({
		field,
		label: sheet.labels[field],
		kind: "text",
		inputmode: mode === COMMENT ? "text" : "decimal",
	}));
	const grid = new EditableGrid({
		container: gridBox,
		status,
		notices,
		rows: sheet.rows,
		columns,
		extra: [{ label: mode === COMMENT ? __("Term result") : __("Term average"), value: (row) => displayValue(row.result, mode) }],
		display: (value) => displayValue(value, mode),
		same: (a, b) => sameCell(a, b, mode),
		parse: (text) => parseCell(text, mode),
		draftKey: `hoso-portal:${data.site}:${data.user}:scores:${sheet.student_group}:${sheet.course}:${sheet.term}`,
		readOnly: !sheet.may_write,
		save: (changes) =>
			call(`${API}.save_sheet`, { ...key, changes, change_reason: reason.value || null }, { post: true }),
		onSaved: (answer) => {
			sheet = answer.sheet;
			drawHeader();
			drawActions();
		},
	});

	function drawHeader() {
		fill(header, 
			h("h2", { class: "hp-title" }, `${sheet.course_name} · ${__("Class")} ${sheet.class_name} · ${sheet.term}`),
			h(
				"p",
				{ class: "hp-meta" },
				stateBadge(sheet.docstatus === 1 ? "finalised" : "in_progress", sheet.workflow_label),
				" ",
				__("Finalised by: {0}", [sheet.finaliser || "—"]),
				sheet.co_teachers.length ? ` · ${__("Co-teachers: {0}", [sheet.co_teachers.join(", ")])}` : "",
				sheet.modified_by ? ` · ${__("Last saved by {0}", [sheet.modified_by])}` : ""
			)
		);
		const old = notices.querySelector('[data-slot="read-only"]');
		if (old) old.remove();
		if (sheet.read_only_reason) {
			const note = banner(sheet.read_only_reason, "danger");
			note.dataset.slot = "read-only";
			notices.prepend(note);
		} else if (sheet.docstatus === 1) {
			const note = banner(__("The scores are finalised: read-only. The principal can reopen them for a correction."), "info");
			note.dataset.slot = "read-only";
			notices.prepend(note);
		}
	}

	function drawActions() {
		clear(actions);
		if (sheet.needs_reason && sheet.may_write) {
			actions.append(
				h("label", { class: "hp-label hp-reason-label" }, __("The principal reopened these scores: say why you correct them"), reason)
			);
		}
		if (sheet.may_write) {
			actions.append(h("button", { type: "button", class: "btn btn-primary hp-save", onclick: () => grid.save() }, __("Save")));
		}
		if (sheet.may_finalise) {
			actions.append(" ", h("button", { type: "button", class: "btn btn-success hp-finalise", onclick: finalise }, __("Finalise Scores")));
		}
		grid.setReadOnly(!sheet.may_write);
	}

	async function finalise() {
		await grid.save();
		if (grid.model.hasUnsaved()) {
			toast(__("Save every cell before finalising."), "danger");
			return;
		}
		const empty = sheet.rows.reduce((n, row) => n + sheet.columns.filter((f) => !row.cells[f]).length, 0);
		const ok = await dialog({
			title: __("Finalise the scores?"),
			text:
				(empty ? __("{0} cells are still empty.", [empty]) + " " : "") +
				__("After finalising, only the principal can reopen the scores for a correction."),
			confirmLabel: __("Finalise Scores"),
		});
		if (!ok) return;
		try {
			sheet = await call(`${API}.finalise_sheet`, { ...key, modified: sheet.modified }, { post: true });
			grid.model.rebase(sheet.rows);
			grid.view.setRows(sheet.rows);
			drawHeader();
			drawActions();
			toast(__("Scores finalised."));
		} catch (error) {
			toast(error.message, "danger");
		}
	}

	function drawExcel() {
		const query = new URLSearchParams(key);
		const file = h("input", { type: "file", accept: ".xlsx", class: "hp-file", name: "file" });
		const problems = h("ul", { class: "hp-problems hp-import-problems" });
		file.addEventListener("change", async () => {
			if (!file.files.length) return;
			clear(problems);
			if (grid.model.hasUnsaved()) await grid.save();
			try {
				const answer = await upload(`${API}.import_scores`, key, file.files[0]);
				if (answer.status === "refused") {
					problems.append(h("li", { class: "hp-problem" }, __("Nothing was imported:")));
					for (const problem of answer.problems) problems.append(h("li", { class: "hp-problem" }, problem));
				} else {
					sheet = answer.sheet;
					grid.model.rebase(sheet.rows);
					grid.view.setRows(sheet.rows);
					drawHeader();
					drawActions();
					toast(__("{0} student rows imported", [answer.rows]));
				}
			} catch (error) {
				problems.append(h("li", { class: "hp-problem" }, error.message));
			}
			file.value = "";
		});
		fill(excel, 
			h("h3", {}, __("Excel")),
			h("a", { class: "btn btn-default btn-sm hp-template", href: `/api/method/${API}.download_template?${query}` }, __("Download Excel Template")),
			sheet.may_write ? h("label", { class: "btn btn-default btn-sm hp-upload" }, __("Import Scores from Excel"), file) : null,
			problems
		);
	}

	drawHeader();
	drawActions();
	drawExcel();
	markReady();
	return grid;
}
