// /giao-vien/chu-nhiem: the homeroom class — conduct per term, absences, học bạ remarks, the class's results
// and what the year-end still misses (services/portal/homeroom.py).

import { call } from "./api.js";
import { EditableGrid } from "./editable_grid.js";
import { translate as __ } from "./i18n.js";
import { banner, clear, dialog, fill, h, markReady, numberAndName, stateBadge, toast } from "./ui.js";

const API = "hoso_longan.services.portal.homeroom";

export function startHomeroomPage(root, data) {
	const group = data.student_group;
	const tabs = [
		{ id: "HK1", label: __("Conduct {0}", ["HK1"]), draw: (box) => conduct(box, "HK1") },
		{ id: "HK2", label: __("Conduct {0}", ["HK2"]), draw: (box) => conduct(box, "HK2") },
		{ id: "absences", label: __("Absences"), draw: absences },
		{ id: "remarks", label: __("Học bạ remarks"), draw: remarks },
		{ id: "results", label: __("Results"), draw: results },
	];
	const nav = h("nav", { class: "hp-tabs", role: "tablist" });
	const panel = h("div", { class: "hp-tab-panel", role: "tabpanel" });
	fill(root, h("h2", { class: "hp-title" }, __("Homeroom class {0}", [data.class_name])), nav, panel);
	const wanted = new URLSearchParams(location.search).get("tab");

	function open(tab) {
		for (const button of nav.children) button.setAttribute("aria-selected", String(button.dataset.tab === tab.id));
		clear(panel);
		const url = new URL(location.href);
		url.searchParams.set("tab", tab.id);
		history.replaceState(null, "", url);
		tab.draw(panel);
	}
	for (const tab of tabs) nav.append(h("button", { type: "button", role: "tab", class: "hp-tab", dataset: { tab: tab.id }, onclick: () => open(tab) }, tab.label));

	function conduct(box, term) {
		let sheet = data.conduct[term];
		const notices = h("div", { class: "hp-notices" });
		const status = h("div", { class: "hp-status-line", "aria-live": "polite" });
		const actions = h("div", { class: "hp-actions" });
		const reason = h("input", { class: "form-control hp-reason", name: "change_reason", placeholder: __("Reason for the correction") });
		const gridBox = h("div", { class: "hp-grid-box" });
		box.append(notices, actions, status, gridBox);
		const grid = new EditableGrid({
			container: gridBox,
			status,
			notices,
			rows: sheet.rows,
			columns: [
				{ field: "level", label: __("Conduct Level"), kind: "select", options: sheet.levels },
				{ field: "remarks", label: __("Remarks"), kind: "textarea" },
			],
			display: (value) => value,
			draftKey: `hoso-portal:${data.site}:${data.user}:conduct:${group}:${term}`,
			readOnly: !sheet.may_write,
			save: (changes) => call(`${API}.save_conduct`, { student_group: group, term, changes, change_reason: reason.value || null }, { post: true }),
			onSaved: (answer) => {
				sheet = data.conduct[term] = answer.sheet;
				drawActions();
			},
		});
		function drawActions() {
			clear(actions);
			const old = notices.querySelector('[data-slot="read-only"]');
			if (old) old.remove();
			const note = sheet.read_only_reason
				? banner(sheet.read_only_reason, "danger")
				: sheet.docstatus === 1
					? banner(__("The conduct is finalised: read-only. The principal can reopen it for a correction."), "info")
					: null;
			if (note) {
				note.dataset.slot = "read-only";
				notices.prepend(note);
			}
			actions.append(h("span", { class: "hp-meta" }, stateBadge(sheet.docstatus === 1 ? "finalised" : "in_progress", sheet.workflow_label)), " ");
			if (sheet.needs_reason && sheet.may_write) actions.append(h("label", { class: "hp-label" }, __("The principal reopened the conduct: say why you correct it"), reason));
			if (sheet.may_write) actions.append(h("button", { type: "button", class: "btn btn-primary btn-sm hp-save", onclick: () => grid.save() }, __("Save")), " ");
			if (sheet.may_finalise) actions.append(h("button", { type: "button", class: "btn btn-success btn-sm hp-finalise", onclick: finalise }, __("Finalise Conduct")));
			grid.setReadOnly(!sheet.may_write);
		}
		async function finalise() {
			await grid.save();
			if (grid.model.hasUnsaved()) return toast(__("Save every cell before finalising."), "danger");
			const ok = await dialog({ title: __("Finalise the conduct of {0}?", [term]), text: __("After finalising, only the principal can reopen it for a correction."), confirmLabel: __("Finalise Conduct") });
			if (!ok) return;
			try {
				sheet = data.conduct[term] = await call(`${API}.finalise_conduct`, { student_group: group, term, modified: sheet.modified }, { post: true });
				grid.model.rebase(sheet.rows);
				grid.view.setRows(sheet.rows);
				drawActions();
				toast(__("Conduct finalised."));
			} catch (error) {
				toast(error.message, "danger");
			}
		}
		drawActions();
	}

	async function absences(box, date = null) {
		box.append(h("p", {}, __("Loading…")));
		let view;
		try {
			view = await call(`${API}.get_attendance`, { student_group: group, date });
		} catch (error) {
			fill(box, banner(error.message, "danger"));
			return;
		}
		const picker = h("input", { type: "date", class: "form-control input-sm hp-date", name: "date", value: view.date });
		picker.addEventListener("change", () => absences(clear(box), picker.value));
		const boxes = view.rows.map((row) => h("input", { type: "checkbox", class: "hp-absent", name: row.student, checked: row.absent, disabled: !view.may_write }));
		const save = async () => {
			const absent = boxes.filter((b) => b.checked).map((b) => b.name);
			try {
				const answer = await call(`${API}.save_attendance`, { student_group: group, date: view.date, absent }, { post: true });
				toast(__("{0} changes saved", [answer.changed]));
				absences(clear(box), view.date);
			} catch (error) {
				box.prepend(banner(error.message, "danger"));
			}
		};
		fill(box, 
			view.read_only_reason ? banner(view.read_only_reason, "danger") : null,
			h("label", { class: "hp-label hp-inline" }, __("Day"), picker),
			h(
				"table",
				{ class: "hp-grid hp-attendance" },
				h("thead", {}, h("tr", {}, ...numberAndName(), h("th", {}, __("Absent")), h("th", {}, __("Days absent this year")))),
				h("tbody", {}, view.rows.map((row, i) => h("tr", {}, ...numberAndName(row), h("td", {}, h("label", { class: "hp-tap" }, boxes[i])), h("td", {}, row.total))))
			),
			view.may_write ? h("button", { type: "button", class: "btn btn-primary btn-sm hp-save-absences", onclick: save }, __("Save")) : null
		);
	}

	async function remarks(box) {
		box.append(h("p", {}, __("Loading…")));
		let view;
		try {
			view = await call(`${API}.get_comments`, { student_group: group });
		} catch (error) {
			fill(box, banner(error.message, "danger"));
			return;
		}
		clear(box);
		if (!view.rows.some((r) => r.page)) {
			box.append(h("p", { class: "hp-empty" }, __("The học bạ pages of this year are created by the year-end computation; remarks are written then.")));
			return;
		}
		const notices = h("div", { class: "hp-notices" }, view.read_only_reason ? banner(view.read_only_reason, "danger") : null);
		const status = h("div", { class: "hp-status-line" });
		const gridBox = h("div", { class: "hp-grid-box" });
		box.append(notices, status, gridBox);
		const rows = view.rows.map((row) => ({ ...row, cells: { comment: row.comment } }));
		const grid = new EditableGrid({
			container: gridBox,
			status,
			notices,
			rows,
			columns: [{ field: "comment", label: __("Homeroom Teacher's Comment"), kind: "textarea" }],
			extra: [{ label: __("Status"), value: (row) => row.state }],
			display: (value) => value,
			draftKey: `hoso-portal:${data.site}:${data.user}:remarks:${group}`,
			readOnly: !view.may_write,
			save: async (changes) => {
				const answer = await call(`${API}.save_comments`, { student_group: group, changes }, { post: true });
				return { ...answer, sheet: { rows: answer.rows.map((row) => ({ ...row, cells: { comment: row.comment } })) } };
			},
		});
		for (const inputs of grid.view.inputs) for (const input of inputs) if (!rows[Number(input.dataset.row)].editable) input.disabled = true;
	}

	async function results(box) {
		box.append(h("p", {}, __("Loading…")));
		let view;
		try {
			view = await call(`${API}.get_results`, { student_group: group });
		} catch (error) {
			fill(box, banner(error.message, "danger"));
			return;
		}
		fill(box, 
			h("h3", {}, __("Still missing before the year-end computation")),
			view.gaps.length
				? h("ul", { class: "hp-gaps" }, view.gaps.map((gap) => h("li", {}, gap)))
				: h("p", { class: "hp-ok" }, __("Nothing is missing: the class can be computed.")),
			h("h3", {}, __("Year results")),
			view.computed
				? h(
						"div",
						{ class: "hp-grid-scroll" },
						h(
							"table",
							{ class: "hp-grid hp-results" },
							h("thead", {}, h("tr", {}, ...numberAndName(), [__("Learning Result (KQHT)"), __("Conduct Result (KQRL)"), __("Sessions Absent"), __("Outcome"), __("Award")].map((t) => h("th", {}, t)))),
							h("tbody", {}, view.rows.map((r) => h("tr", {}, ...numberAndName(r), h("td", {}, r.learning), h("td", {}, r.conduct), h("td", {}, r.absences), h("td", {}, r.outcome), h("td", {}, r.award))))
						)
					)
				: h("p", { class: "hp-empty" }, __("The year results are not computed yet."))
		);
	}

	open(tabs.find((tab) => tab.id === wanted) || tabs[0]);
	markReady();
}
