// A workspace the reader may not open (say a teacher types /app/quản-lý-giáo-dục): the desk asks the server
// for a Page of that name, the app's override answers 403 with a Vietnamese refusal (overrides/refusals.py),
// Frappe shows it in a dialog and draws nothing behind it (pageview.show waits for a success that never
// comes). Behind the dialog this draws a page that says the workspace is not theirs and leads to their own.

export function refusalMessage(refused, translate, escape) {
	return translate("The page “{0}” is not for your account.", [escape(refused.workspace)]);
}

export function homeButton(refused, translate) {
	if (!refused.home) return null;
	return { href: refused.home.route, label: translate("Go to “{0}”", [refused.home.title]) };
}

export function drawRefusedPages(frappe, translate) {
	const pageview = frappe.views.pageview;
	const withPage = pageview.with_page;
	pageview.with_page = function (name, callback) {
		const call = withPage.call(this, name, callback);
		if (call && typeof call.fail === "function") {
			call.fail((xhr) => {
				const refused = xhr && xhr.responseJSON && xhr.responseJSON.hoso_refused;
				// only if the reader is still on the refused address
				if (refused && frappe.get_route()[0] === name) drawRefusal(frappe, translate, name, refused);
			});
		}
		return call;
	};
}

function drawRefusal(frappe, translate, name, refused) {
	frappe.show_message_page({
		page_name: name,
		message: refusalMessage(refused, translate, frappe.utils.escape_html),
		img: "/assets/frappe/images/ui/bubble-tea-sorry.svg",
	});
	const button = homeButton(refused, translate);
	const link = button && frappe.pages[name] && frappe.pages[name].querySelector(".btn-home");
	if (link) {
		link.setAttribute("href", button.href);
		link.textContent = button.label;
	}
	frappe.utils.set_title(refused.workspace);
}
