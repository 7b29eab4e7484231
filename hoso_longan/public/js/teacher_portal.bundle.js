// The teachers' portal (/giao-vien): one bundle for its pages, built by `bench build` (Frappe's esbuild) into
// /assets/hoso_longan/dist/js/. Each page's server template puts its data in #portal-data and names the page
// in #portal-app[data-page]; the page's module draws it. The modules are plain ES modules (./portal/),
// unit-tested with node's own test runner (tests/js).

import { startHomePage } from "./portal/home_page.js";
import { startHomeroomPage } from "./portal/homeroom_page.js";
import { startPlansPage } from "./portal/plans_page.js";
import { startScoresPage } from "./portal/scores_page.js";
import { startSigningPage } from "./portal/signing_page.js";

const PAGES = {
	home: startHomePage,
	scores: startScoresPage,
	homeroom: startHomeroomPage,
	plans: startPlansPage,
	signing: startSigningPage,
};

function start() {
	const root = document.getElementById("portal-app");
	const source = document.getElementById("portal-data");
	if (!root || !source) return;
	const page = PAGES[root.dataset.page];
	if (page) page(root, JSON.parse(source.textContent));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
