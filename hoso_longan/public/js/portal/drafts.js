// Drafts of a grid kept on the device (localStorage), so nothing typed is lost when the connection drops or
// the tab closes. A draft holds every unsaved cell with the value it replaced (``base``); when the page comes
// back, each cell is judged against what the server has now:
//  - the server still has the base: the draft's value is restored as an unsaved change;
//  - the server already has the draft's value: it was saved, nothing to restore;
//  - the server has something else: a co-teacher changed it meanwhile: a conflict to resolve.

export const DRAFT_VERSION = 1;

export class DraftStore {
	constructor(storage, key) {
		this.storage = storage;
		this.key = key;
	}

	// ``cells``: { "student\u0000field": { base, value } }
	save(cells, now = Date.now()) {
		const entries = Object.entries(cells);
		try {
			if (!entries.length) {
				this.storage.removeItem(this.key);
				return true;
			}
			this.storage.setItem(this.key, JSON.stringify({ version: DRAFT_VERSION, saved_at: now, cells }));
			return true;
		} catch (error) {
			return false; // storage full or disabled: the page says the draft could not be kept
		}
	}

	load() {
		let raw = null;
		try {
			raw = this.storage.getItem(this.key);
		} catch (error) {
			return null;
		}
		if (!raw) return null;
		try {
			const draft = JSON.parse(raw);
			if (draft && draft.version === DRAFT_VERSION && draft.cells && typeof draft.cells === "object") {
				return draft;
			}
		} catch (error) {
			// a damaged draft is dropped below
		}
		this.clear();
		return null;
	}

	clear() {
		try {
			this.storage.removeItem(this.key);
		} catch (error) {
			// nothing to clear
		}
	}
}

export function cellKey(student, field) {
	return `${student}\u0000${field}`;
}

export function splitKey(key) {
	const [student, field] = key.split("\u0000");
	return { student, field };
}

// → { restore: [{key, base, value}], saved: [key], conflicts: [{key, base, mine, theirs}], unknown: [key] }
export function reconcile(draft, serverValue, same = (a, b) => a === b) {
	const result = { restore: [], saved: [], conflicts: [], unknown: [] };
	if (!draft) return result;
	for (const [key, cell] of Object.entries(draft.cells)) {
		const theirs = serverValue(key);
		if (theirs === undefined) {
			result.unknown.push(key); // the student or column is no longer in the grid
		} else if (same(theirs, cell.value)) {
			result.saved.push(key);
		} else if (same(theirs, cell.base)) {
			result.restore.push({ key, base: cell.base, value: cell.value });
		} else {
			result.conflicts.push({ key, base: cell.base, mine: cell.value, theirs });
		}
	}
	return result;
}
