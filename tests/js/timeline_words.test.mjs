// The activity timeline's words: labels of changed rows translated, an empty old value shown empty.
import assert from "node:assert/strict";
import { test } from "node:test";

import { emptyForNothing, translateLabels } from "../../hoso_longan/public/js/desk/timeline_words.js";

test("a row field's label comes back translated, with its doctype as the context", () => {
	const meta = { labels: { conduct_level: "Conduct Level" }, get_label(doctype, fieldname) { return this.labels[fieldname] || fieldname; } };
	const asked = [];
	translateLabels(meta, (text, replace, context) => {
		asked.push([text, context]);
		return { "Conduct Level": "Mức rèn luyện" }[text] || text;
	});
	assert.equal(meta.get_label("Conduct Assessment Row", "conduct_level"), "Mức rèn luyện");
	assert.equal(meta.get_label("Conduct Assessment Row", "remark"), "remark");
	assert.deepEqual(asked[0], ["Conduct Level", "Conduct Assessment Row"]);
});

test("nothing reads as empty, not as the word null; text is still turned from HTML as before", () => {
	const utils = { html2text: (html) => String(html).replace(/<[^>]+>/g, "") };
	emptyForNothing(utils);
	assert.equal(utils.html2text(null), "");
	assert.equal(utils.html2text(undefined), "");
	assert.equal(utils.html2text("<b>Tốt</b>"), "Tốt");
	assert.equal(utils.html2text(0), "0");
});
