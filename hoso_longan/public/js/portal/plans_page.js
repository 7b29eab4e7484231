// /giao-vien/ke-hoach: lesson plans and the personal education plan; a head of department's reviews
// (services/portal/plans.py).

import { call, upload } from "./api.js";
import { translate as __ } from "./i18n.js";
import { askSecret, banner, clear, dialog, fill, h, markReady, stateBadge, toast } from "./ui.js";

const API = "hoso_longan.services.portal.plans";

export function startPlansPage(root, data) {
	let view = data.plans;
	const opened = new Set(); // plans whose edit box the teacher opened stay open when the list is redrawn
	const notices = h("div", { class: "hp-notices" });
	const body = h("div", {});
	fill(root, h("h2", { class: "hp-title" }, __("Plans")), notices, body);

	async function reload() {
		view = await call(`${API}.plans_view`, { academic_year: view.year });
		draw();
	}

	async function run(action, success) {
		clear(notices);
		try {
			await action();
			if (success) toast(success);
			await reload();
		} catch (error) {
			notices.append(banner(error.message, "danger"));
		}
	}

	function draw() {
		fill(body, 
			view.is_head || view.reviews.length ? reviews() : null,
			h("section", { class: "hp-section" }, h("h3", {}, __("My lesson plans")), lessonForm(null), planList(view.lesson_plans)),
			h(
				"section",
				{ class: "hp-section" },
				h("h3", {}, __("My education plan")),
				view.education_plans.length ? planList(view.education_plans) : educationForm(null)
			)
		);
	}

	function reviews() {
		return h(
			"section",
			{ class: "hp-section hp-reviews" },
			h("h3", {}, __("Plans waiting for your review")),
			view.reviews.length
				? h(
						"ul",
						{ class: "hp-plan-list" },
						view.reviews.map((plan) =>
							h(
								"li",
								{ class: "hp-card hp-plan", dataset: { name: plan.name } },
								h("h4", {}, plan.title),
								h("p", { class: "hp-meta" }, __("By {0}", [plan.author]), " · ", stateBadge(plan.state, plan.label)),
								plan.content ? h("pre", { class: "hp-plan-content" }, plan.content) : null,
								links(plan),
								h(
									"div",
									{ class: "hp-actions" },
									h("button", { type: "button", class: "btn btn-default btn-sm hp-return", onclick: () => returnPlan(plan) }, __("Return with a remark")),
									" ",
									h("button", { type: "button", class: "btn btn-primary btn-sm hp-approve", onclick: () => approvePlan(plan) }, __("Approve and sign"))
								)
							)
						)
					)
				: h("p", { class: "hp-empty" }, __("No plan is waiting for your review."))
		);
	}

	function links(plan) {
		return h(
			"p",
			{ class: "hp-links" },
			plan.attachment ? h("a", { href: plan.attachment, target: "_blank", rel: "noopener" }, __("Attached file")) : null,
			plan.attachment && plan.official_pdf ? " · " : null,
			plan.official_pdf ? h("a", { href: plan.official_pdf, target: "_blank", rel: "noopener" }, __("Official PDF")) : null
		);
	}

	function planList(plans) {
		if (!plans.length) return h("p", { class: "hp-empty" }, __("No plan yet."));
		return h(
			"ul",
			{ class: "hp-plan-list" },
			plans.map((plan) =>
				h(
					"li",
					{ class: "hp-card hp-plan", dataset: { name: plan.name, state: plan.state } },
					h("h4", {}, plan.title),
					h("p", { class: "hp-meta" }, stateBadge(plan.state, plan.label), plan.head ? ` · ${__("Head of department: {0}", [plan.head])}` : ""),
					plan.return_comment ? banner(__("Remark: {0}", [plan.return_comment]), "warning") : null,
					plan.read_only_reason ? banner(plan.read_only_reason, "danger") : null,
					links(plan),
					plan.may_edit
						? h(
								"details",
								{
									class: "hp-edit",
									open: plan.state === "returned" || opened.has(plan.name),
									ontoggle: (event) => (event.target.open ? opened.add(plan.name) : opened.delete(plan.name)),
								},
								h("summary", {}, __("Edit")),
								plan.doctype === "Lesson Plan" ? lessonForm(plan) : educationForm(plan),
								attachForm(plan),
								h("button", { type: "button", class: "btn btn-primary btn-sm hp-submit-plan", onclick: () => submitPlan(plan) }, __("Sign and submit"))
							)
						: null
				)
			)
		);
	}

	function lessonForm(plan) {
		const courses = view.courses;
		if (!plan && !courses.length) return h("p", { class: "hp-empty" }, __("You teach no subject this school year."));
		const form = h(
			"form",
			{ class: "hp-form hp-lesson-form" },
			h("label", { class: "hp-label" }, __("Lesson Title"), h("input", { class: "form-control", name: "lesson_title", required: true, value: plan ? plan.title : "" })),
			plan
				? null
				: h("label", { class: "hp-label" }, __("Subject"),
						h("select", { class: "form-control", name: "course" }, courses.map((c) => h("option", { value: c.course }, `${c.course_name}${c.grade ? ` (${__("grade {0}", [c.grade])})` : ""}`)))),
			h("label", { class: "hp-label hp-inline" }, __("Periods"), h("input", { class: "form-control", name: "periods", type: "number", min: 1, max: 20, value: plan ? plan.periods || 1 : 1 })),
			h("label", { class: "hp-label" }, __("Content"), h("textarea", { class: "form-control", name: "content", rows: 6 }, plan ? plan.content : "")),
			h("button", { type: "submit", class: "btn btn-default btn-sm hp-save-plan" }, plan ? __("Save") : __("Create lesson plan"))
		);
		form.addEventListener("submit", (event) => {
			event.preventDefault();
			const values = Object.fromEntries(new FormData(form));
			run(() => call(`${API}.save_lesson_plan`, { ...values, name: plan ? plan.name : null, course: plan ? plan.course : values.course }, { post: true }), __("Saved"));
		});
		return plan ? form : h("details", { class: "hp-new" }, h("summary", { class: "btn btn-default btn-sm" }, __("New lesson plan")), form);
	}

	function educationForm(plan) {
		const form = h(
			"form",
			{ class: "hp-form hp-education-form" },
			h("label", { class: "hp-label" }, __("Plan Title"), h("input", { class: "form-control", name: "plan_title", required: true, value: plan ? plan.title : "" })),
			h("label", { class: "hp-label" }, __("Content"), h("textarea", { class: "form-control", name: "content", rows: 6 }, plan ? plan.content : "")),
			h("button", { type: "submit", class: "btn btn-default btn-sm" }, plan ? __("Save") : __("Create my education plan"))
		);
		form.addEventListener("submit", (event) => {
			event.preventDefault();
			const values = Object.fromEntries(new FormData(form));
			run(() => call(`${API}.save_education_plan`, { ...values, name: plan ? plan.name : null }, { post: true }), __("Saved"));
		});
		return form;
	}

	function attachForm(plan) {
		const file = h("input", { type: "file", name: "file", class: "hp-file", accept: ".pdf,.doc,.docx,.odt,.xlsx,.xls,.pptx" });
		file.addEventListener("change", () => {
			if (!file.files.length) return;
			run(() => upload(`${API}.upload_attachment`, { doctype: plan.doctype, name: plan.name }, file.files[0]), __("File attached"));
		});
		return h("label", { class: "btn btn-default btn-sm hp-upload" }, plan.attachment ? __("Replace the file") : __("Upload the plan file"), file);
	}

	async function submitPlan(plan) {
		const secret = await askSecret(__("Sign and submit {0}", [plan.title]), __("The plan goes to your head of department with your signature."));
		if (!secret) return;
		run(() => call(`${API}.submit_plan`, { doctype: plan.doctype, name: plan.name, secret }, { post: true }), __("Submitted"));
	}

	async function returnPlan(plan) {
		const remark = await dialog({
			title: __("Return {0}", [plan.title]),
			field: { name: "remark", type: "textarea", label: __("Remark for the teacher") },
			confirmLabel: __("Return"),
		});
		if (!remark) return;
		run(() => call(`${API}.return_plan`, { doctype: plan.doctype, name: plan.name, remark }, { post: true }), __("Returned"));
	}

	async function approvePlan(plan) {
		const secret = await askSecret(__("Approve and sign {0}", [plan.title]), __("Your signature approves the plan."));
		if (!secret) return;
		run(() => call(`${API}.approve_plan`, { doctype: plan.doctype, name: plan.name, secret }, { post: true }), __("Approved"));
	}

	draw();
	markReady();
}
