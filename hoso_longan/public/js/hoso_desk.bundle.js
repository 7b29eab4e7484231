// Loaded on every desk page (hooks.app_include_js): small corrections to Frappe's own desk.

import { emptyForNothing, translateLabels } from "./desk/timeline_words.js";

translateLabels(frappe.meta, __);
emptyForNothing(frappe.utils);
