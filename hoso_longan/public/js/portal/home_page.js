// /giao-vien: the teacher's school year at a glance (services/portal/home.py).

import { translate as __ } from "./i18n.js";
import { fill, h, markReady, stateBadge } from "./ui.js";

export function startHomePage(root, data) {
	const home = data.home;
	fill(
		root,
		h("h2", { class: "hp-title" }, __("Hello, {0}", [home.full_name])),
		yearPicker(home),
		nextSteps(home),
		home.subjects.length ? subjects(home) : null,
		home.homeroom.map(homeroom),
		shortcuts(home),
		!home.subjects.length && !home.homeroom.length
			? h("p", { class: "hp-empty" }, __("You have no teaching assignment in this school year yet. Ask the school's records administrator."))
			: null
	);
	markReady();
}

function yearPicker(home) {
	if (!home.years || home.years.length < 2) return home.year ? h("p", { class: "hp-meta" }, __("School year {0}", [home.year])) : null;
	return h(
		"form",
		{ class: "hp-year", method: "get" },
		h("label", { class: "hp-label" }, __("School year"), " ",
			h("select", { name: "nam_hoc", class: "form-control input-sm", onchange: (event) => event.target.form.submit() },
				home.years.map((year) => h("option", { value: year, selected: year === home.year }, year))))
	);
}

function nextSteps(home) {
	if (!home.next.length) return h("section", { class: "hp-card hp-next" }, h("h3", {}, __("What comes next")), h("p", {}, __("Nothing is due now.")));
	return h(
		"section",
		{ class: "hp-card hp-next" },
		h("h3", {}, __("What comes next")),
		h("ol", { class: "hp-steps" }, home.next.map((step) => h("li", { dataset: { kind: step.kind } }, h("a", { href: step.url }, step.text))))
	);
}

function subjects(home) {
	return h(
		"section",
		{ class: "hp-section" },
		h("h3", {}, __("My classes and subjects")),
		h(
			"div",
			{ class: "hp-cards" },
			home.subjects.map((card) =>
				h(
					"article",
					{ class: "hp-card hp-subject", dataset: { group: card.student_group, course: card.course } },
					h("h4", {}, `${card.course_name} · ${__("Class")} ${card.class_name}`),
					h(
						"p",
						{ class: "hp-meta" },
						__("{0} students", [card.students]),
						" · ",
						card.is_finaliser ? __("You finalise this subject") : __("Finalised by: {0}", [card.finaliser || "—"]),
						card.co_teachers.length ? ` · ${__("Co-teachers: {0}", [card.co_teachers.join(", ")])}` : ""
					),
					h(
						"ul",
						{ class: "hp-terms" },
						card.terms.map((term) =>
							h(
								"li",
								{ dataset: { term: term.term, state: term.state } },
								h("a", { href: term.url, class: "hp-term-link" }, term.term),
								" ",
								stateBadge(term.state, term.label),
								term.required ? h("span", { class: "hp-count" }, ` ${term.filled}/${term.required}`) : null,
								term.read_only_reason ? h("div", { class: "hp-reason" }, term.read_only_reason) : null
							)
						)
					)
				)
			)
		)
	);
}

function homeroom(card) {
	return h(
		"section",
		{ class: "hp-section" },
		h("h3", {}, __("Homeroom class {0}", [card.class_name])),
		h(
			"article",
			{ class: "hp-card hp-homeroom", dataset: { group: card.student_group } },
			h("p", { class: "hp-meta" }, __("{0} students", [card.students])),
			h(
				"ul",
				{ class: "hp-terms" },
				card.conduct.map((term) =>
					h("li", { dataset: { term: term.term, state: term.state } }, __("Conduct {0}", [term.term]), " ", stateBadge(term.state, term.label), ` ${term.filled}/${term.required}`)
				),
				h("li", {}, __("Class assessment book"), " ", stateBadge(card.book.state, card.book.label), card.book.workflow_state ? ` (${card.book.workflow_state})` : ""),
				card.pages.length ? h("li", {}, __("Học bạ pages: {0}", [card.pages.map((p) => `${p.state} ${p.count}`).join(", ")])) : null
			),
			card.gaps && card.gaps.length
				? h("details", { class: "hp-gaps" }, h("summary", {}, __("{0} things missing before the year-end computation", [card.gaps.length])), h("ul", {}, card.gaps.map((gap) => h("li", {}, gap))))
				: null,
			h("a", { class: "btn btn-primary btn-sm", href: card.url }, __("Open the homeroom class"))
		)
	);
}

function shortcuts(home) {
	const signing = home.signing || { waiting: 0, ready: 0 };
	return h(
		"section",
		{ class: "hp-section hp-shortcuts" },
		h("a", { class: "hp-card hp-shortcut", href: "/giao-vien/ky-so" }, h("strong", {}, __("Digital signing")), h("span", {}, __("{0} documents waiting for your signature", [signing.waiting]))),
		h("a", { class: "hp-card hp-shortcut", href: home.plans.url }, h("strong", {}, __("Plans")), h("span", {}, __("{0} plans", [home.plans.total])), home.reviews ? h("span", { class: "hp-count" }, ` · ${__("{0} to review", [home.reviews])}`) : null)
	);
}
