// Loaded on every desk page (hooks.app_include_js): small corrections to Frappe's own desk.

import { drawRefusedPages } from "./desk/refused_page.js";
import { emptyForNothing, translateLabels } from "./desk/timeline_words.js";

translateLabels(frappe.meta, __);
emptyForNothing(frappe.utils);
drawRefusedPages(frappe, __);
