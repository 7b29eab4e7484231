"""The setup wizard's regional data, with Vietnam's time zone.

Frappe's country list gives Vietnam no time zone, so the setup wizard preselects the first of the world
(Africa/Abidjan) and a new site of this app kept a foreign time zone. The wizard's own method is wrapped
(``override_whitelisted_methods``) to add Asia/Ho_Chi_Minh; everything else is Frappe's answer unchanged.
"""

from __future__ import annotations

import copy

import frappe
from frappe.geo.country_info import get_country_timezone_info as frappe_country_timezone_info

from hoso_longan.setup.site import TIME_ZONE


@frappe.whitelist(allow_guest=True)
def get_country_timezone_info() -> dict:
	data = copy.deepcopy(frappe_country_timezone_info())
	vietnam = data.get("country_info", {}).get("Vietnam")
	if vietnam is not None and not vietnam.get("timezones"):
		vietnam["timezones"] = [TIME_ZONE]
	return data
