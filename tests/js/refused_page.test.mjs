// The page drawn behind the refusal of a workspace: says the workspace is not theirs, leads to their own.
import assert from "node:assert/strict";
import { test } from "node:test";

import { drawRefusedPages, homeButton, refusalMessage } from "../../hoso_longan/public/js/desk/refused_page.js";

const VI = {
	"The page “{0}” is not for your account.": "Trang “{0}” không dành cho tài khoản của bạn.",
	"Go to “{0}”": "Về trang “{0}”",
};
const translate = (text, args = []) => (VI[text] || text).replace(/\{(\d)\}/g, (_, i) => args[i]);
const escape = (text) => String(text).replace(/</g, "&lt;").replace(/>/g, "&gt;");
const REFUSED = {
	workspace: "Quản lý giáo dục",
	home: { title: "Giáo viên", route: "/app/giáo-viên" },
};

function fakeDesk(route, answer) {
	const link = { attributes: {}, textContent: "Trang chủ", setAttribute(k, v) { this.attributes[k] = v; } };
	const desk = {
		drawn: [],
		title: null,
		pages: {},
		get_route: () => route,
		utils: { escape_html: escape, set_title: (t) => (desk.title = t) },
		show_message_page(opts) {
			desk.drawn.push(opts);
			desk.pages[opts.page_name] = { querySelector: (sel) => (sel === ".btn-home" ? link : null) };
		},
		views: {
			pageview: {
				with_page: () => ({ fail: (handler) => handler(answer) }),
			},
		},
	};
	return { desk, link };
}

test("the message names the refused workspace, escaped, in Vietnamese", () => {
	assert.equal(refusalMessage(REFUSED, translate, escape), "Trang “Quản lý giáo dục” không dành cho tài khoản của bạn.");
	assert.equal(refusalMessage({ workspace: "<b>x</b>" }, translate, escape).includes("<b>"), false);
});

test("the button leads to the reader's own workspace, or is Frappe's when they have none", () => {
	assert.deepEqual(homeButton(REFUSED, translate), { href: "/app/giáo-viên", label: "Về trang “Giáo viên”" });
	assert.equal(homeButton({ workspace: "X", home: null }, translate), null);
});

test("a refused workspace gets a page behind the dialog, with the link to the reader's own", () => {
	const { desk, link } = fakeDesk(["quản-lý-giáo-dục"], { responseJSON: { hoso_refused: REFUSED } });
	drawRefusedPages(desk, translate);
	desk.views.pageview.with_page("quản-lý-giáo-dục", () => {});
	assert.equal(desk.drawn.length, 1);
	assert.equal(desk.drawn[0].page_name, "quản-lý-giáo-dục");
	assert.match(desk.drawn[0].message, /không dành cho tài khoản của bạn/);
	assert.equal(link.attributes.href, "/app/giáo-viên");
	assert.equal(link.textContent, "Về trang “Giáo viên”");
	assert.equal(desk.title, "Quản lý giáo dục");
});

test("other failures, and a reader who has moved on, are left to Frappe", () => {
	const other = fakeDesk(["x"], { responseJSON: { exc_type: "DoesNotExistError" } });
	drawRefusedPages(other.desk, translate);
	other.desk.views.pageview.with_page("x", () => {});
	assert.equal(other.desk.drawn.length, 0);
	const moved = fakeDesk(["giáo-viên"], { responseJSON: { hoso_refused: REFUSED } });
	drawRefusedPages(moved.desk, translate);
	moved.desk.views.pageview.with_page("quản-lý-giáo-dục", () => {});
	assert.equal(moved.desk.drawn.length, 0);
});
