// Drafts on the device: kept on every change, restored after a reload, judged against the server.
import assert from "node:assert/strict";
import { test } from "node:test";

import { DraftStore, cellKey, reconcile } from "../../hoso_longan/public/js/portal/drafts.js";

class MemoryStorage {
	constructor() {
		this.items = new Map();
	}
	getItem(key) {
		return this.items.has(key) ? this.items.get(key) : null;
	}
	setItem(key, value) {
		this.items.set(key, String(value));
	}
	removeItem(key) {
		this.items.delete(key);
	}
}

test("a draft survives a new page (a new store on the same storage) and an empty draft removes itself", () => {
	const storage = new MemoryStorage();
	new DraftStore(storage, "k").save({ [cellKey("HS1", "tx1")]: { base: "", value: "6,5" } }, 1000);
	const draft = new DraftStore(storage, "k").load();
	assert.deepEqual(draft.cells[cellKey("HS1", "tx1")], { base: "", value: "6,5" });
	assert.equal(draft.saved_at, 1000);
	new DraftStore(storage, "k").save({});
	assert.equal(storage.getItem("k"), null);
});

test("a damaged or foreign draft is dropped, never thrown at the teacher", () => {
	const storage = new MemoryStorage();
	storage.setItem("k", "{not json");
	assert.equal(new DraftStore(storage, "k").load(), null);
	assert.equal(storage.getItem("k"), null);
	storage.setItem("k", JSON.stringify({ version: 99, cells: {} }));
	assert.equal(new DraftStore(storage, "k").load(), null);
});

test("a full or disabled storage is reported, not thrown", () => {
	const broken = { setItem() { throw new Error("QuotaExceededError"); }, getItem() { throw new Error("denied"); }, removeItem() {} };
	assert.equal(new DraftStore(broken, "k").save({ a: { base: "", value: "1" } }), false);
	assert.equal(new DraftStore(broken, "k").load(), null);
});

test("reconcile: restore what the server does not have, drop what it has, flag what changed meanwhile", () => {
	const draft = {
		cells: {
			a: { base: "", value: "6.5" }, // server still empty: restore
			b: { base: "", value: "7" }, // server has 7: saved already
			c: { base: "5", value: "8" }, // server has 9: a co-teacher changed it
			d: { base: "", value: "1" }, // no such cell any more
		},
	};
	const server = { a: "", b: "7", c: "9" };
	const result = reconcile(draft, (key) => server[key]);
	assert.deepEqual(result.restore, [{ key: "a", base: "", value: "6.5" }]);
	assert.deepEqual(result.saved, ["b"]);
	assert.deepEqual(result.conflicts, [{ key: "c", base: "5", mine: "8", theirs: "9" }]);
	assert.deepEqual(result.unknown, ["d"]);
});
